from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Organisation
from apps.cases.models import Document
from apps.clients.models import Consent, Person
from apps.core.forms import Form
from apps.core.widgets import DateInput
from apps.disclosures import selectors
from apps.disclosures.fields import field_choices
from apps.disclosures.models import DisclosurePurpose


class ConsentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, consent):
        return f"{consent.person} — {consent.recipient.name} ({consent.given_at:%d.%m.%Y})"


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, document):
        return f"{document.get_document_type_display()}: {document.title}"


class DisclosureForm(Form):
    recipient = forms.ModelChoiceField(label=_("Recipient"), queryset=Organisation.objects.none(),
                                       help_text=_("The responsible Ausländerbehörde."))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=DisclosurePurpose.choices)
    consent = ConsentChoiceField(
        label=_("Consent"), queryset=Consent.objects.none(),
        help_text=_("A valid consent of a household member to a disclosure to exactly this recipient."))
    fields = forms.MultipleChoiceField(label=_("Fields to disclose"), widget=forms.CheckboxSelectMultiple)
    documents = DocumentChoiceField(label=_("Documents to disclose"), required=False,
                                    queryset=Document.objects.none(),
                                    widget=forms.CheckboxSelectMultiple)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())

    def __init__(self, *args, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = selectors.authorities()
        self.fields["consent"].queryset = selectors.disclosure_consents(case)
        self.fields["fields"].choices = field_choices()
        self.fields["documents"].queryset = selectors.disclosable_documents(user, case)


class MessageForm(Form):
    text = forms.CharField(label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class VersionForm(Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class LabelledPersonsField(forms.ModelMultipleChoiceField):
    """Persons labelled from a given id → label map (the authority sees only what was disclosed)."""

    labels: dict[int, str] | None = None

    def label_from_instance(self, person):
        if self.labels is not None:
            return self.labels.get(person.pk, "")
        return super().label_from_instance(person)


class CertificateForm(Form):
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput())
    persons = LabelledPersonsField(label=_("Persons"), queryset=Person.objects.none(),
                                   widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, persons, issuers=None, person_labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = persons
        self.fields["persons"].labels = person_labels
        if issuers is not None:
            self.fields["issued_by"] = forms.ModelChoiceField(label=_("Issued by"), queryset=issuers)
