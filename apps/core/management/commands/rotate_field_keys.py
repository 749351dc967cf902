"""Re-encrypt every encrypted column, every stored document and every export file under the newest key.

Rotation (docs/operator-guide.md): put a new key first in FIELD_ENCRYPTION_KEYS, restart,
run this command, run it again with `--check`, and only when that reports nothing left
remove the old key. Rows are rewritten in batches with raw values, so nothing is decrypted
into memory longer than needed and no model logic (audit, versions) runs. Documents are
re-encrypted file by file, each replaced in one step; files already under the newest key
are skipped, so an interrupted run simply continues where it stopped when started again.
"""

import time

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.core.chunked import export_storage, needs_reencryption, reencrypt
from apps.core.fields import (
    EncryptedBinaryField,
    EncryptedTextField,
    cipher,
    rotate,
    under_newest_key,
    value_under_newest_key,
)
from apps.core.storage import document_storage

PROGRESS_SECONDS = 10


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields and stored documents under the newest key."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--skip-documents", action="store_true", help="Only the database columns.")
        parser.add_argument(
            "--check", action="store_true",
            help="Change nothing; fail if any value or document still needs an older key.",
        )

    def handle(self, *args, **options):
        check = options["check"]
        left = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            if check:
                old = self._count_old_values(model, fields, options["batch_size"])
                left += old
                self.stdout.write(f"{model._meta.label}: {old} values under an older key")
            else:
                count = self._rotate_model(model, fields, options["batch_size"])
                self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if isinstance(field, EncryptedBinaryField):
                    left += self._binary(model, field, check=check)
        if not options["skip_documents"]:
            left += self._documents(check=check)
            left += self._exports(check=check)
        if check and left:
            raise CommandError(f"{left} values or documents still need an older key; keep it and run rotate_field_keys")
        if check:
            self.stdout.write("Everything is encrypted under the newest key; older keys may be removed.")

    def _documents(self, *, check: bool) -> int:
        """Re-encrypt (or, with check, count) the stored documents; returns what is left
        under an older key. Unreadable files make the command fail after the walk."""
        storage = document_storage()
        names = list(storage.walk())
        done = current = 0
        unreadable = []
        last_report = time.monotonic()
        for index, name in enumerate(names, start=1):
            try:
                if check:
                    current += not storage.reencrypt_needed(name)
                elif storage.reencrypt(name):
                    done += 1
                else:
                    current += 1
            except InvalidToken:
                unreadable.append(name)
            if time.monotonic() - last_report >= PROGRESS_SECONDS:
                last_report = time.monotonic()
                self.stdout.write(f"documents: {index}/{len(names)} checked, {done} re-encrypted")
        old = len(names) - current - done - len(unreadable)
        if check:
            self.stdout.write(f"documents: {len(names)} files, {old} under an older key")
        else:
            self.stdout.write(f"documents: {len(names)} files, {done} re-encrypted, "
                              f"{current} already under the newest key")
        if unreadable:
            shown = ", ".join(unreadable[:20])
            raise CommandError(f"{len(unreadable)} documents cannot be decrypted with any configured key: {shown}")
        return old

    def _exports(self, *, check: bool) -> int:
        """Export files (apps.core.chunked), chunk by chunk; returns what is left under an
        older key. An unreadable export is reported, not fatal: it expires within days."""
        storage = export_storage()
        try:
            names = storage.listdir("")[1]
        except FileNotFoundError:
            names = []
        old = done = 0
        for name in sorted(names):
            try:
                if check:
                    old += needs_reencryption(storage, name)
                else:
                    done += reencrypt(storage, name)
            except (InvalidToken, FileNotFoundError):  # expired meanwhile, or under no key
                self.stdout.write(f"exports: {name} cannot be read with any configured key")
        self.stdout.write(f"exports: {len(names)} files, {old if check else done} "
                          f"{'under an older key' if check else 're-encrypted'}")
        return old

    def _binary(self, model, field, *, check: bool) -> int:
        """Files kept in the database as raw Fernet tokens (EncryptedBinaryField), one row at a
        time (each may be megabytes). Returns the values left under an older key."""
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        column = connection.ops.quote_name(field.column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk} FROM {table} ORDER BY {pk}")  # noqa: S608 - names from _meta
            ids = [row[0] for row in cursor.fetchall()]
        old = done = 0
        for row_id in ids:
            with transaction.atomic(), connection.cursor() as cursor:
                lock = " FOR UPDATE" if connection.vendor == "postgresql" and not check else ""
                cursor.execute(f"SELECT {column} FROM {table} WHERE {pk} = %s{lock}", [row_id])  # noqa: S608
                found = cursor.fetchone()
                value = bytes(found[0]) if found and found[0] is not None else b""
                if not value or under_newest_key(value):
                    continue
                if check:
                    old += 1
                    continue
                cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                               [cipher().rotate(value), row_id])
                done += 1
        self.stdout.write(f"{model._meta.label}.{field.name}: {len(ids)} files, "
                          f"{old if check else done} {'under an older key' if check else 're-encrypted'}")
        return old

    def _count_old_values(self, model, fields, batch_size) -> int:
        old = 0
        for row in self._batches(model, fields, batch_size, lock=False):
            old += sum(1 for value in row[1:] if value and not value_under_newest_key(value))
        return old

    def _batches(self, model, fields, batch_size, *, lock: bool):
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        columns = [connection.ops.quote_name(f.column) for f in fields]
        last = None
        while True:
            with connection.cursor() as cursor:
                where = f"WHERE {pk} > %s " if last is not None else ""
                lock_clause = " FOR UPDATE" if lock and connection.vendor == "postgresql" else ""
                cursor.execute(f"SELECT {pk}, {', '.join(columns)} FROM {table} {where}"  # noqa: S608
                               f"ORDER BY {pk} LIMIT %s{lock_clause}",
                               [*([last] if last is not None else []), batch_size])
                rows = cursor.fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]

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
