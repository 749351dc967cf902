"""The document storage encrypts at rest with the field-encryption keys."""

from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.files.base import ContentFile

from apps.core.storage import EncryptedFileSystemStorage, document_storage, file_response, safe_filename

PLAIN = b"%PDF-1.4 Reisepass Mohammad Hosseini, geboren 17.05.1990"


@pytest.fixture
def storage(settings, tmp_path):
    settings.DOCUMENT_ROOT = tmp_path / "documents"
    return EncryptedFileSystemStorage()


def test_the_file_on_disk_does_not_contain_the_plaintext(storage, settings):
    name = storage.save("2026/01/abc", ContentFile(PLAIN))
    raw = (Path(settings.DOCUMENT_ROOT) / name).read_bytes()
    assert b"Hosseini" not in raw and b"%PDF" not in raw
    assert raw.startswith(b"gAAAAA")  # a Fernet token


def test_opening_through_the_storage_gives_the_original_bytes(storage):
    name = storage.save("a", ContentFile(PLAIN))
    with storage.open(name) as opened:
        assert opened.read() == PLAIN


def test_a_file_written_under_an_old_key_still_opens_after_rotation(storage, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    name = storage.save("a", ContentFile(PLAIN))
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    with storage.open(name) as opened:
        assert opened.read() == PLAIN
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(InvalidToken):
        storage.open(name)


def test_reencryption_never_brings_back_a_file_deleted_while_it_ran(storage, settings, monkeypatch):
    name = storage.save("a", ContentFile(PLAIN))
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    read_token = storage._read_token

    def read_then_purged(stored_name):
        token = read_token(stored_name)
        storage.delete(stored_name)  # a purge between reading and replacing
        return token

    monkeypatch.setattr(storage, "_read_token", read_then_purged)
    storage.reencrypt(name)
    assert not storage.exists(name)
    assert list((Path(settings.DOCUMENT_ROOT)).iterdir()) == []  # no temporary file left either


def test_reencryption_replaces_the_file_under_the_newest_key(storage, settings):
    name = storage.save("a", ContentFile(PLAIN))
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    assert storage.reencrypt(name) is True
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]
    with storage.open(name) as opened:
        assert opened.read() == PLAIN


def test_the_location_follows_the_setting_and_is_not_media(settings, tmp_path):
    settings.DOCUMENT_ROOT = tmp_path / "elsewhere"
    assert document_storage().location == str(tmp_path / "elsewhere")
    assert document_storage().location != str(settings.MEDIA_ROOT)


def test_documents_have_no_public_url(storage):
    with pytest.raises(ValueError):
        storage.url("a")


def test_files_cannot_be_opened_for_writing(storage):
    name = storage.save("a", ContentFile(PLAIN))
    with pytest.raises(ValueError):
        storage.open(name, "wb")


@pytest.mark.parametrize("original,content_type,expected", [
    ("Pass.pdf", "application/pdf", "Pass.pdf"),
    ("scan.PNG", "image/png", "scan.png"),
    ("photo.jpeg", "image/jpeg", "photo.jpg"),
    ("renamed.exe", "application/pdf", "renamed.pdf"),
    ('a"b;c\r\nd<e>.pdf', "application/pdf", "a_b_c_d_e.pdf"),
    ("../../etc/passwd", "application/pdf", "etc_passwd.pdf"),
    ("", "image/png", "document.png"),
    ("Bescheid Ausländerbehörde.pdf", "application/pdf", "Bescheid Ausländerbehörde.pdf"),
])
def test_download_names_are_harmless(original, content_type, expected):
    assert safe_filename(original, content_type) == expected


def test_file_responses_carry_the_protective_headers():
    response = file_response(b"x", content_type="image/png", filename="Bescheid Ä.png")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Bescheid%20%C3%84.png"
    assert (response["X-Content-Type-Options"], response["Cache-Control"]) == ("nosniff", "no-store")
    assert "Content-Security-Policy" not in response
    preview = file_response(b"x", content_type="image/png", filename="a.png", inline=True)
    assert preview["Content-Disposition"] == 'inline; filename="a.png"'
    assert preview["Content-Security-Policy"].startswith("sandbox;")
