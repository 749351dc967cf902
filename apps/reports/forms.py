"""The period and filter form of the indicator pages (and of the statistics dashboard).

Everybody chooses a calendar period (year, half-year, quarter, month). A user who may open the
records of an organisation may choose any dates instead — and gets them only when the filter
names organisations that are all theirs; otherwise the form says that figures across
organisations are given for calendar periods only (disclosure control, docs/operator-guide.md).
"""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Office, Organisation
from apps.clients.models import Person
from apps.core.forms import Form
from apps.core.pickers import CountryField
from apps.regions.models import District
from apps.reports import disclosure

FIRST_YEAR = 2020
CUSTOM = "custom"


def _age_choices():
    from apps.reports.indicators.base import age_labels

    return list(age_labels().items())


class FiguresForm(Form):
    period = forms.ChoiceField(label=_("Reporting period"))
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False, queryset=Organisation.objects.none(),
                                          empty_label=_("all"))
    office = forms.ModelChoiceField(label=_("Office"), required=False, queryset=Office.objects.none(),
                                    empty_label=_("all"))
    district = forms.ModelChoiceField(label=_("District"), required=False, queryset=District.objects.none(),
                                      empty_label=_("all"))
    nationality = CountryField(label=_("Nationality"), required=False, empty_label=_("all"))
    sex = forms.ChoiceField(label=_("Sex"), required=False)
    age_group = forms.ChoiceField(label=_("Age group"), required=False)

    def __init__(self, data=None, *, user, breakdowns: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.may_choose_dates = bool(disclosure.drilldown_organisation_ids(user))
        today = timezone.localdate()
        # One group per year, newest first: the list stays readable with a hundred periods.
        choices = [(str(year), disclosure.calendar_period_choices([year]))
                   for year in range(today.year, FIRST_YEAR - 1, -1)]
        if self.may_choose_dates:
            choices.append((CUSTOM, str(_("Other dates (own organisation only)"))))
        else:
            del self.fields["start"], self.fields["end"]
        self.fields["period"].choices = choices
        self.fields["period"].initial = str(today.year)
        kinds = [Organisation.Kind.COUNSELLING_PROVIDER, Organisation.Kind.COMPETENCE_CENTRE]
        self.fields["organisation"].queryset = Organisation.objects.filter(kind__in=kinds, is_active=True).order_by(
            "name")
        self.fields["office"].queryset = Office.objects.filter(organisation__kind__in=kinds).select_related(
            "organisation").order_by("organisation__name", "name")
        self.fields["district"].queryset = District.objects.order_by("name")
        self.fields["sex"].choices = [("", _("all")), *Person.Sex.choices]
        self.fields["age_group"].choices = [("", _("all")), *_age_choices()]
        if breakdowns:
            self.fields["breakdown"] = forms.ChoiceField(label=_("Broken down by"), required=False,
                                                         choices=breakdowns)

    def clean(self):
        data = super().clean()
        code = data.get("period")
        if code == CUSTOM and self.may_choose_dates:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Enter both dates of the period."))
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts."))
            if not disclosure.sees_raw(self.user, self.filters()):
                raise forms.ValidationError(_(
                    "Figures across organisations are given for calendar periods only (a year, half-year, "
                    "quarter or month). Choose one of those, or your own organisation."))
            data["dates"] = (start, end)
        elif code:
            data["dates"] = disclosure.parse_calendar_period(code)
        return data

    def filters(self):
        from apps.reports.engine import Filters

        data = self.cleaned_data

        def one(name):
            value = data.get(name)
            if not value:
                return ()
            return (getattr(value, "pk", value),)

        return Filters(organisation_ids=one("organisation"), office_ids=one("office"),
                       district_ids=one("district"), nationalities=one("nationality"), sexes=one("sex"),
                       age_groups=one("age_group"))

    def chosen_period(self):
        from apps.reports.engine import Period

        start, end = self.cleaned_data["dates"]
        return Period(start=start, end=end)


def default_period():
    """This calendar year, for pages opened without a choice."""
    from apps.reports.engine import Period

    year = timezone.localdate().year
    return Period(start=date(year, 1, 1), end=date(year, 12, 31))
