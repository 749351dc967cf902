"""manage.py restore_check against a database and document directory that stand in for a restore.

The whole path — pg_dump, pg_restore, the scripts — runs in CI on PostgreSQL (.ci/run, "backup
and restore check"); here, on either engine and without subprocesses, the command's verdicts:
it passes on an intact set and names each kind of damage (a count that differs, a key that
does not decrypt, a missing or altered document file)."""

import json
import shutil

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from apps.cases import services
from apps.cases.models import DocumentType
from apps.core.fields import cipher
from apps.core.management.commands.backup_database import MANIFEST_FORMAT, table_counts

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nRestore check\n%%EOF\n"


@pytest.fixture
def backup(personas, iom_case, settings, tmp_path):
    """A case with a summary and a document; the manifest as backup_database writes it; the
    documents copied to a directory of their own, as restore-check.sh extracts them."""
    services.session_record(actor=personas.counsellor, case=iom_case,
                            data={"channel": "office", "language": "fa", "summary": "Wants to return in spring"})
    services.document_upload(actor=personas.counsellor, case=iom_case, person=None,
                             document_type=DocumentType.PASSPORT, title="Passport",
                             uploaded_file=SimpleUploadedFile("pass.pdf", PDF, content_type="application/pdf"))
    with connection.cursor() as cursor:
        counts = table_counts(cursor)
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"format": MANIFEST_FORMAT, "database": {"tables": counts}}))
    restored = tmp_path / "restored-documents"
    shutil.copytree(settings.DOCUMENT_ROOT, restored)
    return manifest, restored


def check(manifest, documents) -> str:
    call_command("restore_check", manifest=manifest, documents=documents, stdout=(out := _Out()))
    return out.text


class _Out:
    text = ""

    def write(self, value):
        self.text += value

    def flush(self):
        pass


def test_an_intact_restore_passes(backup):
    output = check(*backup)
    assert "Summary of counselling session" in output and "1 files present, 1 decrypted" in output
    assert "Restore check passed." in output


def test_a_row_count_that_differs_from_the_manifest_fails_naming_the_table(backup):
    manifest, documents = backup
    data = json.loads(manifest.read_text())
    data["database"]["tables"]["cases_counsellingsession"] += 1
    data["database"]["tables"]["no_such_table"] = 3
    manifest.write_text(json.dumps(data))
    with pytest.raises(CommandError) as excinfo:
        check(manifest, documents)
    assert "table cases_counsellingsession: 1 rows, manifest: 2" in str(excinfo.value)
    assert "table no_such_table is missing" in str(excinfo.value)


def test_keys_that_do_not_decrypt_the_summary_fail(backup, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="summary of counselling session #.* does not decrypt"):
        check(*backup)


def test_a_missing_document_file_fails(backup):
    manifest, documents = backup
    for path in [p for p in documents.rglob("*") if p.is_file()]:
        path.unlink()
    with pytest.raises(CommandError, match="1 of 1 documents have no file"):
        check(manifest, documents)


def test_a_document_whose_content_changed_fails(backup):
    manifest, documents = backup
    [path] = [p for p in documents.rglob("*") if p.is_file()]
    path.write_bytes(cipher().encrypt(PDF + b"tampered"))
    with pytest.raises(CommandError, match="does not match the SHA-256"):
        check(manifest, documents)


def test_an_unreadable_manifest_fails_clearly(backup, tmp_path):
    _, documents = backup
    with pytest.raises(CommandError, match="cannot read the manifest"):
        check(tmp_path / "nothing.json", documents)
