"""Events on the portal: registering through an event's public link, and the participant's own
page behind the manage link from the mail (confirmation, cancelling, feedback after the event,
the certificate after attending, materials).

No view here sets a cookie; every form is a PortalForm (signed challenge, honeypot) behind
protected_post, and keeps every typed value on an error. The event's title and description
are German data: the templates mark them lang="de".
"""

import contextlib

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.appointments.ratelimit import valid_link, wrong_link
from apps.audit.services import record
from apps.core.links import site_url_of
from apps.core.permissions import public
from apps.core.storage import file_response
from apps.events import selectors as event_selectors
from apps.events import services as event_services
from apps.events.certificates import certificate_filename, certificate_issue
from apps.events.mails import when_of
from apps.events.models import Registration
from apps.portal.forms import EMAIL_INVALID
from apps.portal.http import page_language, see_other
from apps.portal.protection import (
    PortalForm,
    address_limit_reached,
    address_used,
    protected_post,
    refusal,
)
from apps.portal.texts import texts

EVENT_FULL = gettext_lazy("All places are taken. If you register now, you are on the waiting list.")


class EventRegistrationForm(PortalForm):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=200,
                           error_messages={"required": gettext_lazy("Please enter your name.")},
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    organisation = forms.CharField(label=gettext_lazy("Your organisation (optional)"), max_length=200,
                                   required=False, widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"), max_length=200,
                             help_text=gettext_lazy("We send the confirmation and a calendar entry there."),
                             error_messages={"required": gettext_lazy("Please enter your e-mail address."),
                                             "invalid": EMAIL_INVALID},
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}))
    accessibility_needs = forms.CharField(
        label=gettext_lazy("Do you need anything to take part? (optional)"), max_length=2000, required=False,
        help_text=gettext_lazy("For example step-free access or an interpreter. Only the organisers see it."),
        widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(
        label=gettext_lazy("I agree that the organisers store my name, organisation and e-mail address for this "
                           "event."),
        error_messages={"required": gettext_lazy("Please agree so that we can register you.")})

    def __init__(self, *args, event_id: int, **kwargs):
        # The challenge opens this event's form only.
        super().__init__(*args, form_name=f"event.{event_id}", **kwargs)


class ParticipantForm(PortalForm):
    """Cancel the registration, or give feedback after the event."""

    action = forms.ChoiceField(choices=[("cancel", "cancel"), ("feedback", "feedback")], widget=forms.HiddenInput)
    overall = forms.TypedChoiceField(label=gettext_lazy("Overall, how was the event? (1 = poor, 5 = excellent)"),
                                     coerce=int, required=False, widget=forms.RadioSelect,
                                     choices=[(n, str(n)) for n in range(1, 6)])
    usefulness = forms.TypedChoiceField(label=gettext_lazy("How useful is it for your work? (1 = not useful, "
                                                           "5 = very useful)"),
                                        coerce=int, required=False, widget=forms.RadioSelect,
                                        choices=[(n, str(n)) for n in range(1, 6)])
    comment = forms.CharField(label=gettext_lazy("Comment (optional)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, registration_id: int, **kwargs):
        super().__init__(*args, form_name=f"event-registration.{registration_id}", **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "feedback":
            for field in ("overall", "usefulness"):
                if not cleaned.get(field) and field not in self.errors:
                    self.add_error(field, _("Please choose a number from 1 to 5."))
        return cleaned


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def _event_context(event) -> dict:
    return {"event": event, "when": when_of(event), "portal_texts": texts(page_language())}


@public
@protected_post("event")
def register(request, signup_token):
    """The public registration form of one event (its link is the organisers' to hand out)."""
    try:
        event = event_selectors.event_by_public_token(signup_token)
    except Http404:
        if not wrong_link("event", request):
            return refusal(request, 429)
        raise
    closed = event_services.registration_closed_reason(event)
    form = EventRegistrationForm(request.POST if request.method == "POST" else None, event_id=event.pk)
    if request.method == "POST" and closed:
        form.add_error(None, _("Registration for this event is closed."))
    elif request.method == "POST" and form.is_valid():
        if address_limit_reached("event", request):
            form.add_error(None, _("Many registrations were sent from this connection today. Please try again "
                                   "tomorrow."))
        elif form.claim_challenge():
            path = _register_now(request, event, form)
            if path is not None:
                return see_other(path)
    response = render(request, "portal/event_register.html", {
        **_event_context(event), "form": form, "closed": closed,
        "full": event.seats_taken >= event.capacity})
    if request.method == "POST":
        return _private(response)
    patch_cache_control(response, private=True, max_age=60)
    return response


def _register_now(request, event, form) -> str | None:
    data = form.cleaned_data
    try:
        with transaction.atomic():
            _registration, token = event_services.registration_create_public(
                event=event, name=data["name"], organisation_name=data["organisation"], email=data["email"],
                accessibility_needs=data["accessibility_needs"], consent=data["consent"], language=page_language(),
                base_url=site_url_of(request))
    except ValidationError as error:
        fields = getattr(error, "error_dict", {})
        if "email" in fields and getattr(fields["email"][0], "code", "") == "duplicate":
            form.add_error("email", _("This e-mail address is already registered for this event. Please use "
                                      "the link in our e-mail to change your registration."))
        elif fields:
            form.add_error(None, _("Please check your entries."))
        else:
            form.add_error(None, _("Registration for this event is closed."))
        form.renew_challenge()
        return None
    address_used("event", request)
    return f"{reverse('portal:event_registration', args=[token])}?done=registered"


OUTCOMES = {"registered", "cancelled", "feedback"}


def _registration_or_refusal(request, token):
    registration = None
    with contextlib.suppress(Http404):
        registration = event_selectors.registration_by_token(token)
    if registration is None:
        if not wrong_link("event-registration", request):
            return None, refusal(request, 429)
        return None, _private(render(request, "portal/event_unknown.html", status=404))
    if not valid_link("event-registration", token):
        return None, refusal(request, 429)
    return registration, None


def _participant_action(registration, token, form) -> str | None:
    try:
        if form.cleaned_data["action"] == "cancel":
            event_services.registration_cancel(registration=registration, token=token)
            return "cancelled"
        event_services.feedback_submit(registration=registration, overall=form.cleaned_data["overall"],
                                       usefulness=form.cleaned_data["usefulness"],
                                       comment=form.cleaned_data["comment"])
        return "feedback"
    except (ValidationError, PermissionDenied):
        form.add_error(None, _("This is no longer possible. Please write to the organisers."))
        return None


@public
@protected_post("event-registration")
def registration(request, participant_token):
    """The participant's own page: what they registered for, their status, and what they can do."""
    registration, refused = _registration_or_refusal(request, participant_token)
    if refused is not None:
        return refused
    form = ParticipantForm(request.POST if request.method == "POST" else None, registration_id=registration.pk)
    if request.method == "POST" and form.is_valid() and form.claim_challenge():
        outcome = _participant_action(registration, participant_token, form)
        if outcome:
            return see_other(f"{reverse('portal:event_registration', args=[participant_token])}?done={outcome}")
        form.renew_challenge()
        registration.refresh_from_db()
    if request.method == "GET":
        record(None, "event.registration_viewed", registration,
               organisation_id=registration.event.organisation_id, details={"via": "portal_manage_link"})
    event = registration.event
    status = registration.status
    done = request.GET.get("done")
    response = render(request, "portal/event_registration.html", {
        **_event_context(event), "registration": registration, "form": form,
        "done": done if done in OUTCOMES else None,
        "position": event_selectors.waiting_position(registration),
        "cancellable": status in (Registration.Status.CONFIRMED, Registration.Status.WAITING)
        and event.starts_at > timezone.now() and event.status == event.Status.PUBLISHED,
        "feedback_open": status == Registration.Status.ATTENDED and event.is_past
        and not hasattr(registration, "feedback"),
        "certificate": status == Registration.Status.ATTENDED,
        "show_link": registration.holds_seat and event.status == event.Status.PUBLISHED,
        "materials": event_selectors.materials_of(event) if registration.status != Registration.Status.CANCELLED
        else []})
    return _private(response)


@public
def certificate(request, participant_token):
    registration, refused = _registration_or_refusal(request, participant_token)
    if refused is not None:
        return refused
    if registration.status != Registration.Status.ATTENDED:
        # Only after attendance: back to the participant's page, which says what is possible.
        return see_other(reverse("portal:event_registration", args=[participant_token]))
    data = certificate_issue(registration, via="portal_manage_link")
    return file_response(data, content_type="application/pdf", filename=certificate_filename(registration))


@public
def material(request, participant_token, material_id):
    registration, refused = _registration_or_refusal(request, participant_token)
    if refused is not None:
        return refused
    if registration.status == Registration.Status.CANCELLED:
        raise Http404
    found = event_selectors.material_for(None, registration.event, material_id)
    record(None, "event.material_downloaded", found, details={"event": registration.event_id,
                                                              "via": "portal_manage_link"})
    return file_response(event_services.material_bytes(found), content_type=found.content_type,
                         filename=event_services.material_filename(found))
