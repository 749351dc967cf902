"""Encrypted files of any size, written and read in bounded memory (exports).

The documents storage (apps.core.storage) encrypts a whole file as one Fernet token, which
needs the file in memory. An export of 100,000 rows must not, so it is stored as a sequence
of Fernet tokens, each over at most CHUNK bytes of plaintext:

    b"RNX1\\n" then, per chunk, a 4-byte big-endian token length and the token.

The keys are the encrypted fields' (settings.FIELD_ENCRYPTION_KEYS, newest first, every
listed key still decrypts), so a key rotation covers these files too (`reencrypt`, called
by `manage.py rotate_field_keys`). Every token authenticates its chunk; a file cut short
or with chunks reordered does not decrypt silently wrong: each token carries its index.

The files live in the "exports" storage (settings.STORAGES), plain Django storage: the
content is already ciphertext when it reaches the storage, so any backend (local disk, S3)
works and no web server may serve it (it is outside MEDIA_ROOT).
"""

import os
import struct
import tempfile
from collections.abc import Iterator

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible

from apps.core.fields import cipher, under_newest_key

MAGIC = b"RNX1\n"
CHUNK = 1024 * 1024
EXPORTS_STORAGE_ALIAS = "exports"
_LENGTH = struct.Struct(">I")
_INDEX = struct.Struct(">Q")


class EncryptedChunkWriter:
    """A binary file object (write, tell, flush) that encrypts into `target` chunk by chunk.
    Call close() to write the last chunk; the target stays open."""

    def __init__(self, target):
        self._target = target
        self._buffer = bytearray()
        self._index = 0
        self._written = 0
        self._closed = False
        target.write(MAGIC)

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) >= CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]))
            del self._buffer[:CHUNK]
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        pass

    def seekable(self) -> bool:
        return False

    def _emit(self, plain: bytes) -> None:
        token = cipher().encrypt(_INDEX.pack(self._index) + plain)
        self._target.write(_LENGTH.pack(len(token)) + token)
        self._index += 1

    def close(self) -> None:
        if not self._closed:
            # The last chunk is always written (possibly empty): a file cut at a chunk
            # boundary then lacks it and is refused, instead of reading as complete.
            self._emit(b"\x00" + bytes(self._buffer))
            self._buffer.clear()
            self._closed = True


def _tokens(source) -> Iterator[bytes]:
    if source.read(len(MAGIC)) != MAGIC:
        raise InvalidToken("not an encrypted export file")
    while True:
        header = source.read(_LENGTH.size)
        if not header:
            return
        if len(header) != _LENGTH.size:
            raise InvalidToken("truncated")
        (length,) = _LENGTH.unpack(header)
        token = source.read(length)
        if len(token) != length:
            raise InvalidToken("truncated")
        yield token


def decrypt_chunks(source) -> Iterator[bytes]:
    """The plaintext of an encrypted file, chunk by chunk (InvalidToken when a chunk is
    missing, reordered, altered or under no configured key)."""
    finished = False
    for index, token in enumerate(_tokens(source)):
        if finished:
            raise InvalidToken("data after the last chunk")
        plain = cipher().decrypt(token)
        if _INDEX.unpack(plain[:_INDEX.size])[0] != index:
            raise InvalidToken("chunks out of order")
        body = plain[_INDEX.size:]
        # Chunks before the last carry exactly CHUNK bytes; the last starts with a 0 marker.
        if len(body) != CHUNK:
            if body[:1] != b"\x00":
                raise InvalidToken("chunk of unexpected size")
            finished = True
            body = body[1:]
        if body:
            yield body
    if not finished:
        raise InvalidToken("truncated")


@deconstructible(path="apps.core.chunked.ExportFileSystemStorage")
class ExportFileSystemStorage(FileSystemStorage):
    """Local disk under settings.EXPORT_ROOT, read from the settings on every use (tests point
    it at a temporary directory). Files here are ciphertext already; they have no URL."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.EXPORT_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("export files have no public URL; they are served through an audited view")


def export_storage():
    return storages[EXPORTS_STORAGE_ALIAS]


def needs_reencryption(storage, name) -> bool:
    """Whether any chunk of a stored file is under an older key (InvalidToken: under none)."""
    with storage.open(name, "rb") as source:
        for token in _tokens(source):
            if not under_newest_key(token):
                cipher().extract_timestamp(token)
                return True
    return False


def reencrypt(storage, name) -> bool:
    """Re-encrypt a stored file under the newest key, chunk by chunk, through a temporary
    file, then replace it; False if it already was under the newest key."""
    if not needs_reencryption(storage, name):
        return False
    with tempfile.TemporaryFile() as temporary:
        with storage.open(name, "rb") as source:
            temporary.write(MAGIC)
            for token in _tokens(source):
                rotated = cipher().rotate(token)
                temporary.write(_LENGTH.pack(len(rotated)) + rotated)
        temporary.seek(0)
        storage.delete(name)
        saved = storage.save(name, File(temporary))
    if saved != name:
        raise ValueError(f"could not replace {name}")
    return True
