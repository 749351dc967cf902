"""Base classes for every form of ReturnNet: the rules of apps.core.validation (the same as
the API's) applied to each text and date field, so that no app has to remember them.

Django's CharField already strips and refuses NUL; on top of that a text field here refuses
the other characters that cannot be stored or exported, and gets a maximum length when its
model field has none (an encrypted TextField, a free-text Textarea); a date or time must
lie between 1900 and 2100 (a year-1 time cannot even be converted to UTC).
"""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from apps.core import validation


def apply_rules(field: forms.Field) -> None:
    """Add the shared validators to one (per-instance) form field, once."""
    if getattr(field, "_shared_rules", False):
        return
    field._shared_rules = True
    if isinstance(field, forms.JSONField):
        return  # structured data of administrators (programme rules), not a text
    if isinstance(field, forms.CharField):
        field.validators.append(_storable)
        multiline = isinstance(field.widget, forms.Textarea)
        if not multiline and not isinstance(field.widget, forms.PasswordInput):
            field.validators.append(_one_line)
        field.to_python = _breaks_normalised(field.to_python, multiline)
        if isinstance(field.widget, forms.PasswordInput):
            # A password is never stored or exported as typed (only its hash): any length
            # a password manager makes must work. NUL stays refused (_storable).
            if field.max_length is None:
                field.max_length = validation.PASSWORD_MAX
                field.validators.append(MaxLengthValidator(validation.PASSWORD_MAX))
        elif field.max_length is None:
            limit = (validation.LONG_TEXT_MAX if isinstance(field.widget, forms.Textarea)
                     else validation.SHORT_TEXT_MAX)
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs.setdefault("maxlength", str(limit))
    elif isinstance(field, (forms.DateField, forms.DateTimeField)):
        field.validators.append(validation.check_date)


def _breaks_normalised(to_python, multiline: bool):
    """to_python, with the breaks Word and Excel paste (U+000B, U+000C) turned into line
    feeds (multi-line fields) or spaces (one-line fields) before the character rule."""

    def convert(value):
        if isinstance(value, str):
            value = validation.normalise_breaks(value, multiline=multiline)
        return to_python(value)

    return convert


def _storable(value) -> None:
    """The character rule for a cleaned value: a text, or the texts of a list (a CharField
    subclass may clean to a list of keys)."""
    for text in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(text, str):
            validation.check_characters(text)


def _one_line(value) -> None:
    """The bidirectional-control rule of a one-line text (apps.core.validation)."""
    for text in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(text, str):
            validation.check_bidi_controls(text)


class ValidatedFormMixin:
    """Applies apply_rules() to every field of the form instance: when it is made (so that
    the rendered inputs carry maxlength) and again before validation, for the fields a
    subclass adds in its own __init__ (assessment answers, say)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            apply_rules(field)

    def full_clean(self):
        for field in self.fields.values():
            apply_rules(field)
        super().full_clean()


class Form(ValidatedFormMixin, forms.Form):
    pass


class PeriodFilterForm(Form):
    """A filter form (sent by GET) with the fields date_from and date_to, whose use is audited:
    the shared period check and the audit details of the audit log, the account events and the
    register of disclosures. Subclasses declare the fields (with their own labels)."""

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period lies before its start."))
        return data

    def audit_details(self) -> dict:
        """The filters used (ids, codes and dates; never a name), for the entry recording the read."""
        details = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            details[name] = value.pk if hasattr(value, "pk") else (
                value.isoformat() if hasattr(value, "isoformat") else value)
        return details


class ModelForm(ValidatedFormMixin, forms.ModelForm):
    pass


class AuthenticationForm(ValidatedFormMixin, auth_forms.AuthenticationForm):
    pass


class PasswordResetForm(ValidatedFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(ValidatedFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(ValidatedFormMixin, auth_forms.PasswordChangeForm):
    pass
