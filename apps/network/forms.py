from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation
from apps.core.forms import Form
from apps.core.pickers import LanguagesField
from apps.core.widgets import DateInput
from apps.network.models import AgreementKind, NetworkRole, QuestionCategory, Urgency
from apps.regions.models import District


def _blank(label):
    return [("", label)]


class DirectoryFilterForm(Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    district = forms.ModelChoiceField(label=_("District served"), queryset=District.objects.none(), required=False,
                                      empty_label=_("All districts"))
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    role = forms.ChoiceField(label=_("Role in the network"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("name")
        self.fields["kind"].choices = _blank(_("All kinds")) + list(Organisation.Kind.choices)
        self.fields["role"].choices = _blank(_("All roles")) + list(NetworkRole.choices)


class ProfileForm(Form):
    roles = forms.MultipleChoiceField(label=_("Roles in the network"), choices=NetworkRole.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    districts = forms.ModelMultipleChoiceField(label=_("Districts served"), queryset=District.objects.none(),
                                               required=False, widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = District.objects.order_by("name")


class ContactForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    languages = LanguagesField(label=_("Languages"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def contact_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ConsentForm(Form):
    given_on = forms.DateField(label=_("Consent to be listed given on"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgreementForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    file = forms.FileField(label=_("Signed agreement (PDF)"), required=False)


class QuestionForm(Form):
    competence_centre = forms.ModelChoiceField(label=_("Kompetenzzentrum"), queryset=Organisation.objects.none(),
                                               empty_label=None)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=QuestionCategory.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices,
                                help_text=_("Urgent questions are answered within 2 working days, others within 10."))
    text = forms.CharField(label=_("Your question"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("No names, dates of birth, file numbers, phone numbers or e-mail addresses: "
                                       "the question must not identify anybody."))

    def __init__(self, *args, centres=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence_centre"].queryset = centres if centres is not None else Organisation.objects.none()


class MessageForm(Form):
    text = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("The text must not identify anybody."))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(Form):
    assignee = forms.ModelChoiceField(label=_("Coordinator"), queryset=None, required=False,
                                      empty_label=_("Nobody"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, coordinators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = coordinators


class ArticleForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=QuestionCategory.choices)
    question_text = forms.CharField(label=_("Question (anonymised)"), max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 6}))
    answer_text = forms.CharField(label=_("Answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 10}))
    tags = forms.CharField(label=_("Tags"), max_length=400, required=False,
                           help_text=_("Separated by commas."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def article_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class KnowledgeSearchForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _blank(_("All categories")) + list(QuestionCategory.choices)
