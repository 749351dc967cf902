"""Fast inserts for large demo data sets: COPY on PostgreSQL, executemany on SQLite.

Rows are plain tuples in the order of the columns a `Table` names; ids are assigned here
(from the table's current maximum), so that related rows can point at each other before
anything is written. Columns the generator does not fill get the model field's default,
so a field added later to a model does not break seeding. Values must already be what the
database stores (e.g. `CountryField(multiple=True)` as "AF,IR"); the only conversion done
here is of dates and times for SQLite, which stores them as text.
"""

from datetime import UTC

from django.core.management.color import no_style
from django.db import connection, models


class Table:
    def __init__(self, model: type[models.Model], fields: tuple[str, ...]):
        self.model = model
        self.fields = fields
        meta = model._meta
        self.db_table = meta.db_table
        own = [meta.get_field(name) for name in ("id", *fields)]
        others = [f for f in meta.concrete_fields if f not in own]
        self.columns = [f.column for f in own + others]
        self.padding = tuple(_default(f) for f in others)
        self.converters = [(i, conv) for i, conv in enumerate(map(_converter, own)) if conv is not None]
        self.next_id = 1
        self.rows: list[tuple] = []

    def start(self, cursor) -> None:
        cursor.execute(f"SELECT MAX(id) FROM {self.db_table}")  # noqa: S608 - names from _meta
        self.next_id = (cursor.fetchone()[0] or 0) + 1

    def add(self, *values) -> int:
        """Queue one row (values in the order of `fields`); returns its id."""
        pk = self.next_id
        self.next_id += 1
        self.rows.append((pk, *values))
        return pk

    def flush(self, cursor) -> int:
        rows, self.rows = self.rows, []
        if not rows:
            return 0
        if self.converters:
            rows = [_convert(row, self.converters) for row in rows]
        if self.padding:
            rows = [row + self.padding for row in rows]
        columns = ", ".join(self.columns)
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {self.db_table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(self.columns))
            cursor.executemany(f"INSERT INTO {self.db_table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
        return len(rows)


def _default(field):
    if field.has_default() or not field.null:
        return field.get_db_prep_save(field.get_default(), connection)
    return None


def _sqlite_datetime(value):
    # What Django's SQLite backend stores for an aware datetime: naive UTC as text.
    if value is None:
        return None
    if value.utcoffset():
        value = value.astimezone(UTC)
    return value.isoformat(" ")[:-6]


def _sqlite_date(value):
    return None if value is None else value.isoformat()


def _converter(field):
    if connection.vendor != "sqlite":
        return None
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime
    if isinstance(field, models.DateField):
        return _sqlite_date
    return None


def _convert(row: tuple, converters) -> tuple:
    row = list(row)
    for index, conv in converters:
        row[index] = conv(row[index])
    return tuple(row)


def raw_cursor():
    """The driver's own cursor (psycopg or sqlite3), inside Django's current transaction."""
    connection.ensure_connection()
    return connection.connection.cursor()


def reset_sequences(model_list) -> None:
    """After explicit ids, move PostgreSQL's identity sequences past them (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
