"""Encryption at rest for free text (counselling summaries, notes).

Values are Fernet tokens (AES-128-CBC + HMAC-SHA256) under the keys in
settings.FIELD_ENCRYPTION_KEYS, newest first: new values use the first key, every listed key
still decrypts, and `manage.py rotate_field_keys` re-encrypts old values with the newest.
Encrypted columns cannot be searched or filtered; that is the point.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.FIELD_ENCRYPTION_KEYS))


def under_newest_key(token: bytes) -> bool:
    """Whether a raw Fernet token was made with the newest key (checks the HMAC only, no
    decryption). Fernet tokens do not name their key, so this is how a rotation that was
    interrupted knows what it has already done."""
    try:
        Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode()).extract_timestamp(token)
    except InvalidToken:
        return False
    return True


def encrypt(plain: str) -> str:
    return PREFIX + cipher().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("value is not an encrypted token")
    return cipher().decrypt(token[len(PREFIX):].encode()).decode()


def rotate(token: str) -> str:
    """Re-encrypt a stored token under the newest key."""
    return PREFIX + cipher().rotate(token[len(PREFIX):].encode()).decode()


def value_under_newest_key(token: str) -> bool:
    """under_newest_key() for a stored column value."""
    return token.startswith(PREFIX) and under_newest_key(token[len(PREFIX):].encode())


class EncryptedTextField(models.TextField):
    """A TextField whose database value is always ciphertext (empty stays empty)."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise TypeError(f"encrypted fields cannot be filtered with {lookup_name}")
        return super().get_lookup(lookup_name)
