from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import Form, ModelForm
from apps.core.i18n_data import translated
from apps.core.widgets import DateInput
from apps.reintegration.models import Dimension, Handover, MonitoringVisit, PlanActivity, ReintegrationPlan


class PlanForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    partner_in_origin = forms.CharField(label=_("Partner in the country of origin"), required=False, max_length=200)
    partner_contact = forms.ModelChoiceField(label=_("Partner from the directory"), queryset=None, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        (ReintegrationPlan.Status.DRAFT, ReintegrationPlan.Status.DRAFT.label),
        (ReintegrationPlan.Status.AGREED, ReintegrationPlan.Status.AGREED.label)])

    def __init__(self, *args, persons, contacts, with_status: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons
        self.fields["partner_contact"].queryset = contacts
        if not with_status:
            del self.fields["status"]

    def plan_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class GoalForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices)
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ActivityForm(ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PlanActivity
        fields = ["activity", "responsible", "due", "due_precision", "budget_amount", "budget_kind",
                  "funding_source", "status"]
        widgets = {"activity": forms.Textarea(attrs={"rows": 2}), "due": DateInput,
                   "responsible": forms.TextInput(attrs={"maxlength": 200})}

    def activity_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class HandoverForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    fields = forms.MultipleChoiceField(label=_("Data to hand over"), choices=Handover.Field.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       initial=[Handover.Field.NAME, Handover.Field.PLAN])
    language = forms.ChoiceField(label=_("Language of the PDF"), choices=[])

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages


class ScheduleForm(Form):
    departed_on = forms.DateField(label=_("Departed on"), widget=DateInput)


class VisitForm(Form):
    """The visit's details and one choice per survey question (fields named q_<code>)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Done on"), widget=DateInput)
    channel = forms.ChoiceField(label=_("Channel"), choices=MonitoringVisit.Channel.choices)
    interviewer = forms.CharField(label=_("Interviewer"), required=False, max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # A date before the planned one is refused unless confirmed here (services.visit_record).
    confirm_early = forms.BooleanField(label=_("The visit took place before its planned date"), required=False)

    def __init__(self, *args, survey, hide_psychosocial: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_codes = []
        if hide_psychosocial:
            del self.fields["notes"]
        for dimension in survey.dimensions.all():
            if hide_psychosocial and dimension.code == Dimension.PSYCHOSOCIAL:
                continue
            for question in dimension.questions.all():
                # Questions and answer options are data: their translations live in the rows.
                label = question.display_label
                if question.unverified or question.scale.unverified:
                    label = f"{label} ({_('unverified')})"
                self.fields[f"q_{question.code}"] = forms.ChoiceField(
                    label=label, required=False,
                    choices=[("", "—"), *((o["code"], translated(o, "label")) for o in question.scale.options)])
                self.question_codes.append(question.code)

    def answers(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"q_{code}"] for code in self.question_codes
                if self.cleaned_data.get(f"q_{code}")}
