"""Writes of reintegration plans, handovers and monitoring: validated, saved and audited in
one transaction. Changes to goals and activities claim the plan's version."""

import calendar
import json
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.selectors import ensure_perm
from apps.audit.services import record
from apps.cases.models import Case
from apps.clients.models import Person
from apps.clients.selectors import members_of
from apps.core.locking import claim_version
from apps.core.services import apply_changes
from apps.reintegration import scoring
from apps.reintegration.models import (
    Dimension,
    Handover,
    MonitoringAnswer,
    MonitoringVisit,
    PlanActivity,
    PlanGoal,
    ReintegrationPlan,
    Survey,
)
from apps.reintegration.selectors import (
    active_survey,
    handover_consent,
    hides_psychosocial,
    plan_data,
    survey_definition,
)

DEFAULT_MONITORING_MONTHS = [3, 6, 12]


def _audit(actor, action: str, obj, case: Case, person_id: int | None = None, details: dict | None = None):
    record(actor, action, obj, organisation_id=case.organisation_id, case_id=case.pk, person_id=person_id,
           details=details)


def _check_member(case: Case, person: Person, field: str = "person") -> None:
    if not members_of(case.household).filter(person=person).exists():
        raise ValidationError({field: _("This person is not a member of the case's household.")})


def _principal(case: Case) -> Person:
    member = members_of(case.household).filter(is_principal=True).select_related("person").first()
    if member is None:
        raise ValidationError({"person": _("The household has no principal applicant.")})
    return member.person


# --- Plans -------------------------------------------------------------------------------------

PLAN_FIELDS = ("person", "partner_in_origin", "partner_contact", "status")


@transaction.atomic
def plan_create(*, actor, case: Case, person: Person | None = None, partner_in_origin: str = "",
                partner_contact=None) -> ReintegrationPlan:
    """A draft plan for a household member (the principal applicant by default)."""
    ensure_perm(actor, "case.write", case.organisation_id)
    person = person or _principal(case)
    _check_member(case, person)
    plan = ReintegrationPlan.objects.create(case=case, person=person, partner_in_origin=partner_in_origin.strip(),
                                            partner_contact=partner_contact, created_by=actor)
    _audit(actor, "reintegration_plan.created", plan, case, person.pk)
    return plan


@transaction.atomic
def plan_update(*, actor, plan: ReintegrationPlan, expected_version: int, data: dict) -> ReintegrationPlan:
    """Change partner, person or status (draft ↔ agreed; "handed over" comes from a handover)."""
    case = plan.case
    ensure_perm(actor, "case.write", case.organisation_id)
    # From the database: the in-memory plan may carry a refused change.
    handed_over = plan.handovers.exists() or ReintegrationPlan.objects.filter(
        pk=plan.pk, status=ReintegrationPlan.Status.HANDED_OVER).exists()
    changes = apply_changes(plan, data, PLAN_FIELDS)
    if "status" in changes and plan.status == ReintegrationPlan.Status.HANDED_OVER:
        raise ValidationError({"status": _("A plan is marked as handed over by handing it over.")})
    if handed_over and "status" in changes:
        raise ValidationError({"status": _("A plan that has been handed over cannot go back to an earlier status.")})
    if handed_over and "person" in changes:
        raise ValidationError({"person": _("The plan has been handed over; its person can no longer change.")})
    if "person" in changes:
        _check_member(case, plan.person)
    claim_version(plan, expected_version)
    plan.save()
    _audit(actor, "reintegration_plan.updated", plan, case, plan.person_id, {"fields": sorted(changes)})
    return plan


@transaction.atomic
def goal_add(*, actor, plan: ReintegrationPlan, expected_version: int, dimension: str, goal: str) -> PlanGoal:
    case = plan.case
    ensure_perm(actor, "case.write", case.organisation_id)
    if dimension not in Dimension.values:
        raise ValidationError({"dimension": _("Choose a dimension.")})
    if not goal.strip():
        raise ValidationError({"goal": _("Describe the goal.")})
    claim_version(plan, expected_version)
    created = PlanGoal.objects.create(plan=plan, dimension=dimension, goal=goal.strip(),
                                      order=plan.goals.filter(dimension=dimension).count())
    _audit(actor, "reintegration_plan.goal_added", plan, case, plan.person_id, {"goal_id": created.pk})
    return created


ACTIVITY_FIELDS = ("activity", "responsible", "due", "due_precision", "budget_amount", "budget_kind",
                   "funding_source", "status")


def _check_activity(activity: PlanActivity) -> None:
    if not (activity.activity or "").strip():
        raise ValidationError({"activity": _("Describe the activity.")})
    activity.full_clean(exclude=["goal"])  # also turns strings into decimals and dates
    if activity.budget_amount < 0:
        raise ValidationError({"budget_amount": _("The budget cannot be negative.")})
    if activity.due and activity.due_precision == PlanActivity.DuePrecision.MONTH:
        activity.due = activity.due.replace(day=1)


