"""Writes of tour planning: plans, pins and forbids, solving and accepting. Every write is
audited and needs mobile.plan in the plan's organisation."""

import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import ensure_perm
from apps.audit.services import record
from apps.core.locking import claim_version
from apps.regions.holidays import public_holidays
from apps.regions.models import District
from apps.tours import planner
from apps.tours.models import PlanConstraint, PlanEntry, PlannerCounsellor, SolveState, TourPlan

logger = logging.getLogger(__name__)
MAX_WEEKS = 26
DAY_DEFAULTS = {"starts_at": time(9), "ends_at": time(15), "slot_minutes": 45, "buffer_minutes": 15,
                "is_public": True, "interpreter_languages": [], "recurrence": "none"}


@transaction.atomic
def plan_create(*, actor, organisation, start: date, weeks: int = 13, k: int = 1) -> TourPlan:
    ensure_perm(actor, "mobile.plan", organisation.pk)
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError({"weeks": _("Plan between 1 and %(max)s weeks.") % {"max": MAX_WEEKS}})
    if not 1 <= k <= 10:
        raise ValidationError({"k": _("Between 1 and 10 counselling days per district and month.")})
    plan = TourPlan.objects.create(organisation=organisation, start=start, weeks=weeks,
                                   min_days_per_district_per_month=k, created_by=actor)
    record(actor, "tour_plan.created", plan, details={"start": start.isoformat(), "weeks": weeks, "k": k})
    return plan


def _editable(plan: TourPlan) -> None:
    if plan.status == TourPlan.Status.ACCEPTED:
        raise ValidationError(_("The plan has been accepted and can no longer change."))


@transaction.atomic
def constraint_add(*, actor, plan: TourPlan, kind: str, day: date, counsellor=None, location=None) -> PlanConstraint:
    """Pin (this visit must happen; names a location) or forbid (names a counsellor, a location or both)."""
    ensure_perm(actor, "mobile.plan", plan.organisation_id)
    _editable(plan)
    if kind not in PlanConstraint.Kind.values:
        raise ValidationError({"kind": _("Choose pin or forbid.")})
    if not plan.start <= day <= plan.end:
        raise ValidationError({"date": _("The date lies outside the planning period.")})
    if kind == PlanConstraint.Kind.PIN and location is None:
        raise ValidationError({"location": _("A pin names a location.")})
    if counsellor is None and location is None:
        raise ValidationError({"counsellor": _("Name a counsellor, a location or both.")})
    if counsellor is not None and counsellor.organisation_id != plan.organisation_id:
        raise ValidationError({"counsellor": _("Choose a counsellor of the plan's organisation.")})
    if location is not None and location.organisation_id != plan.organisation_id:
        raise ValidationError({"location": _("Choose a location of the plan's organisation.")})
    constraint = PlanConstraint.objects.create(plan=plan, kind=kind, date=day, counsellor=counsellor,
                                               location=location)
    record(actor, f"tour_plan.{kind}_added", plan, details={"constraint": constraint.pk, "date": day.isoformat()})
    return constraint


@transaction.atomic
def constraint_remove(*, actor, constraint: PlanConstraint) -> None:
    plan = constraint.plan
    ensure_perm(actor, "mobile.plan", plan.organisation_id)
    _editable(plan)
    record(actor, f"tour_plan.{constraint.kind}_removed", plan, details={"constraint": constraint.pk})
    constraint.delete()


def ensure_planner_counsellors(organisation) -> list[PlannerCounsellor]:
    """The organisation's active planner counsellors; the first time, one per member who
    counsels (case.write), homed at their membership office."""
    from apps.mobile.selectors import counsellors_of

    existing = list(PlannerCounsellor.objects.filter(organisation=organisation, is_active=True))
    if existing or PlannerCounsellor.objects.filter(organisation=organisation).exists():
        return existing
    created = []
    for user in counsellors_of(organisation.pk):
        membership = user.memberships.filter(organisation=organisation).select_related("office").first()
        created.append(PlannerCounsellor.objects.create(
            organisation=organisation, user=user, home_office=membership.office if membership else None))
    return created


def _home(counsellor: PlannerCounsellor, fallback: District | None) -> tuple[float, float, str] | None:
    if counsellor.home_latitude is not None and counsellor.home_longitude is not None:
        return float(counsellor.home_latitude), float(counsellor.home_longitude), ""
    district = counsellor.home_office.district if counsellor.home_office_id else None
    district = district or fallback
    if district is None:
        return None
    return float(district.latitude), float(district.longitude), district.ags


