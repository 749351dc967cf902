"""Reads of reintegration plans, handovers and monitoring. Scoping goes through
cases.selectors.cases_visible_to: what hangs off a case is visible with its case."""

import json
from decimal import Decimal

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from apps.accounts.selectors import user_has_perm
from apps.audit.services import record
from apps.cases.models import Case
from apps.cases.selectors import cases_visible_to
from apps.clients.models import Consent, Person
from apps.clients.selectors import consents_of
from apps.core.i18n_data import translated
from apps.reintegration.models import (
    Dimension,
    Handover,
    MonitoringVisit,
    PlanActivity,
    PlanGoal,
    ReintegrationPlan,
    Survey,
    SurveyDimension,
    SurveyQuestion,
)

SUPPRESS_BELOW = 5
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


# --- Plans -----------------------------------------------------------------------------------

def plans_of(case: Case) -> QuerySet[ReintegrationPlan]:
    return case.reintegration_plans.select_related("person", "partner_contact", "created_by")


def plan_for(user, pk: int, *, audit: bool = True) -> ReintegrationPlan:
    """A plan of a case the user may see, or 404."""
    plan = get_object_or_404(
        ReintegrationPlan.objects.filter(case__in=cases_visible_to(user)).select_related(
            "case", "case__organisation", "case__household", "person", "partner_contact"), pk=pk)
    if audit:
        record(user, "reintegration_plan.viewed", plan, organisation_id=plan.case.organisation_id,
               case_id=plan.case_id, person_id=plan.person_id)
    return plan


def goals_of(plan: ReintegrationPlan) -> list[PlanGoal]:
    """Goals with their activities, ordered by dimension (economic, social, psychosocial)."""
    order = {code: position for position, code in enumerate(Dimension.values)}
    activities = PlanActivity.objects.order_by(F("due").asc(nulls_last=True), "id")
    goals = plan.goals.prefetch_related(Prefetch("activities", queryset=activities))
    return sorted(goals, key=lambda goal: (order[goal.dimension], goal.order, goal.pk))


def goal_for(user, pk: int) -> PlanGoal:
    return get_object_or_404(PlanGoal.objects.filter(plan__case__in=cases_visible_to(user)).select_related(
        "plan", "plan__case", "plan__case__organisation", "plan__case__household"), pk=pk)


def budget_summary(plan: ReintegrationPlan) -> dict:
    """Budget per dimension and kind, with totals per kind and overall (one query)."""
    kinds = PlanActivity.BudgetKind.values
    rows = {dimension: dict.fromkeys([*kinds, "total"], ZERO) for dimension in Dimension.values}
    totals = dict.fromkeys([*kinds, "total"], ZERO)
    sums = (PlanActivity.objects.filter(goal__plan=plan).exclude(status=PlanActivity.Status.CANCELLED)
            .values("goal__dimension", "budget_kind").annotate(amount=Sum("budget_amount")))
    for row in sums:
        dimension, kind = row["goal__dimension"], row["budget_kind"]
        amount = (row["amount"] or Decimal(0)).quantize(CENT)
        rows[dimension][kind] += amount
        rows[dimension]["total"] += amount
        totals[kind] += amount
        totals["total"] += amount
    return {"by_dimension": rows, "totals": totals}


def first_language(person: Person) -> str:
    """The person's first language (level "native"), else the first language recorded."""
    languages = list(person.languages.order_by("id"))
    native = [lang.language for lang in languages if lang.level == "native"]
    if native:
        return native[0]
    return languages[0].language if languages else "de"


def plan_data(plan: ReintegrationPlan, fields) -> dict:
    """The plan as data, restricted to `fields` (Handover.Field codes): what a handover exports
    and the PDF prints. Amounts as strings, dates as ISO."""
    person, fields = plan.person, set(fields)
    data: dict = {"plan_id": plan.pk, "partner": plan.partner_label, "language": first_language(person),
                  "fields": sorted(fields)}
    if "name" in fields:
        data["name"] = {"family_name": person.family_name, "given_names": person.given_names}
    if "birth_date" in fields:
        data["birth_date"] = person.display_birth_date
    if "phone" in fields:
        data["phone"] = str(person.phone or "")
    if "languages" in fields:
        data["languages"] = list(person.languages.order_by("id").values_list("language", flat=True))
    if "plan" in fields:
        data["goals"] = [{
            "dimension": goal.dimension, "goal": goal.goal,
            "activities": [{
                "activity": activity.activity, "responsible": activity.responsible, "due": activity.display_due,
                "budget_amount": str(activity.budget_amount), "budget_kind": activity.budget_kind,
                "funding_source": activity.funding_source, "status": activity.status,
            } for activity in goal.activities.all()],
        } for goal in goals_of(plan)]
        summary = budget_summary(plan)
        data["budget"] = {
            "by_dimension": {d: {k: str(v) for k, v in row.items()} for d, row in summary["by_dimension"].items()},
            "totals": {k: str(v) for k, v in summary["totals"].items()},
        }
    return data


ALL_FIELDS = ("name", "birth_date", "phone", "languages", "plan")


def handover_consent(plan: ReintegrationPlan) -> Consent | None:
    """The person's valid consent to disclosure to exactly the plan's partner, if any. The
    consent names a partner of the directory (countryinfo.OriginPartnerConsent), so a plan
    whose partner is only a free text cannot be handed over, nor one to another partner."""
    if plan.partner_contact_id is None:
        return None
    return consents_of(plan.person).filter(purpose=Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER,
                                           withdrawn_at__isnull=True,
                                           origin_partner__contact_id=plan.partner_contact_id).first()


