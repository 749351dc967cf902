from django import forms
from django.utils.translation import gettext_lazy as _

from apps.assessments.models import (
    AssessmentQuestion,
    AssessmentSection,
    ChildParticipation,
    ResponseAction,
    Vulnerability,
    VulnerabilityType,
)
from apps.core.forms import Form, ModelForm
from apps.core.widgets import DateInput

YES_NO_CHOICES = [("", _("not answered")), ("yes", _("yes")), ("no", _("no"))]


class AssessmentForm(Form):
    """One field per active question (named by its code), grouped by section for display."""

    # The latest version the input is based on (0: none yet); named like every version field
    # so that views_helpers.handle_conflict() can move it on after a concurrent save.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    note = forms.CharField(label=_("Note on this version"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[self.field_name(question)] = self._field(question)

    @staticmethod
    def field_name_for(code: str) -> str:
        return f"q_{code}"

    @classmethod
    def field_name(cls, question) -> str:
        return cls.field_name_for(question.code)

    @staticmethod
    def _field(question) -> forms.Field:
        common = {"label": str(question), "required": False, "help_text": question.help_text}
        if question.kind == AssessmentQuestion.Kind.YES_NO:
            return forms.ChoiceField(choices=YES_NO_CHOICES, **common)
        if question.kind == AssessmentQuestion.Kind.SHORT_TEXT:
            return forms.CharField(max_length=500, **common)
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)

    def sections(self) -> list[tuple[AssessmentSection, list]]:
        grouped: dict[int, tuple] = {}
        for question in self.questions:
            grouped.setdefault(question.section_id, (question.section, []))[1].append(self[self.field_name(question)])
        return list(grouped.values())

    def answers(self) -> dict[str, str]:
        return {q.code: self.cleaned_data.get(self.field_name(q)) or "" for q in self.questions}


class VulnerabilityForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The model keeps the type as an encrypted code; the form offers the types themselves.
    type = forms.ModelChoiceField(label=_("Type"), queryset=VulnerabilityType.objects.none())
    response_actions = forms.MultipleChoiceField(
        label=_("Response"), choices=ResponseAction.choices, required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Vulnerability
        fields = ["person", "pregnancy_week", "identified_how", "identified_on", "severity", "details",
                  "response_actions", "response_notes"]
        widgets = {
            "identified_on": DateInput(),
            "details": forms.Textarea(attrs={"rows": 3}),
            "response_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"pregnancy_week": _("Only for a pregnancy.")}

    def __init__(self, *args, persons, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons
        self.fields["type"].queryset = types
        self.order_fields(["person", "type"])
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["type"].initial = self.instance.type
        self.fields["pregnancy_week"].widget.attrs.update({"min": 1, "max": 45})

    def vulnerability_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class VulnerabilityCloseForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    closed_reason = forms.CharField(label=_("Reason for closing"), max_length=300, required=False)


class ParticipationForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    child = forms.ModelChoiceField(label=_("Child"), queryset=None)

    class Meta:
        model = ChildParticipation
        fields = ["child", "information_given", "information_given_on", "how_heard", "not_possible_reason",
                  "child_views", "best_interests", "heard_on"]
        widgets = {
            "information_given": forms.Textarea(attrs={"rows": 3}),
            "information_given_on": DateInput(),
            "how_heard": forms.RadioSelect,
            "not_possible_reason": forms.TextInput,
            "child_views": forms.Textarea(attrs={"rows": 4}),
            "best_interests": forms.Textarea(attrs={"rows": 4}),
            "heard_on": DateInput(),
        }
        help_texts = {"not_possible_reason": _("Only when hearing the child was not possible.")}

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children
        self.fields["how_heard"].choices = [c for c in self.fields["how_heard"].choices if c[0]]
        # The service decides which of these is required, depending on how the child was heard.
        self.fields["child_views"].required = False
        self.fields["best_interests"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def participation_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class SectionForm(ModelForm):
    class Meta:
        model = AssessmentSection
        fields = ["code", "name", "name_en", "sort_order", "is_sensitive", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class QuestionForm(ModelForm):
    class Meta:
        model = AssessmentQuestion
        fields = ["section", "code", "text", "text_en", "help_text", "kind", "sort_order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class VulnerabilityTypeForm(ModelForm):
    class Meta:
        model = VulnerabilityType
        fields = ["code", "name", "name_en", "group", "is_sensitive", "asks_pregnancy_week", "sort_order",
                  "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