@transaction.atomic
def activity_add(*, actor, goal: PlanGoal, expected_version: int, data: dict) -> PlanActivity:
    plan = goal.plan
    ensure_perm(actor, "case.write", plan.case.organisation_id)
    activity = PlanActivity(goal=goal)
    apply_changes(activity, data, ACTIVITY_FIELDS)
    _check_activity(activity)
    claim_version(plan, expected_version)
    activity.save()
    _audit(actor, "reintegration_plan.activity_added", plan, plan.case, plan.person_id,
           {"activity_id": activity.pk})
    return activity


@transaction.atomic
def activity_update(*, actor, activity: PlanActivity, expected_version: int, data: dict) -> PlanActivity:
    plan = activity.goal.plan
    ensure_perm(actor, "case.write", plan.case.organisation_id)
    changes = apply_changes(activity, data, ACTIVITY_FIELDS)
    _check_activity(activity)
    claim_version(plan, expected_version)
    activity.save()
    _audit(actor, "reintegration_plan.activity_updated", plan, plan.case, plan.person_id,
           {"activity_id": activity.pk, "fields": sorted(changes)})
    return activity


# --- Handover ----------------------------------------------------------------------------------

@transaction.atomic
def handover_create(*, actor, plan: ReintegrationPlan, fields, language: str = "de",
                    expected_version: int | None = None) -> Handover:
    """Pass the plan to the partner in the country of origin: only with the person's valid
    consent to that disclosure, and only the chosen fields, frozen as a snapshot of the plan
    version the user saw (`expected_version`; ConcurrentEditError if it changed since). The
    handover records the consent and the partner it rests on."""
    case = plan.case
    ensure_perm(actor, "case.write", case.organisation_id)
    fields = sorted(set(fields))
    unknown = set(fields) - set(Handover.Field.values)
    if unknown or not fields:
        raise ValidationError({"fields": _("Choose which of the listed data to hand over.")})
    if not plan.partner_label:
        raise ValidationError({"partner": _("Name the partner in the country of origin first.")})
    consent = handover_consent(plan)
    if consent is None:
        raise ValidationError(_(
            "No handover without consent: the client has not given (or has withdrawn) consent to disclosure "
            "to this very partner (%(partner)s). Choose the partner from the directory and record the consent "
            "naming it first.") % {"partner": plan.partner_label})
    # Claim the version first: goals and activities are changed under the plan's version too,
    # so the snapshot below is of exactly the version the user saw.
    claim_version(plan, expected_version, status=ReintegrationPlan.Status.HANDED_OVER)
    plan.status = ReintegrationPlan.Status.HANDED_OVER
    partner = plan.partner_label[:200]
    handover = Handover.objects.create(
        plan=plan, partner=partner, partner_contact=plan.partner_contact, fields=fields,
        consent=consent, snapshot=json.dumps(plan_data(plan, fields), ensure_ascii=False), language=language,
        created_by=actor)
    _audit(actor, "reintegration_plan.handed_over", handover, case, plan.person_id,
           {"plan_id": plan.pk, "fields": fields, "consent_id": consent.pk,
            "partner_contact_id": plan.partner_contact_id, "plan_version": plan.version})
    return handover


# --- Monitoring -------------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where that day does not exist."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def monitoring_months() -> list[int]:
    return list(getattr(settings, "REINTEGRATION_MONITORING_MONTHS", DEFAULT_MONITORING_MONTHS))


def _survey() -> Survey:
    survey = active_survey()
    if survey is None:
        raise ValidationError(_("No active monitoring survey is defined."))
    return survey


@transaction.atomic
def schedule_monitoring(*, actor, case: Case, departed_on: date, person: Person | None = None) -> list:
    """Plan monitoring visits at the configured intervals after departure
    (REINTEGRATION_MONITORING_MONTHS, default 3, 6 and 12 months) for the principal
    applicant (or `person`). Intervals already planned for that person are skipped, so
    calling it again adds nothing. Returns the visits created."""
    ensure_perm(actor, "case.write", case.organisation_id)
    person = person or _principal(case)
    _check_member(case, person)
    survey = _survey()
    planned = set(case.monitoring_visits.filter(person=person).values_list("months_after_return", flat=True))
    created = []
    for months in monitoring_months():
        if months in planned:
            continue
        created.append(MonitoringVisit.objects.create(
            case=case, person=person, survey=survey, months_after_return=months,
            planned_for=add_months(departed_on, months), created_by=actor))
    _audit(actor, "monitoring.scheduled", case, case, person.pk,
           {"visit_ids": [visit.pk for visit in created], "departed_on": departed_on.isoformat()})
    return created


