"""Demo data: a reintegration plan and one completed monitoring visit on an IOM case in
reintegration follow-up. Everything is fictitious (partners marked "fiktiv")."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.cases.models import Case, CaseStatus, CaseStatusChange
from apps.reintegration import services
from apps.reintegration.models import MonitoringVisit, ReintegrationPlan

# dimension, goal, [(activity, responsible, budget, kind, funding source)]
GOALS = [
    ("economic", "Eine kleine Schneiderei eröffnen (fiktives Demo-Ziel).", [
        ("Zwei Nähmaschinen und Material beschaffen", "Partnerorganisation (fiktiv)", "1200.00", "in_kind",
         "REAG/GARP Starthilfe"),
        ("Miete für die ersten drei Monate", "Klient", "450.00", "cash", "REAG/GARP Starthilfe")]),
    ("social", "Die Kinder in der Schule anmelden.", [
        ("Schulanmeldung und Schulmaterial", "Partnerorganisation (fiktiv)", "200.00", "in_kind", "")]),
    ("psychosocial", "Kontakt zu einer Selbsthilfegruppe aufbauen.", [
        ("Erstgespräch bei einer Beratungsstelle vor Ort", "Partnerorganisation (fiktiv)", "0.00", "in_kind", "")]),
]
ANSWERS = {"economic_satisfaction": "ok", "borrowing_frequency": "sometimes", "job_search": "yes",
           "housing": "fair", "health_access": "good", "health_quality": "fair", "support_network": "good",
           "feeling_welcome": "agree", "conflicts": "rarely", "discrimination": "dwa"}


def _demo_case(network) -> Case | None:
    return (Case.objects.filter(organisation=network.organisations["IOM"], restricted=False,
                                status=CaseStatus.REINTEGRATION_FOLLOW_UP).order_by("id").first())


def _departed_on(case: Case):
    change = case.status_changes.filter(to_status=CaseStatus.DEPARTED).order_by("-at").first()
    if isinstance(change, CaseStatusChange):
        return timezone.localtime(change.at).date()
    return timezone.localdate() - timedelta(days=130)


@transaction.atomic
def seed(network) -> int:
    """Idempotent: a second run finds the plan and the recorded visit and adds nothing."""
    case = _demo_case(network)
    if case is None:
        return 0
    actor, created = network.users["counsellor"], 0
    if not ReintegrationPlan.objects.filter(case=case).exists():
        plan = services.plan_create(actor=actor, case=case, partner_in_origin="Reintegrationspartner (fiktiv)")
        created += 1
        for dimension, text, activities in GOALS:
            goal = services.goal_add(actor=actor, plan=plan, expected_version=plan.version, dimension=dimension,
                                     goal=text)
            created += 1
            for activity, responsible, amount, kind, source in activities:
                services.activity_add(actor=actor, goal=goal, expected_version=plan.version, data={
                    "activity": activity, "responsible": responsible, "budget_amount": amount,
                    "budget_kind": kind, "funding_source": source})
                created += 1
        services.plan_update(actor=actor, plan=plan, expected_version=plan.version, data={"status": "agreed"})
    departed_on = _departed_on(case)
    created += len(services.schedule_monitoring(actor=actor, case=case, departed_on=departed_on))
    if not MonitoringVisit.objects.filter(case=case, done_on__isnull=False).exists():
        visit = MonitoringVisit.objects.filter(case=case).order_by("planned_for", "id").first()
        services.visit_record(actor=actor, visit=visit, expected_version=visit.version,
                              done_on=min(visit.planned_for, timezone.localdate()), channel="video",
                              interviewer="Reintegrationspartner (fiktiv)", answers=ANSWERS,
                              notes="Fiktiver Demo-Besuch.",
                              confirm_early=visit.planned_for > timezone.localdate())
        created += len(ANSWERS)
    return created
