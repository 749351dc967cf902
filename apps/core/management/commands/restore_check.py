"""`manage.py restore_check`: prove that a restored backup set is whole and readable.

deploy/restore-check.sh restores a set (manage.py backup_database) into a scratch database
and a scratch document directory, then runs this command there with the keys from the
separate key backup. It checks, and exits non-zero naming the first kind of failure:

1. the schema is at this code's migrations (nothing to apply);
2. every table's row count equals the count the manifest recorded at backup time (the dump
   and the counts come from one snapshot, so they must be equal, not merely close);
3. one counselling summary decrypts with the keys given (a wrong or missing key file fails
   here, not on the day of a real restore);
4. every current document row has its file, and the newest ones decrypt to bytes whose
   SHA-256 and size match the row — what the download view would serve.

It reads, but writes nothing (no audit entries): the scratch database is thrown away.
"""

import hashlib
import json
from pathlib import Path

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.core.management.commands.backup_database import MANIFEST_FORMAT, table_counts
from apps.core.storage import EncryptedFileSystemStorage

# Enough to catch a key that decrypts the newest files but not older ones (after a rotation).
DOCUMENTS_DECRYPTED = 3
SESSIONS_LOOKED_AT = 200


class Command(BaseCommand):
    # Operational commands: they must run even where an unrelated check would fail.
    requires_system_checks = []
    help = "Verify a restored backup: row counts, a decryptable summary, downloadable documents."

    def add_arguments(self, parser):
        parser.add_argument("--manifest", required=True, type=Path, help="manifest.json of the backup set")
        parser.add_argument("--documents", required=True, type=Path,
                            help="the directory the set's documents.tar was extracted into")
        parser.add_argument("--allow-empty", action="store_true",
                            help="pass when the backup holds no counselling summary or no document to check")

    def handle(self, *args, manifest, documents, allow_empty, **options):
        expected = self._manifest(manifest)
        problems = self._migrations() + self._counts(expected["database"]["tables"])
        if problems:
            raise CommandError("restore check FAILED:\n  " + "\n  ".join(problems))
        self.stdout.write(f"Row counts: {len(expected['database']['tables'])} tables match the manifest.")
        self._summary(allow_empty)
        self._documents(documents, allow_empty)
        self.stdout.write(self.style.SUCCESS("Restore check passed."))

    @staticmethod
    def _manifest(path: Path) -> dict:
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"restore check FAILED: cannot read the manifest {path}: {error}") from error
        if data.get("format") != MANIFEST_FORMAT:
            raise CommandError(
                f"restore check FAILED: manifest format {data.get('format')!r}, expected {MANIFEST_FORMAT}")
        return data

    @staticmethod
    def _migrations() -> list[str]:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if not plan:
            return []
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in plan[:5])
        return [f"the restored schema is behind this code: {len(plan)} migrations to apply ({names}…)"]

    @staticmethod
    def _counts(recorded: dict[str, int]) -> list[str]:
        with connection.cursor() as cursor:
            actual = table_counts(cursor)
        problems = []
        for table, count in sorted(recorded.items()):
            if table not in actual:
                problems.append(f"table {table} is missing (manifest: {count} rows)")
            elif actual[table] != count:
                problems.append(f"table {table}: {actual[table]} rows, manifest: {count}")
        return problems

    def _summary(self, allow_empty: bool) -> None:
        CounsellingSession = apps.get_model("cases", "CounsellingSession")  # noqa: N806 (core imports no higher app)
        sessions = CounsellingSession.objects.order_by("-id").values_list("id", flat=True)[:SESSIONS_LOOKED_AT]
        for session_id in sessions:
            # One row at a time: an undecryptable value raises while the row is loaded.
            try:
                summary = CounsellingSession.objects.values_list("summary", flat=True).get(pk=session_id)
            except InvalidToken as error:
                raise CommandError(
                    f"restore check FAILED: the summary of counselling session #{session_id} does not decrypt "
                    "with FIELD_ENCRYPTION_KEYS (wrong or incomplete key file)") from error
            if summary:
                self.stdout.write(f"Summary of counselling session #{session_id} decrypts ({len(summary)} characters).")
                return
        if not allow_empty:
            raise CommandError("restore check FAILED: no counselling session with a summary to decrypt "
                               "(--allow-empty for an installation without any)")
        self.stdout.write("No counselling summary in the backup: decryption not checked.")

    def _documents(self, directory: Path, allow_empty: bool) -> None:
        Document = apps.get_model("cases", "Document")  # noqa: N806
        storage = EncryptedFileSystemStorage(location=str(directory))
        rows = list(Document.objects.filter(deleted_at__isnull=True).order_by("-id")
                    .values_list("id", "file", "sha256", "size"))
        missing = [f"#{pk}" for pk, name, _, _ in rows if not storage.exists(name)]
        if missing:
            raise CommandError(f"restore check FAILED: {len(missing)} of {len(rows)} documents have no file in "
                               f"the restored documents: {', '.join(missing[:10])}")
        for pk, name, sha256, size in rows[:DOCUMENTS_DECRYPTED]:
            try:
                with storage.open(name) as stored:
                    data = stored.read()
            except InvalidToken as error:
                raise CommandError(f"restore check FAILED: document #{pk} does not decrypt with "
                                   "FIELD_ENCRYPTION_KEYS (wrong or incomplete key file)") from error
            if hashlib.sha256(data).hexdigest() != sha256 or len(data) != size:
                raise CommandError(f"restore check FAILED: document #{pk} decrypts, but its content does not "
                                   "match the SHA-256 and size recorded in the database")
        if rows:
            self.stdout.write(f"Documents: {len(rows)} files present, {min(len(rows), DOCUMENTS_DECRYPTED)} "
                              "decrypted with matching SHA-256.")
        elif not allow_empty:
            raise CommandError("restore check FAILED: no document to download (--allow-empty for an "
                               "installation without any)")
        else:
            self.stdout.write("No document in the backup: downloads not checked.")
