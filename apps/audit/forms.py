from django import forms
from django.utils.translation import gettext_lazy as _

from apps.audit.labels import action_choices
from apps.core.forms import PeriodFilterForm
from apps.core.widgets import DateInput

MAX_ID = 2**63 - 1  # ids are 64-bit integers


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit()


class AuditFilterForm(PeriodFilterForm):
    """The filters of the audit log page and its CSV export (sent by GET)."""

    person = forms.IntegerField(label=_("Person ID"), required=False, min_value=1, max_value=MAX_ID)
    case = forms.CharField(
        label=_("Case reference or ID"), required=False, max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. IOM-2025-000123")}),
    )
    user = forms.EmailField(label=_("User e-mail"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False,
        help_text=_("One action, or all actions on one kind of record."),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: the labels are in the language of the request.
        self.fields["action"].choices = action_choices()

    def clean_case(self) -> str:
        case = self.cleaned_data["case"].strip()
        if _is_id(case) and int(case) > MAX_ID:
            raise forms.ValidationError(_("This is neither a case reference nor a case ID."))
        return case

    def filters(self) -> dict:
        """Keyword arguments for selectors.filter_entries()."""
        data = self.cleaned_data
        case = data["case"]
        return {
            "person_id": data["person"],
            "case_id": int(case) if _is_id(case) else None,
            "case_reference": "" if _is_id(case) else case,
            "actor": data["user"] or None,
            "action": data["action"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
