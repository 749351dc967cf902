from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Office, User
from apps.cases.models import (
    SENSITIVE_DOCUMENT_TYPES,
    Case,
    CaseOutcome,
    CaseStatus,
    Channel,
    CounsellingSession,
    DocumentType,
    Task,
    Topic,
)
from apps.cases.selectors import ORDERINGS
from apps.cases.services import document_upload_limit_mb
from apps.clients.models import Person
from apps.clients.selectors import persons_of_household
from apps.core.forms import Form, ModelForm
from apps.core.pickers import CountryField, LanguageField
from apps.core.widgets import DateInput


class CaseForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        fields = ["office", "first_contact_source", "intended_return_country", "restricted"]

    def __init__(self, *args, offices=None, may_lift_restriction=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intended_return_country"] = CountryField(
            label=self.fields["intended_return_country"].label, required=False, empty_label="—")
        self.fields["office"].queryset = offices if offices is not None else Office.objects.none()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if self.instance.restricted and not may_lift_restriction:
                self.fields["restricted"].disabled = True
                self.fields["restricted"].help_text = _("Only a team lead can lift the restriction.")


class CaseCloseForm(Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CaseOutcome.choices,
                                help_text=_("Staying or another legal option is a valid outcome."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.SearchInput(attrs={"placeholder": _("Name or reference number")}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all")), *CaseStatus.choices])
    office = forms.ModelChoiceField(label=_("Office"), required=False, queryset=Office.objects.none(),
                                    empty_label=_("all"))
    counsellor = forms.ModelChoiceField(label=_("Counsellor"), required=False, queryset=User.objects.none(),
                                        empty_label=_("all"))
    nationality = CountryField(label=_("Nationality"), required=False, empty_label=_("all"))
    ordering = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("-opened_at", _("newest first")), ("opened_at", _("oldest first")), ("name", _("name A–Z")),
        ("-name", _("name Z–A")), ("reference", _("reference number")), ("status", _("status")),
    ])

    def __init__(self, *args, offices=None, counsellors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices if offices is not None else Office.objects.none()
        self.fields["counsellor"].queryset = counsellors if counsellors is not None else User.objects.none()

    def clean_ordering(self):
        value = self.cleaned_data.get("ordering")
        return value if value in ORDERINGS else "-opened_at"


class SessionForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CounsellingSession
        fields = ["started_at", "duration_minutes", "channel", "office", "location", "district", "language",
                  "interpreter_used", "interpreter_name", "participants", "topics", "summary", "next_steps"]
        widgets = {
            "started_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "interpreter_name": forms.TextInput(),
            "participants": forms.CheckboxSelectMultiple,
            "topics": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 6}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, case: Case, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = persons_of_household(case.household_id)
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        self.fields["office"].queryset = offices
        # Only mobile sessions use it: office sessions take the office's district, remote ones
        # the client's (the session service decides, see cases.services._set_place).
        self.fields["district"].label = _("District of the mobile counselling day")
        self.fields["district"].help_text = _("Only for mobile counselling: where the counselling day took place.")
        self.fields["language"] = LanguageField(label=_("Language"))
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.initial.setdefault("started_at", timezone.localtime().replace(second=0, microsecond=0))
            self.initial.setdefault("office", case.office_id)

    def clean(self):
        data = super().clean()
        if data.get("interpreter_used") and not data.get("interpreter_name"):
            self.add_error("interpreter_name", _("Name the interpreter or the interpreting service."))
        if data.get("channel") == Channel.MOBILE and not data.get("district"):
            self.add_error("district", _("Choose the district where the mobile counselling day took place."))
        return data

    def session_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"participants", "topics", "version"}}


class TaskForm(ModelForm):
    class Meta:
        model = Task
        fields = ["title", "due_date", "assignee"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees


class AssignForm(Form):
    counsellors = forms.ModelMultipleChoiceField(
        label=_("Assigned counsellors"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellors"].queryset = colleagues


class DocumentUploadForm(Form):
    """Only the shape of the input is checked here; size and content are the service's job."""

    document_type = forms.ChoiceField(label=_("Document type"), choices=[("", "—"), *DocumentType.choices])
    title = forms.CharField(label=_("Title"), max_length=200)
    person = forms.ModelChoiceField(
        label=_("Person"), required=False, queryset=Person.objects.none(), empty_label=_("the whole case"),
        help_text=_("The household member the document is about."),
    )
    file = forms.FileField(
        label=_("File"), allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, case: Case, may_upload_sensitive: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons_of_household(case.household_id)
        if not may_upload_sensitive:
            self.fields["document_type"].choices = [
                (value, label) for value, label in self.fields["document_type"].choices
                if value not in SENSITIVE_DOCUMENT_TYPES
            ]
        self.fields["file"].help_text = _("PDF, JPEG or PNG, at most %(limit)s MB.") % {
            "limit": document_upload_limit_mb()}


class DocumentDeleteForm(Form):
    reason = forms.CharField(label=_("Reason for deletion"), max_length=500)
