"""Forms of the programmes part: the eligibility check and the administration of versions."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.clients.models import Person
from apps.core.forms import Form, ModelForm
from apps.core.pickers import CountryField
from apps.core.widgets import DateInput
from apps.programmes.models import ProgrammeVersion
from apps.programmes.rules import CIRCUMSTANCES


def parse_ages(text: str) -> tuple:
    """"34, 31, 9, ?" → (34, 31, 9, None); raises ValueError for anything else."""
    ages = []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        if part == "?":
            ages.append(None)
            continue
        age = int(part)
        if not 0 <= age <= 120:
            raise ValueError(part)
        ages.append(age)
    return tuple(ages)


def format_ages(ages) -> str:
    return ", ".join("?" if age is None else str(age) for age in ages)


class EligibilityForm(Form):
    nationality = CountryField(label=_("Nationality"), empty_label="—")
    destination = CountryField(label=_("Destination country"), empty_label="—")
    residence_status = forms.ChoiceField(label=_("Residence status"), choices=Person.ResidenceStatus.choices)
    months_of_stay = forms.IntegerField(label=_("Months of stay in Germany"), required=False, min_value=0,
                                        max_value=1200)
    circumstances = forms.MultipleChoiceField(
        label=_("Special circumstances"), required=False, choices=list(CIRCUMSTANCES.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what is ticked counts (e.g. a trafficking vulnerability recorded for the case): nothing "
                    "is assumed."))
    ages = forms.CharField(label=_("Ages of the travelling persons"), max_length=200,
                           help_text=_("Separated by commas; “?” for an unknown age."))
    entry_date = forms.DateField(label=_("Date of first entry into Germany"), required=False, widget=DateInput(),
                                 help_text=_("Some country lists hold only for entries up to a cut-off date."))
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DateInput(),
                                    help_text=_("The day the rules are applied for (empty: today), e.g. the day "
                                                "of the application."))

    def clean_ages(self):
        try:
            ages = parse_ages(self.cleaned_data["ages"])
        except ValueError:
            raise forms.ValidationError(_("Enter ages between 0 and 120, separated by commas.")) from None
        if not ages:
            raise forms.ValidationError(_("Enter the age of at least one person."))
        return ages


class PrettyJSONField(forms.JSONField):
    def prepare_value(self, value):
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2)


class KeyListField(forms.CharField):
    """A list of texts, one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class VersionForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    source_url = forms.URLField(label=_("source"), max_length=500, required=False, assume_scheme="https")
    rules = PrettyJSONField(label=_("Rules (JSON)"), widget=forms.Textarea(attrs={"rows": 30, "class": "code"}),
                            help_text=_("See the schema in apps/programmes/rules.py; errors name the path."))
    unverified = KeyListField(label=_("Unverified values"), required=False,
                              help_text=_("One rule key per line, e.g. benefits.starthilfe.family_cap."))

    class Meta:
        model = ProgrammeVersion
        fields = ["label", "valid_from", "valid_to", "source_url", "source_note", "verified_on", "verified_by",
                  "rules", "unverified"]
        widgets = {"valid_from": DateInput(),
                   "valid_to": DateInput(),
                   "verified_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def _post_clean(self):
        # The service validates and saves; the form must not touch the instance.
        pass


class CopyForm(Form):
    label = forms.CharField(label=_("Label"), max_length=120)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
