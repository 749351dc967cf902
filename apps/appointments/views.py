"""Booking pages for staff, the public manage page, and calendar feeds."""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.appointments import notices, selectors, services
from apps.appointments.calendar import feed
from apps.appointments.forms import BookingForm, CancelForm, FreeSlotSearchForm
from apps.appointments.models import CalendarToken
from apps.appointments.ratelimit import valid_link, wrong_link
from apps.audit.services import record
from apps.clients.selectors import persons_visible_to, search_persons
from apps.core.links import absolute_url
from apps.core.permissions import public, require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.mobile import selectors as mobile_selectors

SEARCH_LIMIT = 20


@require_perm("case.write")
def free_slots(request):
    form = FreeSlotSearchForm(request.GET or None)
    slots = []
    if form.is_valid():
        start = form.cleaned_data["start"] or timezone.localdate()
        end = form.cleaned_data["end"] or start + timedelta(weeks=6)
        slots = list(selectors.free_slot_search(request.user, district=form.cleaned_data["district"],
                                                start=start, end=end)[:200])
    return render(request, "appointments/free_slots.html", {"form": form, "slots": slots,
                                                            "searched": form.is_bound})


def _chosen_person(request, raw):
    if not raw:
        return None
    person = persons_visible_to(request.user).filter(pk=raw).first()
    if person is None:
        raise Http404
    return person


@require_perm("case.write")
def book(request, pk):
    slot = selectors.slot_for(request.user, pk)
    form = BookingForm(request.POST or None, initial={"person": request.GET.get("person")})
    person = _chosen_person(request, request.POST.get("person") or request.GET.get("person"))
    query = request.GET.get("q", "").strip()
    matches = list(search_persons(request.user, query).order_by("family_name", "given_names")[:SEARCH_LIMIT]) \
        if query else []
    if matches:
        record(request.user, "person.list_viewed", details={"ids": [p.pk for p in matches], "via": "booking"})
    booked = {}

    def action():
        booked["result"] = services.appointment_book(actor=request.user, slot=slot, person=person,
                                                     data=form.cleaned_data)

    if submit(request, form, action, success=_("The appointment has been booked.")):
        appointment, token = booked["result"]
        link = notices.manage_link(appointment, token)
        messages.info(request, _("Link for the client to cancel or rebook: %(link)s") % {"link": link})
        return redirect("appointments:detail", appointment.pk)
    return render(request, "appointments/book.html", {
        "slot": slot, "form": form, "person": person, "query": query, "matches": matches})


@require_perm("case.read")
def day_detail(request, pk):
    day = mobile_selectors.day_for(request.user, pk, "case.read")
    rows = selectors.slots_with_bookings(day)
    visible = selectors.visible_person_ids(request.user, [a.person_id for _s, a in rows if a])
    record(request.user, "appointment.list_viewed", day,
           details={"ids": [a.pk for _s, a in rows if a]})
    now = timezone.now()
    return render(request, "appointments/day_detail.html", {
        "day": day, "rows": rows, "visible": visible, "now": now})


@require_perm("case.read")
def detail(request, pk):
    appointment = selectors.appointment_for(request.user, pk)
    person_visible = bool(appointment.person_id) and bool(
        selectors.visible_person_ids(request.user, [appointment.person_id]))
    return render(request, "appointments/detail.html", {
        "appointment": appointment, "person_visible": person_visible,
        "cancel_form": CancelForm(initial={"version": appointment.version}),
        "started": appointment.slot.starts_at <= timezone.now()})


@require_POST
@require_perm("case.write")
def cancel(request, pk):
    appointment = selectors.appointment_for(request.user, pk, permission="case.write", audit=False)
    form = CancelForm(request.POST)
    run_reporting(request, lambda: services.appointment_cancel(
        actor=request.user, appointment=appointment, reason=form.cleaned_data["reason"],
        version=form.cleaned_data["version"]), success=_("The appointment has been cancelled."),
        form=form, invalid=_("Please check the input."))
    return redirect("appointments:detail", pk)


