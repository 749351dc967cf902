"""The personal data of reintegration as a privacy source (apps.privacy.registry).

Collect: the person's reintegration plans with their goals and activities, each handover of
a plan (to whom, which fields, on which consent, and exactly what was sent), and the
person's monitoring visits with every survey answer in words and the scores.

Erase and anonymise (registry order 80: before applications, cases and clients — a handover
protects the consent it rests on, plans and visits protect the person):
- ERASE deletes the person's plans (goals, activities and handovers with them) and visits
  (answers with them), and, on a case that goes wholly, every plan and visit of the case;
- ANONYMISE keeps what the indicators count (plan status and dates, the handover's date and
  directory partner, the visit's dates, channel, scores and level) and clears the rest: goal
  and activity texts, who is responsible, funding sources, the partner typed by hand, the
  handover's snapshot, the interviewer, notes and the survey answers themselves;
- on a case the household keeps, the person's names are scrubbed from the other members'
  plans, handovers and visits.

Retention: the period of a returned case starts after its last monitoring visit
(`last_visits`, reported to apps.cases.retention).
"""

import json
from datetime import date

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.i18n_data import translated
from apps.privacy.registry import (
    ANONYMISE,
    ErasureContext,
    ProcessingActivity,
    SubjectRecord,
    SubjectSource,
)
from apps.privacy.source_helpers import bump, fields_of, label, scrub_rows
from apps.reintegration.models import (
    Handover,
    MonitoringAnswer,
    MonitoringVisit,
    PlanActivity,
    PlanGoal,
    ReintegrationPlan,
)

ACTIVITY_TEXT = ("activity", "responsible", "funding_source")


# --- Subject access ------------------------------------------------------------------------------

def collect(person_id: int) -> list[SubjectRecord]:
    records = []
    plans = (ReintegrationPlan.objects.filter(person_id=person_id)
             .select_related("case", "partner_contact").order_by("created_at", "id"))
    for plan in plans:
        records += _plan_records(plan)
    visits = (MonitoringVisit.objects.filter(person_id=person_id).select_related("case")
              .order_by("planned_for", "id"))
    records += [_visit_record(visit) for visit in visits]
    return records


def _plan_records(plan: ReintegrationPlan) -> list[SubjectRecord]:
    name = str(plan)
    records = [SubjectRecord(
        kind="reintegration_plan", title=_("Reintegration plan"), at=plan.created_at,
        fields=fields_of(plan, ("status", "created_at"), more={
            _("Case"): plan.case.reference, label(ReintegrationPlan, "partner_in_origin"): plan.partner_label}))]
    for goal in PlanGoal.objects.filter(plan=plan).prefetch_related("activities"):
        records.append(SubjectRecord(kind="reintegration_goal", title=_("Goal"), fields=fields_of(
            goal, ("dimension", "goal"), more={_("Reintegration plan"): name})))
        for activity in goal.activities.all():
            records.append(SubjectRecord(kind="reintegration_activity", title=_("Activity"), at=activity.due,
                                         fields=fields_of(activity, (
                                             "activity", "responsible", "budget_amount", "budget_kind",
                                             "funding_source", "status"), more={
                                             label(PlanActivity, "due"): activity.display_due if activity.due
                                             else None,
                                             _("Goal"): goal.goal})))
    for handover in Handover.objects.filter(plan=plan).select_related("consent"):
        shared = dict(Handover.Field.choices)
        records.append(SubjectRecord(kind="handover", title=_("Handover"), at=handover.created_at, fields=fields_of(
            handover, ("partner", "language", "consent", "snapshot"), more={
                _("Reintegration plan"): name,
                _("Date"): handover.created_at.date().isoformat(),
                label(Handover, "fields"): [str(shared.get(code, code)) for code in handover.fields]})))
    return records


def _visit_record(visit: MonitoringVisit) -> SubjectRecord:
    fields = fields_of(visit, ("months_after_return", "planned_for", "done_on", "channel", "interviewer", "notes",
                               "level"), more={
        _("Case"): visit.case.reference,
        _("Economic score"): visit.economic_score, _("Social score"): visit.social_score,
        _("Psychosocial score"): visit.psychosocial_score, _("Composite score"): visit.composite_score,
    })
    answers = MonitoringAnswer.objects.filter(visit=visit).select_related("question__scale").order_by(
        "question__dimension__order", "question__order", "id")
    for answer in answers:
        option = next((o for o in answer.question.scale.options if o["code"] == answer.option_code), {})
        fields[answer.question.display_label] = translated(option, "label") or answer.option_code
    return SubjectRecord(kind="monitoring_visit", title=_("Monitoring visit"), at=visit.done_on or visit.planned_for,
                         fields={key: value for key, value in fields.items() if value is not None})


# --- Erasure and anonymisation -------------------------------------------------------------------

