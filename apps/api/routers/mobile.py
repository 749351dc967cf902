"""Mobile counselling: /locations, /counselling-days, /hosting-requests."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from apps.accounts.selectors import organisations_with
from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import RECORD_ERRORS, invalid
from apps.api.schemas.common import ErrorOut, PathId
from apps.api.schemas.mobile import (
    DayDetailOut,
    DayFilters,
    DayOut,
    HostingRequestIn,
    HostingRequestOut,
    LocationOut,
)
from apps.audit.services import record
from apps.mobile import selectors, services
from apps.mobile.models import HostingRequest
from apps.regions.models import District

router = Router()


@router.get("/locations", response=list[LocationOut], summary="List counselling locations")
@requires("case.read")
@paginate(Page)
def list_locations(request: HttpRequest):
    """Active counselling locations of the organisations where you read cases or plan mobile counselling."""
    return selectors.locations_visible_to(request.auth).order_by("district__name", "name", "id")


@router.get("/counselling-days", response=list[DayOut], summary="List counselling days")
@requires("case.read")
@paginate(Page)
def list_counselling_days(request: HttpRequest, filters: Query[DayFilters]):
    """Counselling days you may see, by date; filter by district (AGS) and a date range."""
    days = selectors.days_visible_to(request.auth)
    if filters.district:
        days = days.filter(location__district__ags=filters.district)
    if filters.from_date:
        days = days.filter(date__gte=filters.from_date)
    if filters.to_date:
        days = days.filter(date__lte=filters.to_date)
    return days.order_by("date", "starts_at", "id")


@router.get("/counselling-days/{day_id}", response={200: DayDetailOut, 404: ErrorOut},
            summary="Read a counselling day")
@requires("case.read")
def get_counselling_day(request: HttpRequest, day_id: PathId):
    """One counselling day with its counsellors, slots, and which slots are still free."""
    day = selectors.day_for(request.auth, day_id)
    record(request.auth, "counselling_day.viewed", day, details={"via": "api"})
    free = list(selectors.free_slots(day))
    day.counsellor_ids = [user.pk for user in day.counsellors.all()]
    day.slot_count = day.slots.count()
    day.free_slot_count = len(free)
    day.free_slots = free
    return day


@router.get("/hosting-requests", response=list[HostingRequestOut], summary="List hosting requests")
@requires("mobile.host", "mobile.plan")
@paginate(Page)
def list_hosting_requests(request: HttpRequest):
    """Your organisation's requests to host counselling (mobile.host), and those addressed to
    the organisations where you plan mobile counselling (mobile.plan); newest first."""
    user = request.auth
    ids = set(selectors.hosting_requests_of(user).values_list("pk", flat=True)) | set(
        selectors.incoming_hosting_requests(user).values_list("pk", flat=True))
    return HostingRequest.objects.filter(pk__in=ids).select_related("district").order_by("-created_at", "-id")


@router.post("/hosting-requests", response={201: HostingRequestOut, **RECORD_ERRORS},
             summary="Ask to host counselling")
@requires("mobile.host")
def create_hosting_request(request: HttpRequest, payload: HostingRequestIn):
    """Partner or authority staff (mobile.host) ask a counselling organisation for counselling
    days at their premises; the answer and the resulting dates appear on the request."""
    user = request.auth
    requesting = organisations_with(user, "mobile.host")
    if not requesting:
        raise PermissionDenied("mobile.host")
    receiver = selectors.counselling_organisations().filter(pk=payload.counselling_organisation_id).first()
    if receiver is None:
        raise invalid("counselling_organisation_id", _("No counselling organisation has this id."))
    if payload.district_ags:
        district = District.objects.filter(ags=payload.district_ags).first()
        if district is None:
            raise invalid("district_ags", _("No district with this key."))
    else:
        district = selectors.district_for_postcode(payload.postcode)
        if district is None:
            raise invalid("district_ags", _("Give the district; the postcode does not name exactly one."))
    data = payload.model_dump(exclude={"counselling_organisation_id", "district_ags"})
    data["district"] = district
    hosting_request = services.hosting_request_submit(actor=user, requesting_organisation=requesting[0],
                                                      counselling_organisation=receiver, data=data)
    return Status(201, hosting_request)
