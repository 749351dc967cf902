"""Appointments: staff bookings (/appointments) and public, anonymous endpoints (/public/…)."""

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate
from ninja.throttling import AnonRateThrottle

from apps.api.pagination import Page
from apps.api.permissions import public, requires
from apps.api.routers.common import RECORD_ERRORS, invalid
from apps.api.routers.public import PublicReadThrottle, public_days
from apps.api.schemas.appointments import (
    AppointmentBookedOut,
    AppointmentCancelIn,
    AppointmentCreateIn,
    AppointmentListFilters,
    AppointmentOut,
    PublicBookingIn,
    PublicBookingOut,
)
from apps.api.schemas.common import ErrorOut, PathId
from apps.api.schemas.public import PublicCounsellingDayOut
from apps.appointments import selectors, services
from apps.audit.context import address_of
from apps.clients.selectors import persons_visible_to
from apps.mobile import selectors as mobile_selectors
from apps.mobile.models import Slot

router = Router()


def _show_visible_persons(user, appointments):
    """Mark which holders' person ids the user may see (one query for all); AppointmentOut
    shows `person_id` only where marked, so a restricted client stays hidden."""
    visible = selectors.visible_person_ids(user, [a.person_id for a in appointments])
    for appointment in appointments:
        appointment.visible_person_id = appointment.person_id if appointment.person_id in visible else None
    return appointments


class AppointmentPage(Page):
    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        _show_visible_persons(request.auth, page[self.items_attribute])
        return page

PUBLIC_BOOKING_RATE = "10/h"


class PublicBookingThrottle(AnonRateThrottle):
    """Anonymous bookings per client address; settings.PUBLIC_BOOKING_RATE overrides the rate."""

    scope = "public_booking"

    def __init__(self):
        super().__init__(rate=PUBLIC_BOOKING_RATE)

    def allow_request(self, request) -> bool:
        self.num_requests, self.duration = self.parse_rate(getattr(settings, "PUBLIC_BOOKING_RATE",
                                                                   PUBLIC_BOOKING_RATE))
        return super().allow_request(request)

    def get_ident(self, request) -> str | None:
        # Ninja's own reading trusts X-Forwarded-For as sent; ours honours TRUSTED_PROXY_COUNT.
        return address_of(request)


@router.get("/appointments", response=list[AppointmentOut], summary="List bookings")
@requires("case.read")
@paginate(AppointmentPage)
def list_appointments(request: HttpRequest, filters: Query[AppointmentListFilters]):
    """Active and past bookings of one visible counselling day, or (without day_id) all upcoming
    bookings of your organisations; the holder appears as person id or pseudonym only."""
    user = request.auth
    if filters.day_id is not None:
        day = mobile_selectors.day_for(user, filters.day_id, "case.read")
        appointments = selectors.appointments_visible_to(user).filter(day=day)
    else:
        appointments = selectors.appointments_visible_to(user).filter(cancelled_at__isnull=True)
    return appointments.select_related("slot").order_by("slot__starts_at", "id")




@router.post("/appointments", response={201: AppointmentBookedOut, **RECORD_ERRORS, 422: ErrorOut},
             summary="Book a slot for a client")
@requires("case.write")
def create_appointment(request: HttpRequest, payload: AppointmentCreateIn):
    """Book a free slot of your organisation for a visible client (person_id) or a caller
    (pseudonym and phone). Needs case.write in the day's organisation; a slot taken in the
    meantime is a 422."""
    slot = selectors.slot_for(request.auth, payload.slot_id)
    person = None
    if payload.person_id is not None:
        person = persons_visible_to(request.auth).filter(pk=payload.person_id).first()
        if person is None:
            raise invalid("person_id", "No visible person has this id.")
    appointment, token = services.appointment_book(
        actor=request.auth, slot=slot, person=person, data=payload.model_dump(exclude={"slot_id", "person_id"}))
    _show_visible_persons(request.auth, [appointment])
    return Status(201, {"appointment": appointment, "manage_token": token})


@router.post("/appointments/{appointment_id}/cancel", response={200: AppointmentOut, **RECORD_ERRORS},
             summary="Cancel a booking")
@requires("case.write")
def cancel_appointment(request: HttpRequest, appointment_id: PathId, payload: AppointmentCancelIn):
    """Cancel a booking of your organisation (case.write); with `version`, a stale one is a 409."""
    appointment = selectors.appointment_for(request.auth, appointment_id, permission="case.write", audit=False)
    services.appointment_cancel(actor=request.auth, appointment=appointment, reason=payload.reason,
                                version=payload.version)
    return _show_visible_persons(request.auth, [appointment])[0]


@router.get("/public/districts/{ags}/counselling", response={200: list[PublicCounsellingDayOut], 404: ErrorOut},
            auth=None, throttle=[PublicReadThrottle()], summary="Next public counselling days in a district")
@public
def public_district_counselling(request: HttpRequest, ags: str):
    """Public, without authentication: the next public counselling days in the district with the
    official key `ags` (e.g. 07211 for Trier), with place, time and the free slots with their ids.
    Contains no personal data. GET /public/counselling-days does the same without a district
    key, or for a postcode."""
    from apps.regions.models import District

    return public_days([get_object_or_404(District, ags=ags[:5])])


@router.post("/public/bookings", response={201: PublicBookingOut, 404: ErrorOut, 422: ErrorOut}, auth=None,
             throttle=[PublicBookingThrottle()], summary="Book a public slot anonymously")
@public
def public_booking(request: HttpRequest, payload: PublicBookingIn):
    """Public, without authentication, rate-limited per address: book a free slot of a public
    counselling day with a pseudonym, a phone number, a language and the consent to be
    contacted. Answers with the confirmation code and the secret manage token (shown once)."""
    slot = get_object_or_404(Slot.objects.select_related("day"), pk=payload.slot_id, day__is_public=True,
                             day__location__is_active=True)
    appointment, token = services.appointment_book_public(
        slot=slot, pseudonym=payload.pseudonym, phone=payload.phone, language=payload.language,
        consent=payload.consent, email=payload.email)
    return Status(201, {"confirmation_code": appointment.confirmation_code,
                        "starts_at": appointment.slot.starts_at, "manage_token": token})
