"""Encrypted file storage for uploaded documents (passports, medical reports, …).

Files go through Django's storage API, always encrypted before they are written
(DESIGN.md §3). The bytes are a Fernet token under the same keys as the encrypted text
fields (settings.FIELD_ENCRYPTION_KEYS, newest first; older keys still decrypt), so a
key rotation covers documents as well.

`EncryptingStorageMixin` works on top of any Django storage: `EncryptedFileSystemStorage`
(local disk, the default) and `apps.core.storage_s3.EncryptedS3Storage` (S3-compatible
object storage through django-storages, `DOCUMENT_STORAGE=s3`; a module of its own so that
no process without it imports boto3); the models and services do not change. Storages
of this kind have no public URL: documents are only served through audited views.
"""

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.http import HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header

from apps.core.fields import cipher, under_newest_key

DOCUMENTS_STORAGE_ALIAS = "documents"
# Temporary files of an interrupted re-encryption start with this; listings skip them.
ROTATION_TEMP_PREFIX = ".rotating-"


class DocumentUnreadable(Exception):
    """A stored document cannot be read: its file is missing, or none of the configured
    keys decrypts it (typically an old key was removed before `rotate_field_keys` had
    re-encrypted every document)."""


class EncryptingStorageMixin:
    """Encrypts on save, decrypts on open. `size()` of a stored file is the ciphertext's;
    callers keep the plaintext size themselves (Document.size)."""

    def _save(self, name, content):
        content.seek(0)
        plain = b"".join(content.chunks())
        return super()._save(name, ContentFile(cipher().encrypt(plain)))

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("encrypted files are written through save(), never opened for writing")
        return ContentFile(cipher().decrypt(self._read_token(name)), name=name)

    def _read_token(self, name) -> bytes:
        with super()._open(name, "rb") as stored:
            return stored.read()

    def reencrypt(self, name) -> bool:
        """Re-encrypt one stored file under the newest key; False if it already was.

        Raises cryptography's InvalidToken when no configured key decrypts the file.
        """
        token = self._read_token(name)
        if under_newest_key(token):
            return False
        self._replace(name, cipher().rotate(token))
        return True

    def reencrypt_needed(self, name) -> bool:
        """Whether a stored file is still under an older key (InvalidToken: under none)."""
        token = self._read_token(name)
        if under_newest_key(token):
            return False
        cipher().extract_timestamp(token)  # verifies the HMAC under every configured key
        return True

    def _replace(self, name, data: bytes) -> None:
        """Overwrite a stored file in one step, so that a crash leaves the old or the new
        token, never half of one. This default saves over the name, which object stores
        do atomically (S3 with `file_overwrite`); EncryptedFileSystemStorage renames."""
        saved = super()._save(name, ContentFile(data))
        if saved != name:
            super().delete(saved)
            raise ValueError(f"{type(self).__name__} cannot overwrite {name}; override _replace()")

    def walk(self, path: str = "") -> Iterator[str]:
        """Every stored file name below path (temporary files of a rotation excepted)."""
        try:
            directories, files = self.listdir(path)
        except FileNotFoundError:
            return
        for file in sorted(files):
            if not file.startswith(ROTATION_TEMP_PREFIX):
                yield f"{path}/{file}" if path else file
        for directory in sorted(directories):
            yield from self.walk(f"{path}/{directory}" if path else directory)

    def url(self, name):
        raise ValueError("encrypted documents have no public URL; serve them through an audited view")


@deconstructible(path="apps.core.storage.EncryptedFileSystemStorage")
class EncryptedFileSystemStorage(EncryptingStorageMixin, FileSystemStorage):
    """Local disk under settings.DOCUMENT_ROOT (outside MEDIA_ROOT: no web server serves it).

    The location is read from the settings on every use, so that tests can point it at a
    temporary directory.
    """

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.DOCUMENT_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def _replace(self, name, data: bytes) -> None:
        # A temporary file in the same directory, then rename(2): atomic on POSIX.
        path = self.path(name)
        descriptor, temporary = tempfile.mkstemp(prefix=ROTATION_TEMP_PREFIX, dir=os.path.dirname(path))
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            if not os.path.exists(path):
                # Deleted (e.g. purged) since it was read: never bring personal data back.
                os.unlink(temporary)
                return
            os.replace(temporary, path)
            _fsync_directory(os.path.dirname(path))  # the rename itself survives a crash
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise


def _fsync_directory(directory: str) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def document_storage():
    """The storage behind Document.file (settings.STORAGES["documents"])."""
    return storages[DOCUMENTS_STORAGE_ALIAS]


# --- Serving: how a stored document leaves the server (web views and API alike) ----------

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# A preview is a page of its own (opened in a new tab): nothing in it may run or load.
PREVIEW_CSP = "sandbox; default-src 'none'; img-src 'self'; object-src 'self'"


def safe_filename(original_name: str, content_type: str) -> str:
    """The user's file name reduced to harmless characters, with the extension of the
    content actually stored (never the one the uploader claimed)."""
    stem, dot, extension = original_name.rpartition(".")
    if not dot or not extension.isalnum() or len(extension) > 5:
        stem = original_name
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[\x00-\x1f\x7f/\\\"';:*?<>|%]+", "_", stem).strip(" ._")[:100]
    return f"{stem or 'document'}.{EXTENSIONS.get(content_type, 'bin')}"


def file_response(data: bytes, *, content_type: str, filename: str, inline: bool = False) -> HttpResponse:
    """The bytes as an attachment (or, for a preview, inline in a sandbox), never cached and
    never content-sniffed. Non-ASCII names use RFC 5987 (filename*=utf-8'')."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    if inline:
        # Set here, django-csp leaves a response's own policy alone.
        response["Content-Security-Policy"] = PREVIEW_CSP
    return response
