"""Events for network users (network.participate): the published events, one's own
registration (register, cancel), the online link once confirmed, materials, the feedback form
after attending and one's own certificate."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from apps.core.permissions import require_perm
from apps.core.storage import file_response
from apps.core.views_helpers import run_reporting, submit
from apps.events import selectors, services
from apps.events.certificates import certificate_filename, certificate_issue
from apps.events.forms import FeedbackForm, RegisterForm
from apps.events.models import Event, Registration
from apps.events.views.common import base_url_of, render_page, staff_language

PARTICIPATE = "network.participate"


@require_safe
@require_perm(PARTICIPATE)
def event_list(request):
    events = selectors.events_visible_to(request.user)
    now = timezone.now()
    return render_page(request, "events/list.html", {
        "upcoming": events.filter(ends_at__gte=now).order_by("starts_at", "pk"),
        "past": events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:30]})


@require_perm(PARTICIPATE)
def event_detail(request, pk):
    event = selectors.event_for(request.user, pk)
    mine = selectors.own_registration(request.user, event)
    feedback_open = (mine is not None and mine.status == Registration.Status.ATTENDED and event.is_past
                     and not hasattr(mine, "feedback"))
    return render_page(request, "events/detail.html", {
        "event": event, "mine": mine, "form": RegisterForm(),
        "closed_reason": services.registration_closed_reason(event),
        "position": selectors.waiting_position(mine) if mine else None,
        "materials": selectors.materials_of(event) if event.status != Event.Status.DRAFT else [],
        "feedback_open": feedback_open, "feedback_form": FeedbackForm() if feedback_open else None,
        "manage": selectors.can_manage(request.user, event)})


@require_POST
@require_perm(PARTICIPATE)
def register(request, pk):
    event = selectors.event_for(request.user, pk)
    form = RegisterForm(request.POST)
    if run_reporting(request, lambda: services.registration_create_for_user(
            actor=request.user, event=event, accessibility_needs=form.cleaned_data["accessibility_needs"],
            consent=form.cleaned_data["consent"], base_url=base_url_of(request), language=staff_language(request)),
            form=form, invalid=_("Please agree to the processing of your registration."),
            success=_("You are registered. We have sent you an e-mail.")):
        return redirect("events:detail", pk=event.pk)
    return redirect("events:detail", pk=event.pk)


@require_POST
@require_perm(PARTICIPATE)
def cancel_mine(request, pk):
    event = selectors.event_for(request.user, pk)
    mine = selectors.own_registration(request.user, event)
    if mine is None:
        messages.error(request, _("You are not registered for this event."))
        return redirect("events:detail", pk=event.pk)
    run_reporting(request, lambda: services.registration_cancel(registration=mine, actor=request.user),
                  success=_("Your registration has been cancelled."))
    return redirect("events:detail", pk=event.pk)


@require_perm(PARTICIPATE)
def feedback(request, pk):
    event = selectors.event_for(request.user, pk)
    mine = selectors.own_registration(request.user, event)
    if mine is None or mine.status != Registration.Status.ATTENDED:
        messages.error(request, _("Feedback is open to attendees after the event."))
        return redirect("events:detail", pk=event.pk)
    form = FeedbackForm(request.POST or None)
    if submit(request, form, lambda: services.feedback_submit(
            registration=mine, overall=form.cleaned_data["overall"], usefulness=form.cleaned_data["usefulness"],
            comment=form.cleaned_data["comment"]), success=_("Thank you for your feedback.")):
        return redirect("events:detail", pk=event.pk)
    return render_page(request, "events/feedback_form.html", {"event": event, "form": form})


@require_safe
@require_perm(PARTICIPATE)
def material_download(request, pk, material_pk):
    event = selectors.event_for(request.user, pk)
    material = selectors.material_for(request.user, event, material_pk)
    from apps.audit.services import record

    record(request.user, "event.material_downloaded", material, details={"event": event.pk})
    return file_response(services.material_bytes(material), content_type=material.content_type,
                         filename=services.material_filename(material))


@require_safe
@require_perm(PARTICIPATE)
def my_certificate(request, pk):
    event = selectors.event_for(request.user, pk)
    mine = selectors.own_registration(request.user, event)
    if mine is None or mine.status != Registration.Status.ATTENDED:
        messages.error(request, _("A certificate is issued only for attendance."))
        return redirect("events:detail", pk=event.pk)
    data = certificate_issue(mine, actor=request.user, via="network")
    return file_response(data, content_type="application/pdf", filename=certificate_filename(mine))
