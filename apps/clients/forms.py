from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation
from apps.clients.models import Consent, HouseholdMember, Person, PersonLanguage
from apps.clients.services import PERSON_FIELDS
from apps.core.forms import ModelForm
from apps.core.pickers import CountriesField, LanguageField
from apps.core.registry import CONSENT_RECIPIENTS
from apps.core.widgets import DateInput

LANGUAGE_SLOTS = 3




class PersonForm(ModelForm):
    """A person's data plus up to three languages; `version` guards concurrent edits."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The encrypted e-mail column is a text field in the model; here the input it stands for.
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "street": forms.TextInput(),
            "city": forms.TextInput(),
            "bamf_file_number": forms.TextInput(),
            "birth_date": DateInput(),
            "residence_valid_until": DateInput(),
            "name_variants": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = list(self.instance.languages.all()) if self.instance.pk else []
        for slot in range(1, LANGUAGE_SLOTS + 1):
            known = current[slot - 1] if len(current) >= slot else None
            self.fields[f"language_{slot}"] = LanguageField(
                label=_("Language %(n)s") % {"n": slot}, empty_label="—", required=False,
                initial=known.language if known else "",
            )
            self.fields[f"level_{slot}"] = forms.ChoiceField(
                label=_("Level %(n)s") % {"n": slot}, choices=PersonLanguage.Level.choices,
                required=False, initial=known.level if known else PersonLanguage.Level.NATIVE,
            )
        self.fields["nationalities"] = CountriesField(label=self.fields["nationalities"].label, required=False)
        self.fields["district"].queryset = self.fields["district"].queryset.order_by("name")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def languages(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(data[f"language_{n}"], data[f"level_{n}"] or PersonLanguage.Level.NATIVE)
                for n in range(1, LANGUAGE_SLOTS + 1) if data.get(f"language_{n}")]

    def person_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}


class HouseholdMemberForm(PersonForm):
    relationship = forms.ChoiceField(
        label=_("Relationship to the principal"),
        choices=[c for c in HouseholdMember.Relationship.choices if c[0] != "principal"],
    )

    field_order = ["relationship"]


class ConsentForm(ModelForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())

    class Meta:
        model = Consent
        fields = ["person", "purpose", "recipient", "given_at", "form", "language", "interpreter_used", "notes"]
        widgets = {
            "given_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons if persons is not None else Person.objects.none()
        self.fields["language"] = LanguageField(label=_("Language of the explanation"))
        self.fields["recipient"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["recipient"].help_text = _("Required for disclosures: consent is given for one recipient.")
        # Recipients an app above keeps for a purpose (partners in the country of origin), one field each.
        self.recipient_fields = {}
        for source in CONSENT_RECIPIENTS.values():
            name = f"recipient_for_{source.purpose}"
            self.fields[name] = forms.TypedChoiceField(
                label=source.label, coerce=int, required=False, empty_value=None,
                choices=[("", "—"), *source.choices()],
                help_text=_("For the purpose “%(purpose)s”: the recipient the client agreed to.") % {
                    "purpose": Consent.Purpose(source.purpose).label})
            self.recipient_fields[name] = source.purpose

    def clean(self):
        data = super().clean()
        purpose = data.get("purpose", "")
        for name, source_purpose in self.recipient_fields.items():
            if source_purpose != purpose:
                data[name] = None
            elif not data.get(name):
                self.add_error(name, _("Name the recipient the client agreed to."))
            else:
                data["recipient"] = None  # the consent names this recipient, not an organisation
        if not data.get("recipient") and purpose not in self.recipient_fields.values():
            if purpose.startswith("disclosure_"):
                self.add_error("recipient", _("A disclosure needs the recipient the client agreed to."))
            elif purpose == Consent.Purpose.REFERRAL:
                self.add_error("recipient", _("A referral needs the service provider the client agreed to."))
        return data

    def consent_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "person" and k not in self.recipient_fields}

    def recipient_key(self) -> int | None:
        """The chosen recipient of a registered app for the consent's purpose, if any."""
        return next((self.cleaned_data.get(name) for name in self.recipient_fields
                     if self.cleaned_data.get(name) is not None), None)
