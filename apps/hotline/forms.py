"""Forms of the hotline desk. The call form is built for the keyboard: every field is a tab
stop in reading order, choices are radio groups or selects (arrow keys, type-ahead), and the
defaults (now, inbound, anonymous, German, no interpreter) mean most calls need few keys."""

import re
from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import Form
from apps.core.phone import PhoneField
from apps.core.pickers import LanguageField
from apps.hotline.models import Call, CallbackAttempt, CallbackRequest
from apps.regions.models import District

TIME_ONLY = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_call_time(raw: str) -> datetime | None:
    """"14:35" is today at 14:35; "03.12.2026 14:35" a given day (local time)."""
    raw = (raw or "").strip()
    match = TIME_ONLY.match(raw)
    try:
        if match:
            moment = datetime.combine(timezone.localdate(), datetime.min.time()).replace(
                hour=int(match[1]), minute=int(match[2]))
        else:
            moment = datetime.strptime(raw, "%d.%m.%Y %H:%M")
    except ValueError:
        return None
    return timezone.make_aware(moment)


class DistrictField(forms.ModelChoiceField):
    """Kaiserslautern is a city and a district of the same name: the kind tells them apart."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class CallForm(Form):
    started_at = forms.CharField(
        label=_("Time"), max_length=16, help_text=_("HH:MM today, or DD.MM.YYYY HH:MM"),
        widget=forms.TextInput(attrs={"autofocus": True, "inputmode": "numeric", "autocomplete": "off",
                                      "size": 16}))
    direction = forms.ChoiceField(label=_("Direction"), choices=Call.Direction.choices,
                                  initial=Call.Direction.INBOUND, widget=forms.RadioSelect)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=0, max_value=600, initial=5,
                                          widget=forms.NumberInput(attrs={"size": 4}))
    language = LanguageField(label=_("Language"), initial="de", client_only=True)
    interpreter = forms.BooleanField(label=_("Interpreter"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=Call.Topic.choices, initial=Call.Topic.COUNSELLING,
                              widget=forms.RadioSelect)
    district = DistrictField(label=_("District"), queryset=District.objects.order_by("name", "kind"),
                             required=False, empty_label=_("unknown"))
    outcomes = forms.MultipleChoiceField(label=_("Outcome"), choices=Call.Outcome.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    caller_name = forms.CharField(label=_("Caller's name (optional)"), max_length=120, required=False)
    phone = PhoneField(label=_("Phone number (optional)"), required=False,
                       help_text=_("Only when a callback is promised or the caller asks for it."))
    callback_window = forms.ChoiceField(label=_("Callback: preferred time"), choices=CallbackRequest.Window.choices,
                                        initial=CallbackRequest.Window.ANYTIME)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started_at", timezone.localtime().strftime("%H:%M"))

    def clean_started_at(self):
        moment = parse_call_time(self.cleaned_data["started_at"])
        if moment is None:
            raise forms.ValidationError(_("Enter the time as HH:MM or DD.MM.YYYY HH:MM."))
        if moment > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("A call cannot lie in the future."))
        return moment

    def call_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("callback_window")
        return data


class CallbackForm(Form):
    """A callback taken down by staff (e.g. from a message left on the answering machine)."""

    phone = PhoneField(label=_("Phone number"))
    first_name = forms.CharField(label=_("First name (optional)"), max_length=60, required=False)
    language = LanguageField(label=_("Language"), initial="de", client_only=True)
    window = forms.ChoiceField(label=_("Preferred time"), choices=CallbackRequest.Window.choices,
                               initial=CallbackRequest.Window.ANYTIME)



class AttemptForm(Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CallbackAttempt.Outcome.choices,
                                widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (optional)"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssignForm(Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False,
                                      empty_label=_("nobody"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agents


class CloseForm(Form):
    reason = forms.ChoiceField(label=_("Closing reason"), choices=CallbackRequest.CloseReason.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class QueueFilterForm(Form):
    VIEWS = [("open", _("Open callback requests")), ("mine", _("Assigned to me")), ("overdue", _("Overdue")),
             ("closed", _("Closed"))]
    view = forms.ChoiceField(choices=VIEWS, required=False)


class SlotSearchForm(Form):
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.order_by("name"),
                                      required=False, empty_label=_("all districts"))
