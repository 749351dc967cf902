from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation
from apps.core.forms import Form, ModelForm
from apps.core.pickers import LanguageField, LanguagesField
from apps.referrals.models import (
    DeclineReason,
    IncomingReferral,
    ReferralStatus,
    Service,
    ServiceType,
    SharedField,
)
from apps.referrals.selectors import receiving_organisations
from apps.referrals.services import SERVICE_FIELDS, provider_choices
from apps.regions.models import District


class ServiceSearchForm(Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    service_type = forms.ChoiceField(label=_("Service type"), required=False)
    district = forms.ModelChoiceField(label=_("District"), required=False, queryset=District.objects.none())
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=5)
    language = LanguageField(label=_("Language"), required=False, empty_label="—")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].choices = [("", "—"), *((t.code, str(t)) for t in ServiceType.objects.all())]
        self.fields["district"].queryset = District.objects.order_by("name")


class ServiceForm(ModelForm):
    provider = forms.ModelChoiceField(
        label=_("Provider"), required=False, queryset=Organisation.objects.none(),
        help_text=_("The organisation offering the service; consents to a referral name it as the recipient."),
    )
    provider_name = forms.CharField(
        label=_("Or a new provider"), required=False, max_length=200,
        help_text=_("If the provider is not listed: its name; it is added as a partner organisation."),
    )
    languages = LanguagesField(label=_("Languages"), required=False)
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Service
        fields = ["name", "service_types", "districts", *[f for f in SERVICE_FIELDS if f not in ("name",)]]
        widgets = {
            "service_types": forms.CheckboxSelectMultiple,
            "opening_hours": forms.Textarea(attrs={"rows": 2}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = ["provider", "provider_name", "name", "service_types"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        providers = provider_choices()
        if self.instance.pk:  # an entry of an earlier, wider choice stays editable
            providers = providers | Organisation.objects.filter(pk=self.instance.provider_id)
        self.fields["provider"].queryset = providers.order_by("name")
        self.fields["districts"].queryset = District.objects.order_by("name")
        if self.instance.pk:
            self.fields["provider"].initial = self.instance.provider_id
            self.fields["version"].initial = self.instance.version
            del self.fields["provider_name"]

    def clean(self):
        data = super().clean()
        if not data.get("provider") and not data.get("provider_name", "").strip() and not self.instance.pk:
            self.add_error("provider", _("Choose the provider or name a new one."))
        if self.instance.pk and not data.get("provider"):
            self.add_error("provider", _("Choose the provider."))
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in SERVICE_FIELDS if name in self.cleaned_data}


class ReferralForm(Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    shared_fields = forms.MultipleChoiceField(
        label=_("Information to share"), choices=SharedField.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what the client agreed to; nothing else of the case goes with the referral."),
    )

    def __init__(self, *args, services, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.provider.name})"
        self.fields["person"].queryset = persons


class ReferralStatusForm(Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class IncomingReferralForm(ModelForm):
    # An encrypted text column in the model; here the input it stands for.
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)

    class Meta:
        model = IncomingReferral
        fields = ["to_organisation", "family_name", "given_names", "phone", "email", "language", "district",
                  "reason", "urgency", "consent_form", "consent_confirmed"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3}), "family_name": forms.TextInput(),
                   "given_names": forms.TextInput()}
        help_texts = {"reason": _("Briefly, what the person needs counselling about. No diagnoses.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = receiving_organisations().order_by("name")
        self.fields["language"] = LanguageField(label=_("Language"))
        self.fields["district"].queryset = District.objects.order_by("name")
        self.fields["consent_confirmed"].required = True

    def incoming_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "to_organisation"}


class OfferAppointmentForm(Form):
    appointment_at = forms.DateTimeField(
        label=_("Appointment"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


class DeclineForm(Form):
    decline_reason = forms.ChoiceField(label=_("Reason"), choices=DeclineReason.choices)


class LinkCaseForm(Form):
    case = forms.CharField(label=_("Case reference"), max_length=30)