def travel_function():
    """The travel-time matrix of settings.TRAVEL_TIME_MATRIX when set, else great-circle."""
    path = getattr(settings, "TRAVEL_TIME_MATRIX", "")
    return planner.TravelMatrix.load(path) if path else None


def build_problem(plan: TourPlan) -> tuple[planner.Problem, list[str]]:
    """The planner's input from the database; also the names of counsellors left out."""
    from apps.mobile.models import CounsellingLocation, HostingRequest
    from apps.mobile.selectors import coordinates_of

    organisation = plan.organisation
    ensure_planner_counsellors(organisation)
    left_out, counsellors = [], []
    rows = (PlannerCounsellor.objects.filter(organisation=organisation, is_active=True)
            .select_related("user", "home_office__district").prefetch_related("absences"))
    for row in rows:
        home = _home(row, organisation.district)
        if home is None:
            left_out.append(str(row))
            continue
        counsellors.append(planner.Counsellor(
            id=row.pk, name=str(row), latitude=home[0], longitude=home[1],
            weekdays=frozenset(int(d) for d in row.working_weekdays), max_travel_minutes=row.max_travel_minutes_per_day,
            languages=frozenset(row.languages or ()), absences=tuple((a.start, a.end) for a in row.absences.all()),
            home_key=home[2]))
    languages: dict[int, set[str]] = {}
    for location_id, needed in HostingRequest.objects.filter(
            counselling_organisation=organisation, status=HostingRequest.Status.ACCEPTED,
            location__isnull=False).values_list("location_id", "languages"):
        languages.setdefault(location_id, set()).update(needed or ())
    locations = []
    for row in CounsellingLocation.objects.filter(organisation=organisation, is_active=True).select_related("district"):
        latitude, longitude = coordinates_of(row)
        locations.append(planner.Location(
            id=row.pk, name=row.name, district=row.district.ags, latitude=latitude, longitude=longitude,
            demand_weight=float(row.demand_weight), languages=frozenset(languages.get(row.pk, ())),
            weekdays=frozenset(int(d) for d in row.available_weekdays or ())))
    rules = [planner.Rule(c.kind, c.date, c.counsellor_id, c.location_id) for c in plan.constraints.all()]
    days = planner.working_days(plan.start, plan.end, public_holidays(plan.start, plan.end))
    districts = list(District.objects.order_by("ags").values_list("ags", flat=True))
    problem = planner.Problem(days, counsellors, locations, districts, plan.min_days_per_district_per_month,
                              rules, travel_function())
    return problem, left_out


# Longer than any solve (limit ≤ 60 s plus loading and saving): a job still "solving" this
# long after it started died with its worker, and the plan may be solved again.
SOLVE_STALE_SECONDS = 600
# A job that waits in the queue is not stale merely because the worker is busy: only after
# this long may a new request supersede it (its claim token is then spent, so it does nothing).
QUEUED_STALE_SECONDS = 3600


class SolveSuperseded(Exception):
    """The job's claim is no longer the plan's current one: a newer request took over."""


def plan_solve_request(*, actor, plan: TourPlan, time_limit: int = 20) -> TourPlan:
    """Queue solving the plan as a background job (the request returns at once); the plan
    page follows its progress. Refused while a solve is already queued or running."""
    from apps.tours.tasks import solve_plan

    ensure_perm(actor, "mobile.plan", plan.organisation_id)
    _editable(plan)
    now = timezone.now()
    busy = (Q(solve_state=SolveState.QUEUED, solve_requested_at__gt=now - timedelta(seconds=QUEUED_STALE_SECONDS))
            | Q(solve_state=SolveState.SOLVING, solve_started_at__gt=now - timedelta(seconds=SOLVE_STALE_SECONDS)))
    with transaction.atomic():
        claimed = TourPlan.objects.filter(pk=plan.pk).exclude(busy).update(
            solve_state=SolveState.QUEUED, solve_time_limit=time_limit, solve_requested_at=now,
            solve_started_at=None, solve_error="")
        if not claimed:
            raise ValidationError(_("This plan is already being solved."))
        record(actor, "tour_plan.solve_requested", plan, details={"time_limit": time_limit})
        plan_id, actor_id, organisation_id = plan.pk, actor.pk, plan.organisation_id
        # The request's time is the job's claim token: only the job of the latest request runs.
        transaction.on_commit(lambda: solve_plan.enqueue(plan_id=plan_id, actor_id=actor_id, time_limit=time_limit,
                                                         organisation_id=organisation_id, claim=now.isoformat()))
    plan.refresh_from_db()
    return plan