def handovers_of(plan: ReintegrationPlan) -> QuerySet[Handover]:
    return plan.handovers.select_related("created_by", "consent")


def handover_for(user, pk: int) -> Handover:
    return get_object_or_404(Handover.objects.filter(plan__case__in=cases_visible_to(user)).select_related(
        "plan", "plan__case", "plan__person", "consent"), pk=pk)


def handover_export(handover: Handover) -> dict | None:
    """The exported data as handed over, or None once the consent it rests on is withdrawn."""
    handover.consent.refresh_from_db(fields=["withdrawn_at"])
    if handover.consent.withdrawn_at is not None:
        return None
    return json.loads(handover.snapshot)


# --- Survey and monitoring -----------------------------------------------------------------------

def departure_date(case: Case):
    """The confirmed departure of the case's latest departed application, if any: the default
    start of the monitoring schedule."""
    from apps.applications.models import Application

    application = (Application.objects.filter(case=case, departed_on__isnull=False)
                   .order_by("-departed_on").first())
    return application.departed_on if application else None


def _surveys() -> QuerySet[Survey]:
    questions = SurveyQuestion.objects.select_related("scale").order_by("order", "id")
    dimensions = SurveyDimension.objects.prefetch_related(Prefetch("questions", queryset=questions))
    return Survey.objects.prefetch_related(Prefetch("dimensions", queryset=dimensions))


def active_survey() -> Survey | None:
    """The survey new visits use, with dimensions, questions and scales."""
    return _surveys().filter(is_active=True).first()


def survey_definition(pk: int) -> Survey:
    return _surveys().get(pk=pk)


def visits_of(case: Case) -> QuerySet[MonitoringVisit]:
    return case.monitoring_visits.select_related("person", "survey")


def visit_for(user, pk: int, *, audit: bool = True) -> MonitoringVisit:
    visit = get_object_or_404(MonitoringVisit.objects.filter(case__in=cases_visible_to(user)).select_related(
        "case", "case__organisation", "case__household", "person", "survey"), pk=pk)
    if audit:
        record(user, "monitoring_visit.viewed", visit, organisation_id=visit.case.organisation_id,
               case_id=visit.case_id, person_id=visit.person_id)
    return visit


# Health-adjacent: the psychosocial dimension's answers, the visit notes and the scores that
# reveal the psychosocial one (the composite is a weighted mean of the three dimensions).
HIDDEN_SCORES = ("psychosocial_score", "composite_score")


def hides_psychosocial(user, organisation_id: int) -> bool:
    """The one rule: without case.sensitive.read in the case's organisation a user neither
    reads nor records the psychosocial answers, the notes and the psychosocial score."""
    return not user_has_perm(user, "case.sensitive.read", organisation_id)


def redact_visits(user, visits):
    """The visits as the user may read them (in memory, never to be saved): for users
    hides_psychosocial() applies to, notes and the psychosocial/composite scores are blank and
    `psychosocial_hidden` is set."""
    hidden: dict[int, bool] = {}
    for visit in visits:
        organisation_id = visit.case.organisation_id
        if organisation_id not in hidden:
            hidden[organisation_id] = hides_psychosocial(user, organisation_id)
        visit.psychosocial_hidden = hidden[organisation_id]
        if visit.psychosocial_hidden:
            visit.notes = ""
            for name in HIDDEN_SCORES:
                setattr(visit, name, None)
    return visits


def visit_answers(visit: MonitoringVisit, user=None) -> list[dict]:
    """Each answered question with the chosen option's labels and value; with `user`, without
    the psychosocial answers if hides_psychosocial() applies."""
    answers = visit.answers.select_related("question__scale", "question__dimension")
    if user is not None and hides_psychosocial(user, visit.case.organisation_id):
        answers = answers.exclude(question__dimension__code=Dimension.PSYCHOSOCIAL)
    rows = []
    for answer in answers.order_by("question__dimension__order", "question__order"):
        question = answer.question
        option = next((o for o in question.scale.options if o["code"] == answer.option_code), {})
        rows.append({"question": question, "dimension": question.dimension.code, "option_code": answer.option_code,
                     "label": option.get("label", answer.option_code),
                     "label_en": option.get("label_en", answer.option_code), "value": option.get("value"),
                     "display_label": translated(option, "label") or answer.option_code})
    return rows


def score_overview(user) -> list[dict]:
    """Aggregate scores of completed visits of the cases the user sees, per interval after
    return: averages per dimension and composite, and level counts. Counts under 5 and the
    averages of groups under 5 are suppressed (None)."""
    visits = MonitoringVisit.objects.filter(case__in=cases_visible_to(user), done_on__isnull=False)
    levels = MonitoringVisit.Level.values
    rows = (visits.values("months_after_return").order_by("months_after_return").annotate(
        n=Count("id"), economic=Avg("economic_score"), social=Avg("social_score"),
        psychosocial=Avg("psychosocial_score"), composite=Avg("composite_score"),
        **{f"level_{code}": Count("id", filter=Q(level=code)) for code in levels}))
    overview = []
    for row in rows:
        shown = row["n"] >= SUPPRESS_BELOW
        overview.append({
            "months_after_return": row["months_after_return"],
            "n": row["n"] if shown else None,
            "averages": {key: (row[key] if shown else None)
                         for key in ("economic", "social", "psychosocial", "composite")},
            "levels": {code: (row[f"level_{code}"] if row[f"level_{code}"] >= SUPPRESS_BELOW else None)
                       for code in levels},
        })
    return overview
