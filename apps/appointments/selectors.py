"""Reads of appointments, free slots and calendar feeds. All scoping happens here."""

import hashlib
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.accounts.selectors import organisation_ids_with
from apps.appointments.models import Appointment, CalendarToken
from apps.audit.services import record
from apps.clients.selectors import persons_visible_to
from apps.mobile.models import MobileCounsellingDay, Slot
from apps.mobile.selectors import days_visible_to


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _active_booking():
    return Appointment.objects.filter(slot=OuterRef("pk"), cancelled_at__isnull=True)


def free_slots_of(day: MobileCounsellingDay) -> QuerySet[Slot]:
    """The day's slots that nobody holds and that have not begun."""
    return (Slot.objects.filter(day=day, starts_at__gt=timezone.now())
            .exclude(Exists(_active_booking())).order_by("starts_at"))


def is_free(slot: Slot) -> bool:
    return not Appointment.objects.filter(slot=slot, cancelled_at__isnull=True).exists()


def slot_for(user, pk: int, permission: str = "case.write") -> Slot:
    """A slot of a day in one of the user's organisations holding `permission`, or 404."""
    return get_object_or_404(
        Slot.objects.select_related("day", "day__location", "day__location__district")
        .filter(day__in=days_visible_to(user, permission)), pk=pk)


def _with_free_count(days):
    now = timezone.now()
    return days.annotate(free_count=Count(
        "slots", filter=Q(slots__starts_at__gt=now) & ~Exists(
            Appointment.objects.filter(slot=OuterRef("slots"), cancelled_at__isnull=True)), distinct=True))


def free_slot_search(user, *, district=None, start: date, end: date) -> QuerySet[Slot]:
    """Free slots of planned days in the user's organisations (case.write) in the period."""
    slots = (Slot.objects.filter(day__in=days_visible_to(user, "case.write"),
                                 day__status=MobileCounsellingDay.Status.PLANNED,
                                 day__date__gte=start, day__date__lte=end, starts_at__gt=timezone.now())
             .exclude(Exists(_active_booking()))
             .select_related("day", "day__location", "day__location__district"))
    if district is not None:
        slots = slots.filter(day__location__district=district)
    return slots.order_by("starts_at", "id")


def slots_with_bookings(day: MobileCounsellingDay) -> list[tuple[Slot, Appointment | None]]:
    """Every slot of the day with its active booking (or None); two queries."""
    slots = list(day.slots.order_by("starts_at"))
    active = {a.slot_id: a for a in Appointment.objects.filter(day=day, cancelled_at__isnull=True)
              .select_related("person")}
    return [(slot, active.get(slot.pk)) for slot in slots]


def visible_person_ids(user, person_ids) -> set[int]:
    return set(persons_visible_to(user).filter(pk__in=[p for p in person_ids if p]).values_list("pk", flat=True))


def appointments_visible_to(user, permission: str = "case.read") -> QuerySet[Appointment]:
    return Appointment.objects.filter(organisation_id__in=organisation_ids_with(user, permission))


def appointment_for(user, pk: int, *, permission: str = "case.read", audit: bool = True) -> Appointment:
    appointment = get_object_or_404(
        appointments_visible_to(user, permission).select_related("slot", "day", "day__location", "person"), pk=pk)
    if audit:
        record(user, "appointment.viewed", appointment)
    return appointment


def appointment_by_token(token: str) -> Appointment:
    """The appointment behind a manage link, or 404 (the token is compared by its hash)."""
    appointment = (Appointment.objects.select_related("slot", "day", "day__location")
                   .filter(manage_token_hash=token_hash(token)).first())
    if appointment is None:
        raise Http404
    return appointment


def public_free_slots_for_rebooking(appointment: Appointment) -> QuerySet[Slot]:
    """Other free public slots at the same location."""
    return (Slot.objects.filter(day__location_id=appointment.day.location_id, day__is_public=True,
                                day__status=MobileCounsellingDay.Status.PLANNED, starts_at__gt=timezone.now())
            .exclude(Exists(_active_booking())).exclude(pk=appointment.slot_id)
            .select_related("day").order_by("starts_at"))


