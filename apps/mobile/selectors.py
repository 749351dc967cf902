"""Reads of mobile counselling, each scoped to what the acting user may see.

Locations and days belong to a counselling organisation: its members with case.read or
mobile.plan see them. Hosting requests have two sides: the requesting organisation
(mobile.host) and the receiving counselling organisation (mobile.plan). Coverage is
network-wide and holds no personal data.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.accounts.models import Organisation, Role, User
from apps.accounts.selectors import organisation_ids_with
from apps.mobile.models import CounsellingLocation, HostingRequest, MobileCounsellingDay, Slot
from apps.regions.models import District, Postcode

OPEN_REQUEST_STATUSES = (HostingRequest.Status.SUBMITTED, HostingRequest.Status.CHANGES_PROPOSED)


def _reader_org_ids(user) -> set[int]:
    return set(organisation_ids_with(user, "case.read")) | set(organisation_ids_with(user, "mobile.plan"))


# --- Locations ----------------------------------------------------------------------------

def locations_visible_to(user, *, include_inactive: bool = False) -> QuerySet[CounsellingLocation]:
    locations = CounsellingLocation.objects.filter(organisation_id__in=_reader_org_ids(user))
    if not include_inactive:
        locations = locations.filter(is_active=True)
    return locations.select_related("district", "organisation", "host")


def location_for(user, pk: int, permission: str | None = None) -> CounsellingLocation:
    """A location of an organisation where the user reads (or holds `permission`); else 404."""
    org_ids = organisation_ids_with(user, permission) if permission else _reader_org_ids(user)
    return get_object_or_404(CounsellingLocation.objects.select_related("district", "organisation", "host"),
                             pk=pk, organisation_id__in=org_ids)


def plannable_locations(user) -> QuerySet[CounsellingLocation]:
    """Active locations of the organisations where the user plans mobile counselling."""
    return CounsellingLocation.objects.filter(
        organisation_id__in=organisation_ids_with(user, "mobile.plan"), is_active=True
    ).select_related("district")


def coordinates_of(location: CounsellingLocation) -> tuple[float, float]:
    """(latitude, longitude) of the location, or of its district's seat when it has none."""
    if location.latitude is not None and location.longitude is not None:
        return float(location.latitude), float(location.longitude)
    return float(location.district.latitude), float(location.district.longitude)


def district_for_postcode(postcode: str) -> District | None:
    """The district of a postcode, when it lies in exactly one district."""
    ids = set(Postcode.objects.filter(code=postcode.strip()).values_list("district_id", flat=True))
    return District.objects.get(pk=ids.pop()) if len(ids) == 1 else None


def counselling_organisations() -> QuerySet[Organisation]:
    """Where a hosting request can be addressed: the active counselling providers."""
    return Organisation.objects.filter(is_active=True, kind=Organisation.Kind.COUNSELLING_PROVIDER)


def counsellors_of(organisation_id: int) -> QuerySet[User]:
    """Active members of the organisation who hold case.write there (they counsel)."""
    roles = [role.pk for role in Role.objects.all() if "case.write" in (role.permissions or ())]
    return User.objects.filter(
        is_active=True, memberships__organisation_id=organisation_id, memberships__is_active=True,
        memberships__role_id__in=roles,
    ).distinct().order_by("full_name")


# --- Counselling days ---------------------------------------------------------------------

def days_visible_to(user, permission: str | None = None) -> QuerySet[MobileCounsellingDay]:
    """The one scoping point for counselling days (mobile, tours and appointments use it).

    Without `permission`: days of the user's counselling organisations, and days at
    premises the user's organisation hosts (so a host sees the dates that resulted from its
    request). With `permission`: only days of the organisations where the user holds it
    (mobile.plan to change a day, case.read to see who booked it)."""
    if permission is None:
        scope = (Q(organisation_id__in=_reader_org_ids(user))
                 | Q(location__host_id__in=organisation_ids_with(user, "mobile.host")))
    else:
        scope = Q(organisation_id__in=organisation_ids_with(user, permission))
    return MobileCounsellingDay.objects.filter(scope).select_related("location", "location__district")


def day_for(user, pk: int, permission: str | None = None) -> MobileCounsellingDay:
    """A day of days_visible_to(user, permission), or 404."""
    return get_object_or_404(days_visible_to(user, permission).prefetch_related("counsellors"), pk=pk)


