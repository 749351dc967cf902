"""Encryption at rest for free text (counselling summaries, notes).

Values are Fernet tokens (AES-128-CBC + HMAC-SHA256) under the keys in
settings.FIELD_ENCRYPTION_KEYS, newest first: new values use the first key, every listed key
still decrypts, and `manage.py rotate_field_keys` re-encrypts old values with the newest.
Encrypted columns cannot be searched or filtered; that is the point.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

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


class EncryptedIntegerField(EncryptedTextField):
    """A small whole number stored as ciphertext (the week of pregnancy): the column is text,
    the Python value an int. Encrypted like the texts, so rotate_field_keys covers it."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return int(value)
        except (TypeError, ValueError) as error:
            raise ValidationError(_("Enter a whole number."), code="invalid") from error

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        return None if value in (None, "") else int(value)

    def get_prep_value(self, value):
        if value in (None, ""):
            return None
        return encrypt(str(int(value)))

    def formfield(self, **kwargs):
        # Field.formfield, not TextField's: a number input, not a text area.
        return models.Field.formfield(self, **{"form_class": forms.IntegerField, **kwargs})


class EncryptedPhoneField(EncryptedTextField):
    """A phone number in E.164 form ("+491510000001"), encrypted. Model validation (full_clean)
    normalises what was typed and refuses what is no phone number (apps.core.phone); a value
    saved without validation is normalised when it can be. Forms get a PhoneField."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        from apps.core.phone import normalise

        return normalise(super().to_python(value) or "")

    def get_prep_value(self, value):
        # Normalised where possible, never refused here (to_python refuses in validation).
        return value if value in (None, "") else encrypt(_lenient_phone(str(value)))

    def pre_save(self, model_instance, add):
        value = _lenient_phone(str(getattr(model_instance, self.attname) or ""))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        from apps.core.phone import PhoneField

        return models.Field.formfield(self, **{"form_class": PhoneField, "max_length": self.max_length, **kwargs})


def _lenient_phone(value: str) -> str:
    from apps.core.phone import normalise

    try:
        return normalise(value)
    except ValidationError:
        return value  # stored as given; validation reports it where a form or the API writes


class EncryptedBinaryField(models.BinaryField):
    """Bytes that the owning app stores as a raw Fernet token under the field keys (an event's
    files). The app encrypts and decrypts (a file is read only when downloaded); the field
    class only marks the column so that rotate_field_keys re-encrypts it."""


def keyed_hash(purpose: str, value: str) -> str:
    """A keyed hash (HMAC-SHA256 under SECRET_KEY) of a normalised value, for the lookups an
    encrypted column cannot answer (is this e-mail address already registered?). "" stays "".
    The purpose separates the hashes of different kinds of value."""
    if not value:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
