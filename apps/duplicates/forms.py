from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import Form
from apps.core.widgets import DateInput


class RunForm(Form):
    threshold = forms.IntegerField(
        label=_("Threshold (score from 70 to 125)"), min_value=70, max_value=125, initial=90,
        help_text=_("Name similarity in per cent, plus weight when the dates of birth agree; at most 125."))
    created_since = forms.DateField(label=_("Only persons created since (optional, e.g. after an import)"),
                                    required=False, widget=DateInput())


class DecisionForm(Form):
    """merge (keeping one of the two records), not a duplicate, or later."""

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("merge", _("Merge: the same person")), ("dismissed", _("Not a duplicate")), ("later", _("Decide later"))])
    survivor = forms.TypedChoiceField(label=_("Record to keep (for a merge)"), coerce=int, required=False,
                                      widget=forms.RadioSelect)
    version_a = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    version_b = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, pair, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(pair.person_a_id, labels[0]), (pair.person_b_id, labels[1])]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "merge" and not data.get("survivor"):
            self.add_error("survivor", _("Choose which record is kept."))
        return data