def _outcome(request, pk, service, success):
    appointment = selectors.appointment_for(request.user, pk, permission="case.write", audit=False)
    run_reporting(request, lambda: service(actor=request.user, appointment=appointment), success=success)
    return redirect("appointments:detail", pk)


@require_POST
@require_perm("case.write")
def no_show(request, pk):
    return _outcome(request, pk, services.mark_no_show, _("Recorded: the client did not come."))


@require_POST
@require_perm("case.write")
def attended(request, pk):
    return _outcome(request, pk, services.mark_attended, _("Recorded: the client came."))


@public
def manage(request, manage_token):
    """The holder's old link (before the portal had a page for it): leads to the portal's manage
    page in the holder's language, which offers every client language and reads right to left
    for Arabic, Persian and Pashto. A wrong link stays a 404, and guessing stays limited."""
    try:
        appointment = selectors.appointment_by_token(manage_token)
    except Http404:
        if wrong_link("manage", request):
            raise
        return HttpResponse(_("Too many requests. Please try again later."), status=429)
    if not valid_link("manage", manage_token):
        return HttpResponse(_("Too many requests. Please try again later."), status=429)
    # Browsers follow it with a GET: a POST of the old page's form is not repeated there.
    return HttpResponseRedirect(notices.manage_path(appointment, manage_token))


# --- Calendar links --------------------------------------------------------------------

@require_perm("case.read")
def calendars(request):
    return render(request, "appointments/calendars.html", {
        "tokens": list(selectors.calendar_tokens_of(request.user)),
        "location_tokens": list(selectors.location_tokens_for(request.user)),
        "locations": list(mobile_selectors.plannable_locations(request.user)),
        "new_link": request.session.pop("calendar_link", None)})


@require_POST
@require_perm("case.read")
def calendar_create(request):
    result = run_reporting(request, lambda: services.calendar_token_create(actor=request.user, user=request.user),
                           success=_("Your calendar link has been created. It is shown only once."))
    if result:
        _token, plain = result
        request.session["calendar_link"] = absolute_url(reverse("appointments:counsellor_feed", args=[plain]))
    return redirect("appointments:calendars")


@require_POST
@require_perm("mobile.plan")
def location_calendar_create(request):
    location = mobile_selectors.plannable_locations(request.user).filter(pk=request.POST.get("location") or 0).first()
    if location is None:
        messages.error(request, _("Please choose a location."))
        return redirect("appointments:calendars")
    result = run_reporting(request, lambda: services.calendar_token_create(actor=request.user, location=location),
                           success=_("The location's calendar link has been created. It is shown only once."))
    if result:
        request.session["calendar_link"] = absolute_url(reverse("appointments:location_feed", args=[result[1]]))
    return redirect("appointments:calendars")


@require_POST
@require_perm("case.read")
def calendar_revoke(request):
    raw = request.POST.get("token") or 0
    token = (selectors.calendar_tokens_of(request.user).filter(pk=raw).first()
             or selectors.location_tokens_for(request.user).filter(pk=raw).first())
    if token is None:
        messages.error(request, _("This calendar link does not exist (any more)."))
        return redirect("appointments:calendars")
    run_reporting(request, lambda: services.calendar_token_revoke(actor=request.user, token=token),
                  success=_("The calendar link has been revoked."))
    return redirect("appointments:calendars")


def _feed(request, feed_token, kind):
    try:
        token = selectors.calendar_token_for(feed_token, kind)
    except Http404:
        if wrong_link("feed", request):
            raise
        return HttpResponse(status=429)
    if not valid_link("feed", feed_token):
        return HttpResponse(status=429)
    record(None, "calendar_feed.viewed", token,
           organisation_id=token.location.organisation_id if token.location_id else None,
           details={"kind": kind, "token": token.pk})
    name = token.location.name if token.location_id else (token.user.full_name or token.user.email)
    body = feed(selectors.feed_days(token), name=f"ReturnNet: {name}", domain=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@public
def counsellor_feed(request, counsellor_token):
    return _feed(request, counsellor_token, CalendarToken.Kind.COUNSELLOR)


@public
def location_feed(request, location_token):
    return _feed(request, location_token, CalendarToken.Kind.LOCATION)


