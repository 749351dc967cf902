from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import Form
from apps.core.widgets import DateInput
from apps.tours.models import PlanConstraint


def _next_monday():
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


class PlanForm(Form):
    start = forms.DateField(label=_("Start"), initial=_next_monday, widget=DateInput())
    weeks = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=26, initial=13)
    k = forms.IntegerField(label=_("Counselling days per district and month (at least)"), min_value=1,
                           max_value=10, initial=1)


class ConstraintForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanConstraint.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    counsellor = forms.ModelChoiceField(label=_("Counsellor"), queryset=None, required=False)
    location = forms.ModelChoiceField(label=_("Location"), queryset=None, required=False)

    def __init__(self, *args, counsellors, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = counsellors
        self.fields["location"].queryset = locations


class SolveForm(Form):
    time_limit = forms.IntegerField(label=_("Time limit (seconds)"), min_value=1, max_value=60, initial=20)
