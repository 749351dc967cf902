from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.core.forms import Form, ModelForm
from apps.core.pickers import LanguagesField
from apps.core.widgets import DateInput
from apps.mobile.models import Accessibility, CounsellingLocation, HostingRequest, Weekday
from apps.mobile.selectors import counselling_organisations, counsellors_of, district_for_postcode
from apps.regions.models import District

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _weekdays_field(label):
    return forms.TypedMultipleChoiceField(label=label, required=False, choices=Weekday.choices, coerce=int,
                                          widget=forms.CheckboxSelectMultiple)


class LocationForm(ModelForm):
    accessibility = forms.MultipleChoiceField(label=_("accessibility"), required=False,
                                              choices=Accessibility.choices, widget=forms.CheckboxSelectMultiple)
    available_weekdays = _weekdays_field(_("available weekdays"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CounsellingLocation
        fields = ["kind", "name", "street", "postcode", "city", "district", "latitude", "longitude", "rooms",
                  "accessibility", "equipment", "contact_on_site", "available_weekdays", "available_from",
                  "available_to", "demand_weight"]
        widgets = {"available_from": TIME, "available_to": TIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("name")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def location_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class HostingRequestForm(ModelForm):
    counselling_organisation = forms.ModelChoiceField(label=_("Counselling organisation"),
                                                      queryset=counselling_organisations())
    district = forms.ModelChoiceField(label=_("district"), queryset=District.objects.none(), required=False,
                                      help_text=_("Or leave empty: the postcode decides."))
    languages = LanguagesField(label=_("languages needed"), required=False)
    preferred_weekdays = _weekdays_field(_("preferred weekdays"))

    class Meta:
        model = HostingRequest
        fields = ["counselling_organisation", "premises_name", "street", "postcode", "city", "district",
                  "frequency", "expected_clients", "languages", "preferred_weekdays", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("name")
        organisations = counselling_organisations()
        self.fields["counselling_organisation"].queryset = organisations
        if organisations.count() == 1:
            self.initial.setdefault("counselling_organisation", organisations.get())

    def clean(self):
        data = super().clean()
        if not data.get("district"):
            district = district_for_postcode(data.get("postcode") or "")
            if district is None:
                self.add_error("district", _("Choose the district; the postcode does not name exactly one."))
            data["district"] = district
        return data

    def request_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "counselling_organisation"}


class DecisionForm(Form):
    response = forms.CharField(label=_("Response"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DayForm(Form):
    RECURRENCE = [("none", _("once")), ("weekly", _("weekly")), ("fortnightly", _("every two weeks")),
                  ("monthly", _("monthly"))]
    location = forms.ModelChoiceField(label=_("Location"), queryset=CounsellingLocation.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("From"), widget=TIME)
    ends_at = forms.TimeField(label=_("Until"), widget=TIME)
    counsellors = forms.ModelMultipleChoiceField(label=_("Counsellors"), required=False, queryset=None,
                                                 widget=forms.CheckboxSelectMultiple)
    interpreter_languages = LanguagesField(label=_("Interpreting for"), required=False)
    is_public = forms.BooleanField(label=_("Public (bookable online)"), required=False, initial=True)
    slot_minutes = forms.IntegerField(label=_("Slot length (minutes)"), min_value=5, max_value=240, initial=45)
    buffer_minutes = forms.IntegerField(label=_("Buffer between slots (minutes)"), min_value=0, max_value=120,
                                        initial=15)
    recurrence = forms.ChoiceField(label=_("Repeat"), choices=RECURRENCE, initial="none")
    until = forms.DateField(label=_("Repeat until"), required=False, widget=DateInput())

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        org_ids = set(locations.values_list("organisation_id", flat=True))
        ids = {pk for org_id in org_ids for pk in counsellors_of(org_id).values_list("pk", flat=True)}
        self.fields["counsellors"].queryset = User.objects.filter(pk__in=ids).order_by("full_name")

    def day_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("location", "counsellors")}


class CancelDayForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MoveDayForm(Form):
    date = forms.DateField(label=_("New date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("From"), widget=TIME)
    ends_at = forms.TimeField(label=_("Until"), widget=TIME)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PeriodForm(Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())
