"""Writes of mobile counselling: locations, hosting requests, counselling days and slots.

Each write checks the actor's permission in the organisation concerned, validates, saves
and audits in one transaction. Mails go into the outbox (apps.jobs), delivered by a job after
the commit; higher apps (appointments) hear of
cancelled and moved days through apps.mobile.signals.
"""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Organisation
from apps.accounts.selectors import ensure_perm
from apps.audit.services import record
from apps.core.languages import language_choices
from apps.core.locking import claim_version
from apps.core.services import apply_changes
from apps.jobs.services import sending_for
from apps.mobile.models import CounsellingLocation, HostingRequest, MobileCounsellingDay, Slot
from apps.mobile.selectors import counsellors_of
from apps.mobile.signals import counselling_day_cancelled, counselling_day_moved
from apps.mobile.slots import generate_slots
from apps.regions.holidays import public_holidays

# --- Locations ----------------------------------------------------------------------------

LOCATION_FIELDS = ("kind", "name", "street", "postcode", "city", "district", "latitude", "longitude", "rooms",
                   "accessibility", "equipment", "contact_on_site", "available_weekdays", "available_from",
                   "available_to", "demand_weight", "office", "host")


def _check_location(location: CounsellingLocation) -> None:
    if location.available_from and location.available_to and location.available_from >= location.available_to:
        raise ValidationError({"available_to": _("The end of the available hours must lie after their start.")})
    if location.office_id and location.office.organisation_id != location.organisation_id:
        raise ValidationError({"office": _("Choose an office of the location's organisation.")})
    location.full_clean(exclude=["organisation", "host", "office"])


@transaction.atomic
def location_create(*, actor, organisation: Organisation, data: dict) -> CounsellingLocation:
    ensure_perm(actor, "mobile.plan", organisation.pk)
    location = CounsellingLocation(organisation=organisation)
    apply_changes(location, data, LOCATION_FIELDS)
    _check_location(location)
    location.save()
    record(actor, "counselling_location.created", location)
    return location


@transaction.atomic
def location_update(*, actor, location: CounsellingLocation, data: dict,
                    expected_version: int | None = None) -> CounsellingLocation:
    ensure_perm(actor, "mobile.plan", location.organisation_id)
    changes = apply_changes(location, data, LOCATION_FIELDS)
    _check_location(location)
    claim_version(location, expected_version)
    location.save()
    record(actor, "counselling_location.updated", location, details={"fields": sorted(changes)})
    return location


@transaction.atomic
def location_deactivate(*, actor, location: CounsellingLocation,
                        expected_version: int | None = None) -> CounsellingLocation:
    """No new days there; days already planned stay until cancelled one by one."""
    ensure_perm(actor, "mobile.plan", location.organisation_id)
    claim_version(location, expected_version, is_active=False)
    location.is_active = False
    record(actor, "counselling_location.deactivated", location)
    return location


# --- Hosting requests ---------------------------------------------------------------------

REQUEST_FIELDS = ("premises_name", "street", "postcode", "city", "district", "frequency", "expected_clients",
                  "languages", "preferred_weekdays", "message")
# Counselling days per month a frequency stands for (a month has 52/12 ≈ 4.33 weeks).
DAYS_PER_MONTH = {"weekly": Decimal("4.33"), "fortnightly": Decimal("2.17"), "monthly": Decimal("1"),
                  "quarterly": Decimal("0.33")}
S = HostingRequest.Status


def demand_weight(frequency: str, expected_clients: int) -> Decimal:
    """The demand a request brings to tour planning: expected clients per month, i.e. the
    counselling days per month the frequency asks for × expected clients per day (≥ 1)."""
    weight = DAYS_PER_MONTH.get(frequency, Decimal("1")) * max(expected_clients, 1)
    return min(max(weight, Decimal("1")), Decimal("9999.99")).quantize(Decimal("0.01"))


