"""Encrypted file storage for uploaded documents (passports, medical reports, …).

Files go through Django's storage API, always encrypted before they are written
(DESIGN.md §3). The bytes are a Fernet token under the same keys as the encrypted text
fields (settings.FIELD_ENCRYPTION_KEYS, newest first; older keys still decrypt), so a
key rotation covers documents as well.

`EncryptingStorageMixin` works on top of any Django storage: for S3-compatible storage in
production, combine it with `storages.backends.s3.S3Storage` in a subclass and name that
class in settings.STORAGES["documents"]; the models and services do not change. Storages
of this kind have no public URL: documents are only served through audited views.
"""

import os
import re
import unicodedata

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.http import HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header

from apps.core.fields import cipher

DOCUMENTS_STORAGE_ALIAS = "documents"


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
        with super()._open(name, "rb") as stored:
            token = stored.read()
        return ContentFile(cipher().decrypt(token), name=name)

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