def public_days(*, district=None, districts=None, limit: int = 20) -> list[MobileCounsellingDay]:
    """The next planned public counselling days at active places that still lie ahead (a day
    of today only while one of its slots has not begun), in `district` or `districts` when
    given; each with `free_slot_list` (its free slots by time: not begun, not held by an
    active booking). The one definition for the portal and the public API. Two queries,
    however many days and slots."""
    now, today = timezone.now(), timezone.localdate()
    days = MobileCounsellingDay.objects.filter(
        is_public=True, status=MobileCounsellingDay.Status.PLANNED, location__is_active=True, date__gte=today)
    if district is not None:
        days = days.filter(location__district=district)
    if districts is not None:
        days = days.filter(location__district__in=districts)
    days = days.filter(Q(date__gt=today) | Q(slots__starts_at__gt=now)).distinct()
    free = Slot.objects.filter(starts_at__gt=now).exclude(Exists(_active_booking())).order_by("starts_at", "id")
    return list(days.select_related("location", "location__district")
                .prefetch_related(Prefetch("slots", queryset=free, to_attr="free_slot_list"))
                .order_by("date", "starts_at", "id")[:limit])


def public_days_in_district(ags: str, limit: int = 20) -> QuerySet[MobileCounsellingDay]:
    """The next public counselling days in a district, with `free_count`."""
    days = MobileCounsellingDay.objects.filter(
        location__district__ags=ags, location__is_active=True, is_public=True,
        status=MobileCounsellingDay.Status.PLANNED, date__gte=timezone.localdate()).select_related("location")
    return _with_free_count(days).order_by("date", "starts_at", "id")[:limit]


def appointments_due_for_reminder(day: date) -> QuerySet[Appointment]:
    return (Appointment.objects.filter(day__date=day, cancelled_at__isnull=True, reminder_sent_at__isnull=True,
                                       status=Appointment.Status.BOOKED)
            .exclude(consent_given_at__isnull=True)
            .select_related("day", "day__location", "slot"))


def active_appointments_of(day: MobileCounsellingDay) -> QuerySet[Appointment]:
    return Appointment.objects.filter(day=day, cancelled_at__isnull=True).select_related("slot", "person")


# --- Calendar feeds ---------------------------------------------------------------------

def calendar_token_for(token: str, kind: str) -> CalendarToken:
    """The live token behind a feed address, or 404. A counsellor's feed dies with their
    account or their last membership allowed to read cases; a location's with the location."""
    found = (CalendarToken.objects.select_related("user", "location")
             .filter(token_hash=token_hash(token), kind=kind, revoked_at__isnull=True).first())
    if found is None:
        raise Http404
    if kind == CalendarToken.Kind.COUNSELLOR:
        if not found.user.is_active or not organisation_ids_with(found.user, "case.read"):
            raise Http404
    elif not found.location.is_active:
        raise Http404
    return found


def calendar_tokens_of(user) -> QuerySet[CalendarToken]:
    return CalendarToken.objects.filter(kind=CalendarToken.Kind.COUNSELLOR, user=user, revoked_at__isnull=True)


def location_tokens_for(user) -> QuerySet[CalendarToken]:
    """Active feed tokens of locations in the organisations the user plans for (mobile.plan)."""
    return CalendarToken.objects.filter(
        kind=CalendarToken.Kind.LOCATION, revoked_at__isnull=True,
        location__organisation_id__in=organisation_ids_with(user, "mobile.plan")).select_related("location")


def feed_days(token: CalendarToken) -> QuerySet[MobileCounsellingDay]:
    days = MobileCounsellingDay.objects.filter(status=MobileCounsellingDay.Status.PLANNED)
    if token.kind == CalendarToken.Kind.COUNSELLOR:
        days = days.filter(counsellors=token.user)
    else:
        days = days.filter(location=token.location)
    return days.select_related("location").prefetch_related("counsellors").order_by("date", "starts_at")
