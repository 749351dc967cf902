"""Forms of the events back office (organisers and network users)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import Form
from apps.events.models import Event, Registration
from apps.regions.models import District

DATETIME = {"attrs": {"type": "datetime-local"}, "format": "%Y-%m-%dT%H:%M"}


def _datetime(label, required=True, help_text=""):
    return forms.DateTimeField(label=label, required=required, help_text=help_text,
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
                               widget=forms.DateTimeInput(**DATETIME))


class EventForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    format = forms.ChoiceField(label=_("Format"), choices=Event.Format.choices)
    target_group = forms.ChoiceField(label=_("Target group"), choices=Event.TargetGroup.choices)
    description = forms.CharField(label=_("Description"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    starts_at = _datetime(_("Start"))
    ends_at = _datetime(_("End"))
    place = forms.CharField(label=_("Place"), required=False, max_length=200,
                            help_text=_("For example the name of the building or room."))
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    district = forms.ModelChoiceField(label=_("District"), required=False, queryset=District.objects.order_by("name"))
    online_link = forms.URLField(label=_("Online link"), required=False, max_length=500, assume_scheme="https",
                                 help_text=_("Shown only to registrants with a confirmed place."))
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10_000)
    registration_deadline = _datetime(_("Registration deadline"), required=False,
                                      help_text=_("Empty: registration is open until the start."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def event_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    @classmethod
    def for_event(cls, event: Event, data=None):
        initial = {name: getattr(event, name) for name in cls.base_fields if name != "version"}
        initial["version"] = event.version
        return cls(data, initial=initial)


class RegisterForm(Form):
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example step-free access, sign language interpreting, large print. Only the organisers "
                    "see it."))
    consent = forms.BooleanField(label=_("I agree that the organisers process my registration (name, "
                                         "organisation, e-mail address) for this event."))


ATTENDANCE_CHOICES = [(Registration.Status.ATTENDED, _("attended")), (Registration.Status.NO_SHOW, _("did not attend")),
                      (Registration.Status.CONFIRMED, _("not recorded"))]


class FeedbackForm(Form):
    overall = forms.TypedChoiceField(label=_("Overall, how was the event?"), coerce=int,
                                     choices=[(n, str(n)) for n in range(1, 6)], widget=forms.RadioSelect,
                                     help_text=_("1 = poor, 5 = excellent"))
    usefulness = forms.TypedChoiceField(label=_("How useful is it for your work?"), coerce=int,
                                        choices=[(n, str(n)) for n in range(1, 6)], widget=forms.RadioSelect,
                                        help_text=_("1 = not useful, 5 = very useful"))
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))


class MaterialForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), required=False,
                           help_text=_("PDF, PowerPoint, Word, PNG or JPEG."))
