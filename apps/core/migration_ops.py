"""Data-migration helpers shared by the apps' migrations."""

from apps.core import fields as encryption


def _rows(schema_editor, model, field_name):
    """(pk, raw column value) of the non-empty values, read past the field's decryption."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    column = model._meta.get_field(field_name).column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(model._meta.pk.column)}, {quote(column)} FROM {quote(model._meta.db_table)} "  # noqa: S608
            f"WHERE {quote(column)} <> ''")
        return cursor.fetchall()


def _write(schema_editor, model, field_name, values) -> None:
    """Write (pk, raw) pairs in batches: one statement per row would take most of an hour
    at two million persons, executemany (pipelined on psycopg 3) takes minutes."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    column = model._meta.get_field(field_name).column
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s "  # noqa: S608
           f"WHERE {quote(model._meta.pk.column)} = %s")
    values = list(values)
    with connection.cursor() as cursor:
        for start in range(0, len(values), _BATCH):
            cursor.executemany(sql, [(raw, pk) for pk, raw in values[start:start + _BATCH]])


_BATCH = 5000


def encrypt_columns(app_label: str, fields: list[tuple[str, str]]):
    """RunPython (forward, backward) for (model, field) pairs that become EncryptedTextFields.

    EncryptedTextField cannot read plaintext, so existing values are encrypted in place (and
    decrypted again when the migration is reversed); values already encrypted are left alone.
    """

    def forward(apps, schema_editor):
        for model_name, field_name in fields:
            model = apps.get_model(app_label, model_name)
            _write(schema_editor, model, field_name, (
                (pk, encryption.encrypt(raw)) for pk, raw in _rows(schema_editor, model, field_name)
                if not raw.startswith(encryption.PREFIX)))
        constraints_checked(schema_editor)

    def backward(apps, schema_editor):
        for model_name, field_name in fields:
            model = apps.get_model(app_label, model_name)
            _write(schema_editor, model, field_name, (
                (pk, encryption.decrypt(raw)) for pk, raw in _rows(schema_editor, model, field_name)
                if raw.startswith(encryption.PREFIX)))
        constraints_checked(schema_editor)

    return forward, backward


def constraints_checked(schema_editor) -> None:
    """Run PostgreSQL's deferred constraint checks of the rows just updated now: an ALTER TABLE
    later in the same migration (or in the reverse direction) is refused while such checks
    are pending ("cannot ALTER TABLE … because it has pending trigger events")."""
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
