"""Reads of the portal's counselling pages: districts, offices, public counselling days with
their free slots, and the slot a visitor books. Everything here is public information;
nothing personal is read (the holder's booking is read through its manage link only).

Queries stay constant in the number of days and slots: the district page costs the same with
one counselling day as with twenty (tested).
"""

import math
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Office
from apps.accounts.selectors import public_offices, user_has_perm
from apps.appointments.models import Appointment
from apps.appointments.selectors import public_days
from apps.mobile.models import MobileCounsellingDay, Slot
from apps.portal.models import AccessibilityFeedback
from apps.regions.models import District

AGS = re.compile(r"\d{5}")
# Largest id a database column holds: a longer number in a URL is simply unknown (SQLite would
# raise OverflowError on it).
MAX_ID = 2**63 - 1
NEAREST_OFFICES = 3
DAYS_SHOWN = 10
# Our own weekday names: the portal's catalogues have them in every client language.
WEEKDAYS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"),
            _("Sunday")]


def districts() -> list[District]:
    return list(District.objects.only("ags", "name", "kind").order_by("name"))


def district_by_ags(ags: str) -> District | None:
    if not AGS.fullmatch(ags or ""):
        return None
    return District.objects.filter(ags=ags).first()


@dataclass
class OfficeListing:
    offices: list[Office]
    nearby: bool  # True: none in the district, these are the nearest ones


def _distance_km(a: District, b: District) -> float:
    """Great-circle distance between two district centres."""
    lat1, lon1, lat2, lon2 = map(math.radians, map(float, (a.latitude, a.longitude, b.latitude, b.longitude)))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def offices_for(district: District, nearest: int = NEAREST_OFFICES) -> OfficeListing:
    """The counselling offices in the district, else the nearest few by the distance between
    district centres (the offices have no coordinates of their own). One query."""
    offices = list(public_offices())
    here = [office for office in offices if office.district_id == district.pk]
    if here:
        return OfficeListing(here, nearby=False)
    offices.sort(key=lambda office: (_distance_km(district, office.district), office.name))
    return OfficeListing(offices[:nearest], nearby=True)


def _public_days():
    return MobileCounsellingDay.objects.filter(
        is_public=True, status=MobileCounsellingDay.Status.PLANNED, location__is_active=True)


def public_days_with_free_slots(district: District, limit: int = DAYS_SHOWN) -> list[MobileCounsellingDay]:
    """The next public counselling days in the district (apps.appointments.selectors.public_days),
    each with `free_slot_list` and `weekday`. Two queries, however many days and slots."""
    days = public_days(district=district, limit=limit)
    for day in days:
        day.weekday = WEEKDAYS[day.date.weekday()]
    return days


def bookable_slot(slot_id: int) -> Slot | None:
    """A slot of a public, planned day at an active location, or None (unknown or not public).
    Whether it is still free and in the future is the page's to say."""
    if not 0 < slot_id <= MAX_ID:
        return None
    return (Slot.objects.filter(pk=slot_id, day__in=_public_days())
            .select_related("day", "day__location", "day__location__district").first())


def slot_state(slot: Slot) -> str:
    """"free", "taken" or "past"."""
    if slot.starts_at <= timezone.now():
        return "past"
    if Appointment.objects.filter(slot=slot, cancelled_at__isnull=True).exists():
        return "taken"
    return "free"


def weekday_of(moment) -> str:
    return str(WEEKDAYS[timezone.localtime(moment).weekday()])


def feedback_visible_to(user):
    """The accessibility feedback `user` may read, newest first: all of it for a holder of
    portal.manage (the network's administrators), none for anyone else. The caller audits
    the read (names and e-mail addresses are personal data)."""
    if not user_has_perm(user, "portal.manage"):
        return AccessibilityFeedback.objects.none()
    return AccessibilityFeedback.objects.order_by("-received_at", "-id")