def score_answers(survey: Survey, answers: dict[str, str]) -> dict:
    """Dimension scores, composite and level for answers {question code: option code}."""
    scored, weights = [], {}
    for dimension in survey.dimensions.all():
        weights[dimension.code] = dimension.weight
        for question in dimension.questions.all():
            if question.code in answers:
                value = question.scale.value_of(answers[question.code])
                scored.append(scoring.ScoredAnswer(dimension.code, question.weight, value))
    by_dimension = scoring.dimension_scores(scored)
    composite = scoring.composite_score(by_dimension, weights)
    return {"dimensions": by_dimension, "composite": composite,
            "level": scoring.level(composite, survey.threshold_low, survey.threshold_high)}


def _keep_psychosocial(visit: MonitoringVisit, questions: dict, answers: dict[str, str], notes: str):
    """For a user without case.sensitive.read: refuse psychosocial answers and notes, and keep
    those already recorded (recording again replaces only the answers the user may give)."""
    psychosocial = {code for code, q in questions.items() if q.dimension.code == Dimension.PSYCHOSOCIAL}
    if psychosocial & set(answers) or (notes or "").strip():
        raise ValidationError({"answers": _(
            "Only users with access to sensitive data can record the psychosocial answers and the notes.")})
    kept = dict(visit.answers.filter(question__code__in=psychosocial).values_list("question__code", "option_code"))
    stored = MonitoringVisit.objects.filter(pk=visit.pk).values_list("notes", flat=True).first()
    return answers | kept, stored or ""


@transaction.atomic
def visit_record(*, actor, visit: MonitoringVisit, expected_version: int, done_on: date, channel: str,
                 interviewer: str = "", notes: str = "", answers: dict[str, str],
                 confirm_early: bool = False) -> MonitoringVisit:
    """Record a held visit with the survey answers {question code: option code}; computes
    and stores the scores. Recording again replaces the answers. A visit done before its
    planned date is often a mistyped date (the months after return are what the scores are
    compared by), so it needs `confirm_early`; the audit entry says it was early."""
    case = visit.case
    ensure_perm(actor, "case.write", case.organisation_id)
    if channel not in MonitoringVisit.Channel.values:
        raise ValidationError({"channel": _("Choose a channel.")})
    early = done_on < visit.planned_for
    if early and not confirm_early:
        raise ValidationError({"confirm_early": _(
            "This visit was planned for %(planned)s; the date entered, %(done)s, is before it. Check the date, "
            "or confirm that the visit took place early.") % {
            "planned": visit.planned_for.strftime("%d.%m.%Y"), "done": done_on.strftime("%d.%m.%Y")}})
    survey = survey_definition(visit.survey_id)
    questions = {q.code: q for d in survey.dimensions.all() for q in d.questions.all()}
    errors = [code for code, option in answers.items()
              if code not in questions or option not in {o["code"] for o in questions[code].scale.options}]
    if errors:
        raise ValidationError({"answers": _("Unknown questions or answers: %(codes)s") % {
            "codes": ", ".join(sorted(errors))}})
    if not answers:
        raise ValidationError({"answers": _("Record at least one answer.")})
    if hides_psychosocial(actor, case.organisation_id):
        answers, notes = _keep_psychosocial(visit, questions, answers, notes)
    scores = score_answers(survey, answers)
    claim_version(visit, expected_version)
    visit.done_on, visit.channel, visit.interviewer, visit.notes = done_on, channel, interviewer.strip(), notes
    dims = scores["dimensions"]
    visit.economic_score, visit.social_score = dims.get("economic"), dims.get("social")
    visit.psychosocial_score, visit.composite_score = dims.get("psychosocial"), scores["composite"]
    visit.level = scores["level"]
    visit.save()
    visit.answers.all().delete()
    MonitoringAnswer.objects.bulk_create(
        MonitoringAnswer(visit=visit, question=questions[code], option_code=option) for code, option in answers.items())
    _audit(actor, "monitoring_visit.recorded", visit, case, visit.person_id,
           {"answers": len(answers)} | ({"before_planned_date": True} if early else {}))
    return visit


@transaction.atomic
def visit_plan(*, actor, case: Case, planned_for: date, person: Person | None = None,
               months_after_return: int | None = None) -> MonitoringVisit:
    """One visit planned on demand (outside the schedule)."""
    ensure_perm(actor, "case.write", case.organisation_id)
    person = person or _principal(case)
    _check_member(case, person)
    visit = MonitoringVisit.objects.create(case=case, person=person, survey=_survey(), planned_for=planned_for,
                                           months_after_return=months_after_return, created_by=actor)
    _audit(actor, "monitoring_visit.planned", visit, case, person.pk)
    return visit
