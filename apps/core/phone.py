"""Phone numbers as staff and clients type them: national ("0151 0000001") or international
("+49 151 0000001", "+963 11 2345678"), German unless a country code says otherwise; stored in
E.164 ("+491510000001").

A number is accepted when libphonenumber knows it as valid, or when it has a plausible length
for its country and at least MIN_DIGITS digits. libphonenumber's validity tables lag behind
newly allocated ranges and refuse the fictitious numbers of training material; a hotline agent
writes down what the caller says, and a refused real number is worse than a wrong one (the
callback attempt tells). "12" or "abc" stay refused.
"""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.widgets import PhoneInput

DEFAULT_REGION = "DE"
MIN_DIGITS = 7  # of the national number, without the leading 0
INVALID = _("Enter a valid phone number.")


def normalise(raw: str, *, region: str = DEFAULT_REGION) -> str:
    """E.164 form of a typed phone number, "" for an empty one; ValidationError otherwise."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(INVALID, code="invalid_phone") from error
    plausible = (phonenumbers.is_possible_number_with_reason(number) == phonenumbers.ValidationResult.IS_POSSIBLE
                 and len(str(number.national_number)) >= MIN_DIGITS)
    if not (phonenumbers.is_valid_number(number) or plausible):
        raise ValidationError(INVALID, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(forms.CharField):
    """A form field that cleans to E.164 (or "")."""

    widget = PhoneInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value):
        return normalise(super().clean(value))
