from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import Form
from apps.core.phone import PhoneField
from apps.core.pickers import LanguageField
from apps.core.widgets import DateInput
from apps.regions.models import District


class FreeSlotSearchForm(Form):
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.order_by("name"),
                                      required=False, empty_label=_("All districts"))
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())


class BookingForm(Form):
    """A known client (chosen by the search, kept as a hidden id) or a caller's pseudonym and phone."""

    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    pseudonym = forms.CharField(label=_("Pseudonym"), max_length=80, required=False,
                                help_text=_("For a caller who is not yet a client."))
    phone = PhoneField(label=_("Phone number"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    # The language of the confirmation and reminders: one clients can read ReturnNet in.
    language = LanguageField(label=_("Language"), initial="de", client_only=True)
    consent = forms.BooleanField(
        label=_("The client agrees to be contacted about this appointment (SMS/e-mail)"), required=False,
        help_text=_("Without this consent the client receives no reminders and no notice of changes."))


class CancelForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
