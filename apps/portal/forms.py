"""The portal's forms. Every message a visitor reads is our own string (the client-language
catalogues have it); the bot protection comes from PortalForm (protection.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.appointments.services import normalise_phone
from apps.core.client_languages import client_languages
from apps.core.forms import Form
from apps.hotline.models import CallbackRequest
from apps.portal.protection import PortalForm, use_own_messages

PHONE_INVALID = _("Please enter a phone number we can call, for example 0151 23456789.")
EMAIL_INVALID = _("Please enter a valid e-mail address, or leave the field empty.")
POSTCODE_INVALID = _("Please enter a postcode with five digits, for example 56410.")
# The hotline stores the time window as one of its codes; the visitor reads these labels.
WINDOW_LABELS = {
    CallbackRequest.Window.ANYTIME: _("Any time"),
    CallbackRequest.Window.MORNING: _("In the morning (9 to 12)"),
    CallbackRequest.Window.MIDDAY: _("At midday (12 to 14)"),
    CallbackRequest.Window.AFTERNOON: _("In the afternoon (14 to 17)"),
}


def _phone(value: str) -> str:
    """The number in E.164 form, or our own message (the service's is for staff)."""
    try:
        return normalise_phone(value)
    except ValidationError as error:
        raise ValidationError(PHONE_INVALID, code="invalid") from error


class FindForm(Form):
    """Choose a district or type a postcode (a GET form: it changes nothing, no challenge)."""

    district = forms.ChoiceField(label=_("District or city"), required=False)
    postcode = forms.CharField(label=_("Or your postcode"), required=False, max_length=5, strip=True,
                               widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code",
                                                             "size": "6"}))

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["district"].choices = [("", _("Please choose"))] + [(d.ags, d.name) for d in districts]
        for field in self.fields.values():
            use_own_messages(field)
        self.fields["postcode"].error_messages["max_length"] = POSTCODE_INVALID

    def clean_postcode(self):
        code = self.cleaned_data["postcode"]
        if code and not (len(code) == 5 and code.isascii() and code.isdigit()):
            raise ValidationError(POSTCODE_INVALID, code="invalid")
        return code

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("district") and not cleaned.get("postcode"):
            raise ValidationError(_("Please choose a district or enter your postcode."), code="required")
        return cleaned


class BookingForm(PortalForm):
    name = forms.CharField(label=_("Your name or a nickname"), max_length=80,
                           help_text=_("We use it only to greet you at the appointment."),
                           error_messages={"required": _("Please enter a name or a nickname.")},
                           widget=forms.TextInput(attrs={"autocomplete": "nickname"}))
    phone = forms.CharField(label=_("Your phone number"), max_length=40,
                            help_text=_("We send you the confirmation by SMS."),
                            error_messages={"required": _("Please enter your phone number.")},
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"}))
    email = forms.EmailField(label=_("Your e-mail address (optional)"), required=False, max_length=200,
                             error_messages={"invalid": EMAIL_INVALID},
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}))
    consent = forms.BooleanField(
        label=_("I agree that the counselling service may contact me about this appointment by SMS or "
                "e-mail."),
        error_messages={"required": _("Please agree so that we can confirm the appointment.")})

    def __init__(self, *args, slot_id: int, **kwargs):
        # The challenge opens this slot's form only.
        super().__init__(*args, form_name=f"booking.{slot_id}", **kwargs)

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])


class ManageForm(PortalForm):
    """Cancel the booking, or move it to another free time at the same place (`slot`)."""

    action = forms.ChoiceField(choices=[("cancel", "cancel"), ("rebook", "rebook")], widget=forms.HiddenInput)
    slot = forms.TypedChoiceField(label=_("Another time"), coerce=int, required=False, widget=forms.RadioSelect,
                                  error_messages={"invalid_choice": _("Please choose one of the free times.")})

    def __init__(self, *args, appointment_id: int, slots=(), **kwargs):
        # The challenge opens this appointment's form only.
        super().__init__(*args, form_name=f"manage.{appointment_id}", **kwargs)
        self.fields["slot"].choices = [(slot.pk, slot.label) for slot in slots]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "rebook" and not cleaned.get("slot") and "slot" not in self.errors:
            self.add_error("slot", _("Please choose one of the free times."))
        return cleaned


class LanguageSelect(forms.Select):
    """Each option carries its language (lang), so screen readers pronounce the names right."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"] = {"lang": value, **option["attrs"]}
        return option


def _language_choices():
    # Each language named in itself: a visitor finds their own without reading German.
    return [(language.code, language.name_local) for language in client_languages()]


class CallbackForm(PortalForm):
    language = forms.ChoiceField(label=_("Language for the call"), choices=_language_choices, widget=LanguageSelect,
                                 error_messages={"invalid_choice": _("Please choose a language from the list.")})
    phone = forms.CharField(label=_("Your phone number"), max_length=40,
                            error_messages={"required": _("Please enter your phone number.")},
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "dir": "ltr"}))
    window = forms.ChoiceField(label=_("When may we call you?"), choices=list(WINDOW_LABELS.items()),
                               initial=CallbackRequest.Window.ANYTIME, widget=forms.RadioSelect,
                               help_text=_("Monday to Friday. We call you back within one working day."),
                               error_messages={"invalid_choice": _("Please choose a time from the list.")})
    first_name = forms.CharField(label=_("Your first name (optional)"), max_length=60, required=False,
                                 error_messages={"max_length": _("Please enter a shorter name.")},
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    consent = forms.BooleanField(
        label=_("I agree that the counselling service stores my phone number and calls me back."),
        error_messages={"required": _("Please agree that we may call you.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, form_name="callback", **kwargs)

    def clean_phone(self):
        return _phone(self.cleaned_data["phone"])