def upcoming_public_days(district: District | None = None) -> QuerySet[MobileCounsellingDay]:
    """Planned public days from today on (no personal data: location, date, time)."""
    days = MobileCounsellingDay.objects.filter(
        is_public=True, status=MobileCounsellingDay.Status.PLANNED, date__gte=timezone.localdate(),
        location__is_active=True,
    )
    if district is not None:
        days = days.filter(location__district=district)
    return days.select_related("location", "location__district")


def free_slots(day: MobileCounsellingDay) -> QuerySet[Slot]:
    """Slots of the day without an active appointment (one whose cancelled_at is null)."""
    # Counting the appointment ids leaves out the NULL row a slot without any appointment joins to.
    active = Count("appointments", filter=Q(appointments__cancelled_at__isnull=True))
    return day.slots.annotate(active_appointments=active).filter(active_appointments=0).order_by("starts_at")


def with_free_slot_counts(days: QuerySet[MobileCounsellingDay]) -> QuerySet[MobileCounsellingDay]:
    """Annotate `slot_total`, `slot_booked` and `slot_free` (one query for the whole list)."""
    booked = Count("slots", filter=Q(slots__appointments__isnull=False,
                                     slots__appointments__cancelled_at__isnull=True), distinct=True)
    return days.annotate(slot_total=Count("slots", distinct=True), slot_booked=booked).annotate(
        slot_free=F("slot_total") - F("slot_booked")).order_by("date", "starts_at", "id")


def days_of_request(hosting_request: HostingRequest) -> QuerySet[MobileCounsellingDay]:
    if hosting_request.location_id is None:
        return MobileCounsellingDay.objects.none()
    return hosting_request.location.days.filter(date__gte=timezone.localdate()).order_by("date", "starts_at")


# --- Hosting requests ---------------------------------------------------------------------

def _request_queryset() -> QuerySet[HostingRequest]:
    return HostingRequest.objects.select_related("district", "requesting_organisation", "counselling_organisation",
                                                 "location")


def hosting_requests_of(user) -> QuerySet[HostingRequest]:
    """The requests of the organisations where the user may ask to host counselling."""
    return _request_queryset().filter(requesting_organisation_id__in=organisation_ids_with(user, "mobile.host"))


def hosting_request_of(user, pk: int) -> HostingRequest:
    return get_object_or_404(hosting_requests_of(user), pk=pk)


def incoming_hosting_requests(user) -> QuerySet[HostingRequest]:
    """Requests addressed to the organisations where the user plans mobile counselling."""
    return _request_queryset().filter(counselling_organisation_id__in=organisation_ids_with(user, "mobile.plan"))


def incoming_hosting_request(user, pk: int) -> HostingRequest:
    return get_object_or_404(incoming_hosting_requests(user), pk=pk)


# --- Coverage -----------------------------------------------------------------------------

def min_days_per_month() -> int:
    return getattr(settings, "MOBILE_MIN_DAYS_PER_MONTH", 1)


def months_in(start: date, end: date) -> int:
    """Calendar months the period touches (a quarter: 3)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def quarter_of(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1)
    return start, end.fromordinal(end.toordinal() - 1)


@dataclass
class DistrictCoverage:
    district: District
    last_day: date | None
    next_day: date | None
    days_in_period: int
    days_held: int
    open_requests: int
    required: int

    @property
    def below_rule(self) -> bool:
        return self.days_in_period < self.required


def coverage(start: date, end: date) -> list[DistrictCoverage]:
    """Per district: last and next planned counselling day (of all counselling
    organisations), days in the period, days held so far in it, open hosting requests, and
    whether the period falls short of MOBILE_MIN_DAYS_PER_MONTH per month. Three queries."""
    today = timezone.localdate()
    planned = MobileCounsellingDay.objects.filter(status=MobileCounsellingDay.Status.PLANNED)
    in_period = Q(date__gte=start, date__lte=end)
    stats = {
        row["location__district_id"]: row
        for row in planned.values("location__district_id").annotate(
            last_day=Max("date", filter=Q(date__lt=today)),
            next_day=Min("date", filter=Q(date__gte=today)),
            in_period=Count("id", filter=in_period),
            held=Count("id", filter=in_period & Q(date__lt=today)),
        )
    }
    requests = dict(HostingRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES)
                    .values("district_id").annotate(n=Count("id")).values_list("district_id", "n"))
    required = min_days_per_month() * months_in(start, end)
    rows = []
    for district in District.objects.order_by("name"):
        row = stats.get(district.pk, {})
        rows.append(DistrictCoverage(
            district=district, last_day=row.get("last_day"), next_day=row.get("next_day"),
            days_in_period=row.get("in_period", 0), days_held=row.get("held", 0),
            open_requests=requests.get(district.pk, 0), required=required,
        ))
    return rows
