"""Finding counselling, booking a slot, and the holder's page behind the manage link.

No view here sets a cookie: no session, no messages framework, no CSRF cookie (forms are
protected by apps/portal/protection.py). Outcomes travel in the redirect's query string as
a fixed word ("?done=cancelled"), never with personal data.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.appointments import notices, services
from apps.appointments import selectors as appointment_selectors
from apps.appointments.ratelimit import valid_link, wrong_link
from apps.audit.services import record
from apps.core.client_languages import client_languages, is_client_language
from apps.core.links import absolute_url
from apps.core.permissions import public
from apps.portal import selectors
from apps.portal.forms import BookingForm, FindForm, ManageForm
from apps.portal.http import page_language, see_other
from apps.portal.protection import (
    address_limit_reached,
    address_used,
    phone_limit_reached,
    phone_used,
    protected_post,
    refusal,
)
from apps.portal.texts import texts
from apps.regions.selectors import districts_for_postcode

# A manage token is 43 characters (secrets.token_urlsafe(32)); anything much longer is not one.
TOKEN_MAX = 100


def _cache(response, seconds: int):
    patch_cache_control(response, public=True, max_age=seconds)
    return response


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def _hotline(language: str) -> dict:
    """The hotline's number and hours for the page; the frame reuses the same texts (one query)."""
    values = texts(language)
    return {"portal_texts": values, "hotline_number": values["hotline_number"],
            "hotline_hours": values["hotline_hours"]}


@public
def find(request):
    """Choose a district or type a postcode; one district leads straight to its page, a
    postcode across a border offers its districts."""
    searched = "district" in request.GET or "postcode" in request.GET
    form = FindForm(request.GET if searched else None, districts=selectors.districts())
    choices = []
    if form.is_bound and form.is_valid():
        if form.cleaned_data["postcode"]:
            choices = districts_for_postcode(form.cleaned_data["postcode"])
            if not choices:
                form.add_error("postcode", _("We do not know this postcode in Rhineland-Palatinate. Please "
                                             "check it or choose your district from the list."))
        else:
            district = selectors.district_by_ags(form.cleaned_data["district"])
            choices = [district] if district else []
        if len(choices) == 1:
            return _cache(redirect("portal:district", choices[0].ags), 3600)
    response = render(request, "portal/find.html", {"form": form, "choices": choices})
    return _cache(response, 300)


@public
def district(request, ags):
    found = selectors.district_by_ags(ags)
    if found is None:
        raise Http404
    language = page_language()
    response = render(request, "portal/district.html", {
        "district": found, "offices": selectors.offices_for(found),
        "days": selectors.public_days_with_free_slots(found),
        **_hotline(language)})
    return _cache(response, 60)


def _slot_context(slot) -> dict:
    start = timezone.localtime(slot.starts_at)
    return {"slot": slot, "day": slot.day, "location": slot.day.location, "start": start,
            "end": timezone.localtime(slot.ends_at), "weekday": selectors.weekday_of(start)}


SLOT_GONE = {
    "taken": gettext_lazy("Sorry, this time has just been booked by someone else. Please choose another time."),
    "past": gettext_lazy("This time has already passed. Please choose another time."),
}