def _anonymise(plans, visits) -> tuple[int, int]:
    PlanGoal.objects.filter(plan__in=plans).update(goal="")
    PlanActivity.objects.filter(goal__plan__in=plans).update(**dict.fromkeys(ACTIVITY_TEXT, ""))
    Handover.objects.filter(plan__in=plans).update(partner="", snapshot=json.dumps({}))
    MonitoringAnswer.objects.filter(visit__in=visits).delete()
    return (plans.update(partner_in_origin="", **bump(ReintegrationPlan)),
            visits.update(interviewer="", notes="", **bump(MonitoringVisit)))


def erase(ctx: ErasureContext) -> None:
    # Everything of the whole cases, and the person's own plans and visits on the cases the
    # household keeps (not on the person's other cases when only a case's retention runs).
    plans = ReintegrationPlan.objects.filter(case_id__in=ctx.whole_case_ids) | ReintegrationPlan.objects.filter(
        person_id=ctx.person_id).exclude(case_id__in=ctx.other_case_ids)
    visits = MonitoringVisit.objects.filter(case_id__in=ctx.whole_case_ids) | MonitoringVisit.objects.filter(
        person_id=ctx.person_id).exclude(case_id__in=ctx.other_case_ids)
    if ctx.mode == ANONYMISE:
        anonymised_plans, anonymised_visits = _anonymise(plans, visits)
        ctx.add("reintegration.plan.anonymised", anonymised_plans)
        ctx.add("reintegration.monitoring_visit.anonymised", anonymised_visits)
    else:
        ctx.add("reintegration.plan.deleted", plans.delete()[1].get(ReintegrationPlan._meta.label, 0))
        ctx.add("reintegration.monitoring_visit.deleted",
                visits.delete()[1].get(MonitoringVisit._meta.label, 0))
    # What stays of the other members on a shared case: without the person's names.
    others = ReintegrationPlan.objects.filter(case_id__in=ctx.shared_case_ids).exclude(person_id=ctx.person_id)
    ctx.add("reintegration.text.scrubbed", sum((
        scrub_rows(others, ctx.names, ("partner_in_origin",)),
        scrub_rows(PlanGoal.objects.filter(plan__in=others), ctx.names, ("goal",)),
        scrub_rows(PlanActivity.objects.filter(goal__plan__in=others), ctx.names, ACTIVITY_TEXT),
        scrub_rows(Handover.objects.filter(plan__in=others), ctx.names, ("partner", "snapshot")),
        scrub_rows(MonitoringVisit.objects.filter(case_id__in=ctx.shared_case_ids).exclude(person_id=ctx.person_id),
                   ctx.names, ("interviewer", "notes")),
    )))


# --- Retention of returned cases -----------------------------------------------------------------

def last_visits(case_ids: list[int]) -> dict[int, date]:
    """{case id: the day of its last monitoring visit} — held, or planned and not yet held: a
    returned case's retention period starts after it (apps.cases.retention), so a case is never
    anonymised while its follow-up is still ahead."""
    days = (MonitoringVisit.objects.filter(case_id__in=case_ids)
            .annotate(day=Coalesce("done_on", "planned_for")).values("case_id").annotate(last=Max("day")))
    return {row["case_id"]: row["last"] for row in days}


SOURCE = SubjectSource(code="reintegration", label=gettext_lazy("Reintegration"), collect=collect, erase=erase,
                       order=80)

ACTIVITY = ProcessingActivity(
    code="reintegration.planning_monitoring",
    name=gettext_lazy("Reintegration planning and monitoring after return"),
    purpose=gettext_lazy(
        "Planning the reintegration in the country of origin with the client, handing the plan over to a "
        "partner there, and following up after the return with the reintegration sustainability survey."),
    legal_basis="Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a, Art. 49 Abs. 1 lit. a DSGVO (Einwilligung, "
                "auch in die Übermittlung an den Partner im Herkunftsland)",
    persons=(gettext_lazy("Returnees and their household members"),),
    data=(gettext_lazy("Reintegration goals, activities and budgets"),
          gettext_lazy("What was handed over to the partner: name, date of birth, phone, languages, plan"),
          gettext_lazy("Monitoring visits: dates, channel, interviewer, survey answers and scores")),
    special_categories=(gettext_lazy("Health: the psychosocial answers and score of the survey"),),
    recipients=(gettext_lazy("Partners in the country of origin (only the fields chosen, on the client's "
                             "consent naming that partner)"),),
    # A case's retention removes these records with the case (anonymise_case / erase_case).
    record_types=("cases.returned", "cases.closed_without_return"),
)


def register() -> None:
    from apps.cases.retention import register_last_activity
    from apps.privacy.registry import register_processing_activity, register_subject_source

    register_subject_source(SOURCE)
    register_processing_activity(ACTIVITY)
    register_last_activity(last_visits)
