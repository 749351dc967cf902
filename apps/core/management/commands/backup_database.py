"""`manage.py backup_database`: one backup set — the database dump, the document files and a
manifest — plus the keys file for a separate destination (deploy/backup.sh calls it).

The row counts in the manifest and the dump come from the same snapshot: the command opens a
REPEATABLE READ transaction, exports its snapshot and lets `pg_dump --snapshot` read exactly
what the counts saw, so a restore test can demand equal counts even when the backup ran
while the application was writing. The documents are copied after the dump (every document
row in the dump has its file; a file uploaded later is merely extra) as their stored,
encrypted bytes, through the storage API, so the same command backs up local disk and S3.
`manage.py restore_check` verifies a restored set against the manifest.
"""

import datetime
import hashlib
import io
import json
import os
import shlex
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.core.storage import document_storage

MANIFEST_FORMAT = 1


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        # Table names come from the catalogue, quoted: no input reaches this statement.
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _private_file(path: Path):
    """Open a new file readable by its owner only (keys, dumps: never world-readable)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


class Command(BaseCommand):
    # Operational commands: they must run even where an unrelated check would fail.
    requires_system_checks = []
    help = "Dump the database (pg_dump custom format) and the documents, write a manifest with row counts."

    def add_arguments(self, parser):
        parser.add_argument("--dump", required=True, type=Path, help="the database dump to write (pg_dump -Fc)")
        parser.add_argument("--documents", required=True, type=Path, help="the tar of the stored documents to write")
        parser.add_argument("--manifest", required=True, type=Path, help="the manifest (JSON) to write")
        parser.add_argument(
            "--keys-file", type=Path,
            help="write FIELD_ENCRYPTION_KEYS, SECRET_KEY and AUDIT_CHECKPOINT_KEYS here (mode 0600); "
                 "it belongs on another medium than the rest of the set",
        )
        parser.add_argument("--pg-dump", default="pg_dump",
                            help="the pg_dump binary (same major version as the server or newer)")

    def handle(self, *args, dump, documents, manifest, keys_file, pg_dump, **options):
        if connection.vendor != "postgresql":
            raise CommandError("backup_database needs PostgreSQL; back up SQLite with sqlite3 .backup "
                               "(docs/operator-guide.md section 4)")
        for path in (dump, documents, manifest, keys_file):
            if path is not None and path.exists():
                raise CommandError(f"{path} exists; a backup never overwrites one")
        started = datetime.datetime.now(datetime.UTC)
        counts = self._dump(dump, pg_dump)
        files = self._documents(documents)
        if keys_file is not None:
            self._keys(keys_file)
        data = {
            "format": MANIFEST_FORMAT,
            "created_at": started.isoformat(timespec="seconds"),
            "database": {"file": dump.name, "sha256": sha256_of(dump), "tables": counts},
            "documents": {"file": documents.name, "sha256": sha256_of(documents), "files": files},
            "keys_file": keys_file.name if keys_file is not None else None,
        }
        with _private_file(manifest) as handle:
            handle.write(json.dumps(data, indent=1, sort_keys=True).encode())
        self.stdout.write(f"Backup: {len(counts)} tables, {sum(counts.values()):,} rows, {files} document files.")

    def _dump(self, dump: Path, pg_dump: str) -> dict[str, int]:
        db = settings.DATABASES["default"]
        env = dict(os.environ)
        if db.get("PASSWORD"):
            env["PGPASSWORD"] = db["PASSWORD"]
        with transaction.atomic(), connection.cursor() as cursor:
            # Must be the transaction's first statement.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            command = [pg_dump, "--format=custom", f"--file={dump}", f"--snapshot={snapshot}", "--no-password",
                       f"--dbname={db['NAME']}"]
            for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
                if db.get(key):
                    command.append(f"{option}={db[key]}")
            # The dump runs while this transaction holds the snapshot; the counts read the same one.
            process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)  # noqa: S603 (operator's settings)
            counts = table_counts(cursor)
            _, stderr = process.communicate()
            if process.returncode != 0:
                dump.unlink(missing_ok=True)
                raise CommandError(f"pg_dump failed ({process.returncode}): {stderr.decode(errors='replace').strip()}")
        os.chmod(dump, 0o600)
        return counts

    @staticmethod
    def _documents(target: Path) -> int:
        count = 0
        with _private_file(target) as handle, tarfile.open(fileobj=handle, mode="w") as archive:
            storage = document_storage()
            for name in storage.walk():
                # The stored token as it is, still encrypted: the tar is as unreadable as the disk.
                data = storage._read_token(name)
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mode = 0o600
                archive.addfile(info, io.BytesIO(data))
                count += 1
        return count

    @staticmethod
    def _keys(target: Path) -> None:
        # Shell syntax (quoted), so that restore-check.sh and an operator can source it.
        values = {
            "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
            "SECRET_KEY": settings.SECRET_KEY,
            "AUDIT_CHECKPOINT_KEYS": ",".join(settings.AUDIT_CHECKPOINT_KEYS),
        }
        lines = ["# ReturnNet keys for the backup set of the same time stamp. Keep apart from the backups."]
        lines += [f"{name}={shlex.quote(value)}" for name, value in values.items() if value]
        with _private_file(target) as handle:
            handle.write(("\n".join(lines) + "\n").encode())
