"""The filters of the data protection officer's register of disclosures (sent by GET)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import PeriodFilterForm
from apps.core.widgets import DateInput
from apps.disclosures import selectors
from apps.disclosures.models import DisclosurePurpose

STATUS_CHOICES = [
    ("", _("any status")),
    (selectors.ACTIVE, _("active")),
    (selectors.REVOKED, _("revoked")),
    (selectors.CONSENT_WITHDRAWN, _("consent withdrawn")),
    (selectors.EXPIRED, _("expired")),
]


class RegisterFilterForm(PeriodFilterForm):
    recipient = forms.ModelChoiceField(label=_("Recipient"), queryset=None, required=False,
                                       empty_label=_("all recipients"))
    purpose = forms.ChoiceField(label=_("Purpose"), required=False,
                                choices=[("", _("all purposes")), *DisclosurePurpose.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    case = forms.CharField(label=_("Case reference"), required=False, max_length=40,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. IOM-2025-000123")}))
    date_from = forms.DateField(label=_("Disclosed from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Disclosed until"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = selectors.register_recipients(user)

    def filters(self) -> dict:
        data = self.cleaned_data
        return {"recipient": data["recipient"], "purpose": data["purpose"], "status": data["status"],
                "case_reference": data["case"], "date_from": data["date_from"], "date_to": data["date_to"]}
