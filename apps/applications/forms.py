from django import forms
from django.utils.translation import gettext_lazy as _

from apps.applications.models import (
    AIRPORTS,
    ApplicationStatus,
    AsylumProcedures,
    DocumentCheck,
    PrioritisationReason,
    SecondParentConsent,
    TravelDocumentKind,
    TravelNeed,
)
from apps.core.forms import Form
from apps.core.widgets import DateInput

DATE = DateInput()


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.display_birth_date})"


class ApplicationForm(Form):
    programme_version = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    members = PersonChoiceField(label=_("Travelling household members"), queryset=None,
                                widget=forms.CheckboxSelectMultiple)
    prioritisation_reasons = forms.MultipleChoiceField(
        label=_("Prioritisation reasons"), required=False, choices=PrioritisationReason.choices,
        widget=forms.CheckboxSelectMultiple)
    asylum_procedures = forms.ChoiceField(label=_("Pending asylum applications or appeals"), required=False,
                                          choices=AsylumProcedures.choices)
    asylum_withdrawn_on = forms.DateField(label=_("Withdrawn on"), required=False, widget=DATE)
    second_parent_consent = forms.ChoiceField(
        label=_("Consent of the second parent (single parent travelling with a child)"), required=False,
        choices=SecondParentConsent.choices)
    second_parent_consent_on = forms.DateField(label=_("Obtained on"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, versions, persons, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme_version"].queryset = versions
        self.fields["members"].queryset = persons
        if editing:
            del self.fields["programme_version"]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("programme_version", "members", "version"):
            data.pop(name, None)
        return data


class DeclarationForm(Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons


class TravelDocumentForm(Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    kind = forms.ChoiceField(label=_("Travel document"), choices=TravelDocumentKind.choices)
    number = forms.CharField(label=_("Document number"), required=False, max_length=60)
    expires_on = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    document = forms.ModelChoiceField(label=_("Scanned document"), queryset=None, required=False)

    def __init__(self, *args, persons, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons
        self.fields["document"].queryset = documents


class TravelForm(Form):
    departure_date = forms.DateField(label=_("Departure date"), required=False, widget=DATE)
    airport = forms.CharField(label=_("Airport or bus station"), required=False, max_length=80,
                              widget=forms.TextInput(attrs={"list": "airports"}),
                              help_text=", ".join(code for code, _name in AIRPORTS))
    connection = forms.CharField(label=_("Flight or bus details"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))
    needs = forms.MultipleChoiceField(label=_("Escort or medical needs"), required=False,
                                      choices=TravelNeed.choices, widget=forms.CheckboxSelectMultiple)
    needs_note = forms.CharField(label=_("Notes on the needs"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))
    luggage_notes = forms.CharField(label=_("Luggage"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    documents_checked = forms.MultipleChoiceField(label=_("Documents checked"), required=False,
                                                  choices=DocumentCheck.choices, widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TransitionForm(Form):
    """The values one transition takes (see services.TRANSITION_FIELDS)."""

    to = forms.ChoiceField(choices=ApplicationStatus.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    submitted_on = forms.DateField(label=_("Submitted on"), required=False, widget=DATE)
    submission_reference = forms.CharField(label=_("Reference in the online application module (OAM)"),
                                           required=False, max_length=60)
    decision_on = forms.DateField(label=_("Decided on"), required=False, widget=DATE)
    decision_note = forms.CharField(label=_("Note on the decision"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    departed_on = forms.DateField(label=_("Departed on"), required=False, widget=DATE)
    departure_note = forms.CharField(label=_("How the departure was confirmed"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    withdrawal_note = forms.CharField(label=_("Reason for the withdrawal"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in {"to", "version", *fields}:
                del self.fields[name]