def _check_languages(field: str, languages) -> None:
    known = {code for code, _name in language_choices()}
    unknown = sorted(set(languages) - known)
    if unknown:
        raise ValidationError({field: _("Unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)}})


def _notify_requester(hosting_request: HostingRequest) -> None:
    recipient = hosting_request.requested_by.email
    if not recipient:
        return
    subject = _("Your request to host counselling: %(status)s") % {"status": hosting_request.get_status_display()}
    body = _("The request for counselling days at %(premises)s is now: %(status)s.\n\n%(response)s\n\n"
             "You find its status and the resulting dates in ReturnNet under “Host counselling”.") % {
        "premises": hosting_request.premises_name, "status": hosting_request.get_status_display(),
        "response": hosting_request.response}
    # Into the outbox in this transaction; a background job delivers it after the commit.
    with sending_for(organisation_id=hosting_request.requesting_organisation_id, purpose="hosting_request.decided"):
        send_mail(subject, body, None, [recipient])


@transaction.atomic
def hosting_request_submit(*, actor, requesting_organisation: Organisation, counselling_organisation: Organisation,
                           data: dict) -> HostingRequest:
    ensure_perm(actor, "mobile.host", requesting_organisation.pk)
    receiver = counselling_organisation
    if receiver.kind != Organisation.Kind.COUNSELLING_PROVIDER or not receiver.is_active:
        raise ValidationError({"counselling_organisation": _("Choose a counselling organisation.")})
    hosting_request = HostingRequest(requesting_organisation=requesting_organisation, requested_by=actor,
                                     counselling_organisation=counselling_organisation)
    apply_changes(hosting_request, data, REQUEST_FIELDS)
    _check_languages("languages", hosting_request.languages)
    hosting_request.full_clean(exclude=["requesting_organisation", "requested_by", "counselling_organisation"])
    hosting_request.save()
    record(actor, "hosting_request.submitted", hosting_request, organisation_id=requesting_organisation.pk)
    return hosting_request


def _decide(actor, hosting_request: HostingRequest, status: str, response: str, expected_version) -> None:
    ensure_perm(actor, "mobile.plan", hosting_request.counselling_organisation_id)
    if hosting_request.status not in (S.SUBMITTED, S.CHANGES_PROPOSED):
        raise ValidationError(_("This request has already been decided."))
    now = timezone.now()
    claim_version(hosting_request, expected_version, status=status, response=response, decided_by=actor,
                  decided_at=now, location=hosting_request.location)
    hosting_request.status, hosting_request.response = status, response
    hosting_request.decided_by, hosting_request.decided_at = actor, now
    record(actor, f"hosting_request.{status}", hosting_request,
           organisation_id=hosting_request.counselling_organisation_id)
    _notify_requester(hosting_request)


@transaction.atomic
def hosting_request_accept(*, actor, hosting_request: HostingRequest, response: str = "",
                           expected_version: int | None = None) -> CounsellingLocation:
    """Accept: the premises become a location (partner premises, hosted by the requesting
    organisation) whose demand weight comes from frequency × expected clients."""
    ensure_perm(actor, "mobile.plan", hosting_request.counselling_organisation_id)
    location = location_create(actor=actor, organisation=hosting_request.counselling_organisation, data={
        "kind": CounsellingLocation.Kind.PARTNER_PREMISES, "name": hosting_request.premises_name,
        "street": hosting_request.street, "postcode": hosting_request.postcode, "city": hosting_request.city,
        "district": hosting_request.district, "available_weekdays": list(hosting_request.preferred_weekdays),
        "demand_weight": demand_weight(hosting_request.frequency, hosting_request.expected_clients),
        "host": hosting_request.requesting_organisation,
    })
    hosting_request.location = location
    _decide(actor, hosting_request, S.ACCEPTED, response, expected_version)
    return location


@transaction.atomic
def hosting_request_propose_changes(*, actor, hosting_request: HostingRequest, response: str,
                                    expected_version: int | None = None) -> HostingRequest:
    if not response.strip():
        raise ValidationError({"response": _("Say which changes you propose.")})
    _decide(actor, hosting_request, S.CHANGES_PROPOSED, response.strip(), expected_version)
    return hosting_request


@transaction.atomic
def hosting_request_decline(*, actor, hosting_request: HostingRequest, reason: str,
                            expected_version: int | None = None) -> HostingRequest:
    if not reason.strip():
        raise ValidationError({"response": _("Give a reason for declining.")})
    _decide(actor, hosting_request, S.DECLINED, reason.strip(), expected_version)
    return hosting_request


@transaction.atomic
def hosting_request_withdraw(*, actor, hosting_request: HostingRequest,
                             expected_version: int | None = None) -> HostingRequest:
    ensure_perm(actor, "mobile.host", hosting_request.requesting_organisation_id)
    if hosting_request.status not in (S.SUBMITTED, S.CHANGES_PROPOSED):
        raise ValidationError(_("Only an open request can be withdrawn."))
    claim_version(hosting_request, expected_version, status=S.WITHDRAWN)
    hosting_request.status = S.WITHDRAWN
    record(actor, "hosting_request.withdrawn", hosting_request,
           organisation_id=hosting_request.requesting_organisation_id)
    return hosting_request


# --- Counselling days ---------------------------------------------------------------------

STEPS = ("weekly", "fortnightly", "monthly")
MAX_SERIES = 60


def _step(start: date, recurrence: str, n: int) -> date:
    """The n-th date of a series; monthly keeps the day of the month (the 31st becomes the
    last day of shorter months)."""
    if recurrence != "monthly":
        return start + timedelta(weeks=n * (1 if recurrence == "weekly" else 2))
    month_index = start.month - 1 + n
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in range(start.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, start.day)


def recurrence_dates(start: date, recurrence: str, until: date | None, weekdays=()) -> list[date]:
    """The dates of a series from `start` up to `until`: every week, two weeks or month
    (same day of the month), skipping public holidays and weekdays not in `weekdays`
    (empty: every weekday). A single day (recurrence "none") is just `start`."""
    if recurrence in ("", "none", None):
        return [start]
    if recurrence not in STEPS:
        raise ValidationError({"recurrence": _("Unknown recurrence.")})
    if until is None or until < start:
        raise ValidationError({"until": _("Give the last date of the series (not before the first).")})
    holidays = public_holidays(start, until)
    candidates, n = [], 0
    while (day := _step(start, recurrence, n)) <= until:
        candidates.append(day)
        n += 1
    dates = [d for d in candidates if d not in holidays and (not weekdays or d.weekday() in weekdays)]
    if len(dates) > MAX_SERIES:
        raise ValidationError({"until": _("A series has at most %(n)s days.") % {"n": MAX_SERIES}})
    return dates


def _check_day(data: dict, counsellors, organisation_id: int) -> None:
    if data["ends_at"] <= data["starts_at"]:
        raise ValidationError({"ends_at": _("The day must end after it starts.")})
    if int(data.get("slot_minutes") or 45) < 5:
        raise ValidationError({"slot_minutes": _("A slot lasts at least 5 minutes.")})
    _check_languages("interpreter_languages", data.get("interpreter_languages") or [])
    allowed = set(counsellors_of(organisation_id).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in counsellors):
        raise ValidationError({"counsellors": _("Counsellors must be counselling staff of the organisation.")})


def _busy_counsellors(counsellors, dates: list[date], exclude_pk=None) -> list[str]:
    """Counsellors already at another location on one of the dates (one location per day)."""
    busy = MobileCounsellingDay.objects.filter(status=MobileCounsellingDay.Status.PLANNED, date__in=dates,
                                               counsellors__in=list(counsellors)).exclude(pk=exclude_pk)
    return sorted({str(user) for day in busy.prefetch_related("counsellors") for user in day.counsellors.all()
                   if user in counsellors})


def _create_slots(day: MobileCounsellingDay) -> None:
    tz = timezone.get_default_timezone()
    Slot.objects.bulk_create(Slot(day=day, starts_at=start, ends_at=end) for start, end in generate_slots(
        day.date, day.starts_at, day.ends_at, day.slot_minutes, day.buffer_minutes, tz))


def _new_day(actor, location, data, counsellors, on: date, series=None, moved_from=None) -> MobileCounsellingDay:
    day = MobileCounsellingDay.objects.create(
        organisation_id=location.organisation_id, location=location, date=on, starts_at=data["starts_at"],
        ends_at=data["ends_at"], interpreter_languages=list(data.get("interpreter_languages") or []),
        is_public=data.get("is_public", True), slot_minutes=int(data.get("slot_minutes") or 45),
        buffer_minutes=int(data.get("buffer_minutes") or 0), series=series, moved_from=moved_from,
        created_by=actor)
    day.counsellors.set(counsellors)
    _create_slots(day)
    record(actor, "counselling_day.created", day, details={"series": str(series) if series else None})
    return day


@transaction.atomic
def day_create(actor, location: CounsellingLocation, data: dict, counsellors=()) -> list[MobileCounsellingDay]:
    """One counselling day, or a series (data["recurrence"] weekly|fortnightly|monthly up to
    data["until"]) sharing one `series` key, each with its slots. Data keys: date, starts_at,
    ends_at, interpreter_languages, is_public, slot_minutes, buffer_minutes, recurrence, until.
    A single day may not fall on a public holiday; a series skips holidays and the weekdays
    the location is not available. A counsellor is at one location per day at most."""
    ensure_perm(actor, "mobile.plan", location.organisation_id)
    if not location.is_active:
        raise ValidationError(_("The location has been deactivated."))
    counsellors = list(counsellors)
    _check_day(data, counsellors, location.organisation_id)
    recurrence = data.get("recurrence") or "none"
    if recurrence == "none":
        if data["date"] in public_holidays(data["date"], data["date"]):
            raise ValidationError({"date": _("This date is a public holiday.")})
        dates = [data["date"]]
    else:
        dates = recurrence_dates(data["date"], recurrence, data.get("until"), location.available_weekdays)
    if not dates:
        raise ValidationError({"until": _("No date of the series falls on a working day of the location.")})
    busy = _busy_counsellors(counsellors, dates)
    if busy:
        raise ValidationError({"counsellors": _("Already counselling elsewhere on one of these dates: %(names)s")
                               % {"names": ", ".join(busy)}})
    series = uuid.uuid4() if len(dates) > 1 or recurrence != "none" else None
    return [_new_day(actor, location, data, counsellors, on, series) for on in dates]


def _cancel(actor, day: MobileCounsellingDay, reason: str, expected_version) -> None:
    ensure_perm(actor, "mobile.plan", day.organisation_id)
    if day.status == MobileCounsellingDay.Status.CANCELLED:
        raise ValidationError(_("This counselling day has already been cancelled."))
    claim_version(day, expected_version, status=MobileCounsellingDay.Status.CANCELLED,
                  cancellation_reason=reason[:300])
    day.status, day.cancellation_reason = MobileCounsellingDay.Status.CANCELLED, reason[:300]


@transaction.atomic
def day_cancel(*, actor, day: MobileCounsellingDay, reason: str,
               expected_version: int | None = None) -> MobileCounsellingDay:
    """Cancel the day; the appointments app tells everyone booked (signal, same transaction)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason; it is passed on to the people booked.")})
    _cancel(actor, day, reason.strip(), expected_version)
    record(actor, "counselling_day.cancelled", day)
    counselling_day_cancelled.send(sender=MobileCounsellingDay, actor=actor, day=day, reason=reason.strip())
    return day


@transaction.atomic
def day_move(*, actor, day: MobileCounsellingDay, data: dict,
             expected_version: int | None = None) -> MobileCounsellingDay:
    """A new day (data: date, starts_at, ends_at) with the old one's location, counsellors
    and settings; the old one is cancelled and the appointments app notifies the people booked."""
    if day.date < timezone.localdate():
        raise ValidationError(_("A past counselling day cannot be moved."))
    new_date = data["date"]
    if new_date in public_holidays(new_date, new_date):
        raise ValidationError({"date": _("This date is a public holiday.")})
    counsellors = list(day.counsellors.all())
    settings_ = {"starts_at": data.get("starts_at") or day.starts_at, "ends_at": data.get("ends_at") or day.ends_at,
                 "interpreter_languages": day.interpreter_languages, "is_public": day.is_public,
                 "slot_minutes": day.slot_minutes, "buffer_minutes": day.buffer_minutes}
    _check_day(settings_, counsellors, day.organisation_id)
    reason = _("Moved to %(date)s") % {"date": new_date.strftime("%d.%m.%Y")}
    _cancel(actor, day, reason, expected_version)
    busy = _busy_counsellors(counsellors, [new_date], exclude_pk=day.pk)
    if busy:
        raise ValidationError({"counsellors": _("Already counselling elsewhere on that date: %(names)s")
                               % {"names": ", ".join(busy)}})
    new_day = _new_day(actor, day.location, settings_, counsellors, new_date, day.series, moved_from=day)
    record(actor, "counselling_day.moved", day, details={"new_day": new_day.pk})
    counselling_day_moved.send(sender=MobileCounsellingDay, actor=actor, old_day=day, new_day=new_day)
    return new_day

