from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import Form
from apps.privacy.models import ErasureRequest, RetentionRule
from apps.privacy.services import MONTHS_MAX

TEXT = forms.Textarea(attrs={"rows": 3})


class RuleForm(Form):
    action = forms.ChoiceField(label=_("action"), widget=forms.RadioSelect)
    months = forms.IntegerField(label=_("retention period in months"), min_value=1, max_value=MONTHS_MAX)
    legal_basis = forms.CharField(label=_("legal basis"), widget=TEXT)
    source = forms.CharField(label=_("source"), required=False, widget=TEXT,
                             help_text=_("Where the period comes from: a law, a funder's rule, or why it is an "
                                         "estimate."))
    is_active = forms.BooleanField(label=_("active"), required=False,
                                   help_text=_("Switched off, the run leaves this kind of record alone."))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, RetentionRule.Action(a).label) for a in kind.actions]

    def rule_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class VersionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class EnableForm(VersionForm):
    enabled = forms.TypedChoiceField(choices=[("1", "on"), ("0", "off")], coerce=lambda v: v == "1")


class RunForm(Form):
    dry_run = forms.TypedChoiceField(choices=[("1", "dry"), ("0", "real")], coerce=lambda v: v == "1")


class HoldForm(Form):
    case_reference = forms.CharField(label=_("case reference"), max_length=40,
                                     help_text=_("As shown on the case, for example IOM-2026-000123."))
    reason = forms.CharField(label=_("reason"), widget=TEXT,
                             help_text=_("For example the court proceedings or the authority's request."))


class LiftForm(Form):
    reason = forms.CharField(label=_("reason for lifting"), widget=TEXT)


class SearchForm(Form):
    q = forms.CharField(label=_("Name, case reference or person number"), max_length=100, required=False)


class ErasureForm(Form):
    person_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    mode = forms.ChoiceField(label=_("mode"), choices=ErasureRequest.Mode.choices, widget=forms.RadioSelect,
                             initial=ErasureRequest.Mode.ERASE,
                             help_text=_("Anonymise keeps what statistics need (year-of-birth band, sex, "
                                         "nationality, district, programme, outcome); erase deletes."))
    reason = forms.CharField(label=_("reason"), widget=TEXT,
                             help_text=_("For example: request of the person of 3 March, Art. 17 (1) (a) GDPR."))


class RejectForm(VersionForm):
    reason = forms.CharField(label=_("reason for the rejection"), widget=TEXT)
