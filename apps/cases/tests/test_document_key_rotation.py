"""Key rotation covers documents: after rotate_field_keys and removing the old key, every
document downloads; a document no key can decrypt gives a page and a failed audit entry."""

import io
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.cases import services
from apps.cases.models import Document, DocumentType
from apps.cases.tests.test_documents import JPEG, PDF, PNG, upload_file
from apps.core.storage import document_storage

pytestmark = pytest.mark.django_db

FILES = [("pass.pdf", PDF, "application/pdf"), ("photo.png", PNG, "image/png"), ("scan.jpg", JPEG, "image/jpeg")]


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path):
    settings.DOCUMENT_ROOT = tmp_path / "documents"
    return settings.DOCUMENT_ROOT


@pytest.fixture
def documents(personas, iom_case):
    return [
        services.document_upload(actor=personas.counsellor, case=iom_case, person=None,
                                 document_type=DocumentType.PASSPORT, title=f"Document {name}",
                                 uploaded_file=upload_file(name, content, content_type))
        for name, content, content_type in FILES
    ]


def rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", *args, stdout=out)
    return out.getvalue()


def raw(document: Document, root) -> bytes:
    return (Path(root) / document.file.name).read_bytes()


def test_after_rotation_and_removing_the_old_key_every_document_downloads(
    client, settings, personas, documents,
):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]

    output = rotate()
    assert "documents: 3 files, 3 re-encrypted, 0 already under the newest key" in output
    assert "Everything is encrypted under the newest key" in rotate("--check")

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    client.force_login(personas.counsellor)
    for document, (_name, content, _type) in zip(documents, FILES, strict=True):
        response = client.get(reverse("cases:document_download", args=[document.pk]))
        assert response.status_code == 200
        assert response.content == content
    assert AuditEntry.objects.filter(action="document.downloaded").count() == 3


def test_check_fails_while_documents_still_need_the_old_key(settings, documents):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), settings.FIELD_ENCRYPTION_KEYS[0]]
    rotate("--skip-documents")

    with pytest.raises(CommandError, match="3 values or documents still need an older key"):
        rotate("--check")


def test_an_interrupted_rotation_continues_and_skips_what_is_done(settings, documents):
    root = settings.DOCUMENT_ROOT
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), settings.FIELD_ENCRYPTION_KEYS[0]]
    # The first run "crashed" after one document: that one is already under the new key.
    assert document_storage().reencrypt(documents[0].file.name) is True
    done = raw(documents[0], root)

    output = rotate()

    assert "documents: 3 files, 2 re-encrypted, 1 already under the newest key" in output
    assert raw(documents[0], root) == done  # skipped, not encrypted again
    assert "documents: 3 files, 0 re-encrypted, 3 already under the newest key" in rotate()


def test_rotation_leaves_no_temporary_files(settings, documents):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), settings.FIELD_ENCRYPTION_KEYS[0]]
    rotate()

    names = sorted(p.name for p in Path(settings.DOCUMENT_ROOT).rglob("*") if p.is_file())
    assert names == sorted(Path(d.file.name).name for d in documents)


def test_rotation_reports_progress(settings, documents, monkeypatch):
    from apps.core.management.commands import rotate_field_keys

    monkeypatch.setattr(rotate_field_keys, "PROGRESS_SECONDS", 0)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), settings.FIELD_ENCRYPTION_KEYS[0]]

    output = rotate()

    assert "documents: 1/3 checked, 1 re-encrypted" in output
    assert "documents: 2/3 checked, 2 re-encrypted" in output


def test_a_document_no_key_decrypts_fails_the_rotation_by_name(settings, documents):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), settings.FIELD_ENCRYPTION_KEYS[0]]
    rotate("--skip-documents")
    foreign = Fernet(Fernet.generate_key()).encrypt(b"written under a lost key")
    (Path(settings.DOCUMENT_ROOT) / documents[1].file.name).write_bytes(foreign)

    with pytest.raises(CommandError, match=f"1 documents cannot be decrypted.*{documents[1].file.name}"):
        rotate()
    # The others were re-encrypted all the same.
    assert document_storage().reencrypt_needed(documents[0].file.name) is False


@pytest.mark.parametrize("view,attempt", [("cases:document_download", "downloaded"),
                                          ("cases:document_preview", "previewed")])
def test_an_undecryptable_document_gives_a_page_and_a_failed_audit_entry(
    client, settings, personas, documents, view, attempt,
):
    document = documents[0]
    (Path(settings.DOCUMENT_ROOT) / document.file.name).write_bytes(
        Fernet(Fernet.generate_key()).encrypt(b"under a removed key"))
    client.force_login(personas.counsellor)

    response = client.get(reverse(view, args=[document.pk]), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert "cases/document_unreadable.html" in [t.name for t in response.templates]
    assert b"cannot be read" in response.content
    entry = AuditEntry.objects.get(action="document.read_failed")
    assert entry.details == {"attempt": attempt, "reason": "undecryptable"}
    assert (entry.actor, entry.object_id) == (personas.counsellor, str(document.pk))
    assert not AuditEntry.objects.filter(action=f"document.{attempt}").exists()


def test_a_missing_file_gives_the_same_page(client, settings, personas, documents):
    (Path(settings.DOCUMENT_ROOT) / documents[0].file.name).unlink()
    client.force_login(personas.counsellor)

    response = client.get(reverse("cases:document_download", args=[documents[0].pk]))

    assert response.status_code == 503
    assert AuditEntry.objects.get(action="document.read_failed").details["reason"] == "missing"