def plan_solve_run(*, plan_id: int, actor_id: int, time_limit: float, claim: str = "") -> str:
    """The job behind plan_solve_request: solve and store the result, or record why not.
    It runs only under its claim (the request's time, still the plan's latest request, still
    queued); every later write of the solve's state is conditional on that claim, so an old
    job never overwrites a newer solve. An error the planner reports (a plan accepted or
    changed meanwhile) ends as a failed solve on the plan page; anything unexpected also
    fails the job, for the jobs page."""
    from apps.accounts.models import User

    if not claim:  # a job enqueued before claims existed: its request is not identifiable
        return "skipped"
    requested_at = datetime.fromisoformat(claim)
    if not TourPlan.objects.filter(pk=plan_id, solve_state=SolveState.QUEUED, solve_requested_at=requested_at).update(
            solve_state=SolveState.SOLVING, solve_started_at=timezone.now()):
        logger.info("tour plan %s: solve job of %s skipped, its request is no longer current", plan_id, claim)
        return "skipped"
    mine = TourPlan.objects.filter(pk=plan_id, solve_state=SolveState.SOLVING, solve_requested_at=requested_at)
    plan, actor = TourPlan.objects.get(pk=plan_id), User.objects.get(pk=actor_id)
    try:
        plan_solve(actor=actor, plan=plan, time_limit=time_limit, claim=requested_at)
    except SolveSuperseded:
        logger.warning("tour plan %s: solve of %s finished after a newer request took over; discarded", plan_id, claim)
        return "superseded"
    except ValidationError as error:
        mine.update(solve_state=SolveState.FAILED, solve_error=" ".join(error.messages)[:300])
        return SolveState.FAILED
    except Exception:
        mine.update(solve_state=SolveState.FAILED, solve_error=_("The optimiser stopped with an error."))
        raise
    return SolveState.DONE


def plan_solve(*, actor, plan: TourPlan, time_limit: float = 20.0, expected_version: int | None = None,
               claim=None) -> TourPlan:
    """Run CP-SAT (and the greedy baseline for comparison); replace the plan's entries.

    No transaction is open while the solver runs (up to a minute): the problem is read,
    solved, and the result saved in one short transaction under the version read at the
    start, so a plan accepted or edited meanwhile is not overwritten (ConcurrentEditError).
    `claim` (a job's request time): save only while that request is still the one solving."""
    ensure_perm(actor, "mobile.plan", plan.organisation_id)
    _editable(plan)
    version = plan.version if expected_version is None else expected_version
    problem, left_out = build_problem(plan)
    baseline = planner.greedy(problem)
    optimised = planner.solve(problem, time_limit=time_limit, start=baseline)
    figures = optimised.figures.as_dict() | {"months": list(problem.required_months()), "left_out": left_out}
    with transaction.atomic():
        if claim is not None and not TourPlan.objects.filter(
                pk=plan.pk, solve_state=SolveState.SOLVING, solve_requested_at=claim).update(solve_error=""):
            raise SolveSuperseded
        claim_version(plan, version, status=TourPlan.Status.SOLVED, figures=figures,
                      greedy_figures=baseline.figures.as_dict(), solved_at=timezone.now(),
                      solve_state=SolveState.DONE, solve_error="")
        plan.refresh_from_db()
        plan.entries.all().delete()
        PlanEntry.objects.bulk_create(PlanEntry(plan=plan, date=v.date, counsellor_id=v.counsellor_id,
                                                location_id=v.location_id, pinned=v.pinned)
                                      for v in optimised.visits)
        record(actor, "tour_plan.solved", plan, details={
            "status": figures["status"], "visits": figures["visits"], "gap": figures["gap"]})
    return plan


@transaction.atomic
def plan_accept(*, actor, plan: TourPlan, expected_version: int | None = None) -> list:
    """Create one counselling day per location and date of the plan (09:00–15:00, slots of
    45 minutes with 15 minutes buffer, public), with the planned counsellors; all or none."""
    from apps.mobile.services import day_create

    ensure_perm(actor, "mobile.plan", plan.organisation_id)
    if plan.status != TourPlan.Status.SOLVED:
        raise ValidationError(_("Only a solved plan that is not yet accepted can be accepted."))
    claim_version(plan, expected_version, status=TourPlan.Status.ACCEPTED, accepted_by=actor,
                  accepted_at=timezone.now())
    plan.refresh_from_db()
    grouped: dict = {}
    for entry in plan.entries.select_related("counsellor__user", "location"):
        grouped.setdefault((entry.date, entry.location), []).append(entry.counsellor.user)
    days = []
    for (day, location), users in sorted(grouped.items(), key=lambda item: (item[0][0], item[0][1].pk)):
        days += day_create(actor, location, DAY_DEFAULTS | {"date": day}, users)
    record(actor, "tour_plan.accepted", plan, details={"days": len(days)})
    return days