def _book_now(request, slot, form):
    """Book through the concurrency-safe service and queue the confirmation in the same
    transaction; a refusal becomes a form error in our own words. Returns the manage page's path."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            appointment, token = services.appointment_book_public(
                slot=slot, pseudonym=data["name"], phone=data["phone"], email=data["email"],
                language=page_language(), consent=data["consent"])
            path = reverse("portal:manage", args=[token])
            notices.send_confirmation(appointment, absolute_url(path))
    except ValidationError as error:
        if hasattr(error, "error_dict") and "phone" in error.error_dict:
            form.add_error("phone", _("This phone number already has several upcoming appointments. Please "
                                      "cancel one of them first."))
        elif getattr(error, "code", None) == "slot_taken" or selectors.slot_state(slot) == "taken":
            form.add_error(None, SLOT_GONE["taken"])
        else:
            form.add_error(None, _("This time can no longer be booked. Please choose another time."))
        form.renew_challenge()
        return None
    phone_used("booking", data["phone"])
    address_used("booking", request)
    return path


@public
@protected_post("booking")
def book(request, slot_id):
    slot = selectors.bookable_slot(slot_id)
    if slot is None:
        raise Http404
    state = selectors.slot_state(slot)
    form = BookingForm(request.POST if request.method == "POST" else None, slot_id=slot.pk)
    valid = request.method == "POST" and form.is_valid()
    if request.method == "POST" and state != "free":
        # Whatever else is wrong (a double submit's spent challenge too): this time is gone.
        form.add_error(None, SLOT_GONE[state])
    elif valid:
        if phone_limit_reached("booking", form.cleaned_data["phone"]):
            form.add_error("phone", _("This phone number was used for several bookings today. Please call the "
                                      "hotline."))
        elif address_limit_reached("booking", request):
            form.add_error(None, _("Many appointments were booked from this connection today. Please call the "
                                   "hotline."))
        elif form.claim_challenge():
            url = _book_now(request, slot, form)
            if url is not None:
                return see_other(url)
        state = selectors.slot_state(slot)
    response = render(request, "portal/book.html", {
        **_slot_context(slot), "form": form, "state": state, "district": slot.day.location.district})
    return _private(response) if request.method == "POST" else _cache(response, 60)


# --- The holder's manage page -----------------------------------------------------------

def _rebooking_slots(appointment) -> list:
    slots = list(appointment_selectors.public_free_slots_for_rebooking(appointment)[:30])
    for slot in slots:
        start = timezone.localtime(slot.starts_at)
        slot.label = f"{selectors.weekday_of(start)} {start:%d.%m.%Y} – {start:%H:%M}"
    return slots


def _manage_action(request, appointment, token, form) -> str | None:
    """Run the holder's cancel or rebook; returns the outcome word, or None with a form error."""
    try:
        if form.cleaned_data["action"] == "cancel":
            services.appointment_cancel(appointment=appointment, token=token, reason="cancelled by the client")
            return "cancelled"
        new_slot = appointment_selectors.public_free_slots_for_rebooking(appointment).filter(
            pk=form.cleaned_data["slot"]).first()
        if new_slot is None:
            form.add_error("slot", _("Sorry, this time has just been booked by someone else. Please choose "
                                     "another time."))
            return None
        services.appointment_rebook(token=token, appointment=appointment, new_slot=new_slot)
        return "moved"
    except ValidationError:
        form.add_error(None, _("This appointment can no longer be changed. Please call the hotline."))
        return None


OUTCOMES = {"cancelled", "moved"}


@public
@protected_post("manage")
def manage(request, manage_token):
    """Date, time, place and code of a booking behind its secret link; cancel or move it."""
    token = manage_token
    appointment = None
    if len(token) <= TOKEN_MAX:
        try:
            appointment = appointment_selectors.appointment_by_token(token)
        except Http404:
            appointment = None
    if appointment is None:
        if not wrong_link("manage", request):
            return refusal(request, 429)
        return _private(render(request, "portal/manage_unknown.html", status=404))
    if not valid_link("manage", token):
        return refusal(request, 429)
    # The frame's language link leaves the token out (SECRET_PAGES): this page offers every
    # client language itself, as a form that comes back here (the token appears in no link).
    wanted = request.GET.get("language", "")
    if request.method == "GET" and is_client_language(wanted) and wanted != page_language():
        return see_other(translate_url(reverse("portal:manage", args=[token]), wanted))
    slots = _rebooking_slots(appointment) if appointment.is_active else []
    form = ManageForm(request.POST if request.method == "POST" else None, slots=slots,
                      appointment_id=appointment.pk)
    if request.method == "POST" and form.is_valid() and form.claim_challenge():
        outcome = _manage_action(request, appointment, token, form)
        if outcome:
            return see_other(f"{reverse('portal:manage', args=[token])}?done={outcome}")
        form.renew_challenge()
        appointment.refresh_from_db()
    if request.method == "GET":
        record(None, "appointment.viewed", appointment, details={"via": "portal_manage_link"})
    done = request.GET.get("done")
    start = timezone.localtime(appointment.slot.starts_at)
    response = render(request, "portal/manage.html", {
        "languages": client_languages(), "current_language": page_language(),
        "appointment": appointment, "location": appointment.day.location, "start": start,
        "weekday": selectors.weekday_of(start), "form": form, "slots": slots,
        "changeable": appointment.is_active and appointment.status == "booked" and start > timezone.now(),
        "done": done if done in OUTCOMES else None})
    return _private(response)
