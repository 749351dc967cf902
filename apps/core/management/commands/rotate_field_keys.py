"""Re-encrypt every encrypted column under the newest key in FIELD_ENCRYPTION_KEYS.

Rotation: put a new key first in FIELD_ENCRYPTION_KEYS, restart, run this command, then
remove the old key. Rows are rewritten in batches with raw values, so nothing is decrypted
into memory longer than needed and no model logic (audit, versions) runs.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from apps.core.fields import EncryptedTextField, rotate


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields under the newest key."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, **options):
        for model in apps.get_models():
            fields = [f for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
            if fields:
                count = self._rotate_model(model, fields, options["batch_size"])
                self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")

    def _rotate_model(self, model, fields, batch_size) -> int:
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        columns = [connection.ops.quote_name(f.column) for f in fields]
        count, last = 0, None
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                where = f"WHERE {pk} > %s " if last is not None else ""
                # Lock the batch so that an edit committed meanwhile is not overwritten.
                lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
                cursor.execute(f"SELECT {pk}, {', '.join(columns)} FROM {table} {where}"  # noqa: S608
                               f"ORDER BY {pk} LIMIT %s{lock}", [*([last] if last is not None else []), batch_size])
                rows = cursor.fetchall()
                for row in rows:
                    values = [rotate(v) if v else v for v in row[1:]]
                    assignments = ", ".join(f"{c} = %s" for c in columns)
                    cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                                   [*values, row[0]])
            if not rows:
                return count
            count += len(rows)
            last = rows[-1][0]
