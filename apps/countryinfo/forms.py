import json

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.clients.selectors import persons_of_household
from apps.core.forms import Form, ModelForm
from apps.core.pickers import CountryField, LanguageField, LanguagesField
from apps.core.widgets import DateInput
from apps.countryinfo.models import (
    ContactChannel,
    CountryInformationRequest,
    OriginCountryContact,
    RequestTopic,
    VirtualCounselling,
)


class ContactForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    languages = LanguagesField(label=_("Languages"), required=False)
    channels = forms.MultipleChoiceField(label=_("Channels"), required=False, choices=ContactChannel.choices,
                                         widget=forms.CheckboxSelectMultiple)
    video_link = forms.URLField(label=_("Video link"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = OriginCountryContact
        fields = ["country", "organisation_name", "contact_person", "languages", "channels", "phone", "email",
                  "video_link", "hours", "notes", "is_active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"] = CountryField(label=self.fields["country"].label)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def contact_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ContactFilterForm(Form):
    country = CountryField(label=_("Country"), required=False, empty_label=_("all"))
    language = LanguageField(label=_("Language"), required=False, empty_label=_("all"))
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=[("", _("all")), *ContactChannel.choices])



class KnowledgeFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.SearchInput(attrs={"placeholder": _("e.g. dialysis, school enrolment")}))
    country = CountryField(label=_("Country"), required=False, empty_label=_("all"))
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", _("all")), *RequestTopic.choices])


def _live_check(field: forms.Field, case, organisation_id: int | None = None) -> None:
    """Check the text for identifiers while the user types (htmx; the service checks again):
    against the case, or without one against the organisation's persons."""
    field.widget.attrs.update({
        "hx-post": reverse("countryinfo:check"), "hx-trigger": "input changed delay:600ms",
        "hx-target": "#identifier-findings", "aria-describedby": "identifier-findings",
    })
    if case is not None:
        field.widget.attrs["hx-vals"] = json.dumps({"case": case.pk})
    elif organisation_id is not None:
        field.widget.attrs["hx-vals"] = json.dumps({"organisation": organisation_id})


class RequestForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CountryInformationRequest
        fields = ["country", "topic", "question", "recipient", "sent_to", "sent_on"]
        widgets = {"question": forms.Textarea(attrs={"rows": 6}), "sent_on": DateInput()}
        help_texts = {"question": _("Ask in general terms: no names, dates of birth, file numbers or contact "
                                    "details of the client. The answer becomes knowledge for all counsellors.")}

    def __init__(self, *args, case=None, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"] = CountryField(label=self.fields["country"].label)
        self.fields["recipient"].queryset = contacts if contacts is not None else OriginCountryContact.objects.none()
        self.fields["recipient"].required = False
        _live_check(self.fields["question"], case if case is not None else self.instance.case,
                    self.instance.organisation_id)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        elif case is not None and case.intended_return_country:
            self.initial.setdefault("country", case.intended_return_country.code)

    def request_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class AnswerForm(Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}),
                             help_text=_("Without names, dates of birth, file numbers or contact details."))
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, request_obj: CountryInformationRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("answer", request_obj.answer)
        self.initial.setdefault("answered_on", request_obj.answered_on or timezone.localdate())
        self.initial.setdefault("version", request_obj.version)
        _live_check(self.fields["answer"], request_obj.case, request_obj.organisation_id)


class ScheduleForm(Form):
    contact = forms.ModelChoiceField(label=_("Contact in the country of origin"),
                                     queryset=OriginCountryContact.objects.none())
    scheduled_for = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=600, initial=60)
    participants = forms.ModelMultipleChoiceField(label=_("Participants"), queryset=None,
                                                  widget=forms.CheckboxSelectMultiple)
    language = LanguageField(label=_("Language"))
    interpreter_used = forms.BooleanField(label=_("Interpreter present"), required=False)
    interpreter_name = forms.CharField(label=_("Interpreter"), required=False, max_length=120)

    def __init__(self, *args, case, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts
        self.fields["participants"].queryset = persons_of_household(case.household_id)


class OutcomeForm(Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, virtual: VirtualCounselling, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("outcome", virtual.outcome)
        self.initial.setdefault("version", virtual.version)


class CancelForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
