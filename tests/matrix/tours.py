"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py).

An IOM tour plan of one week with a forbid rule (the matrix solves it as the team lead,
which takes well under a second on this instance)."""

from datetime import timedelta

from django.utils import timezone

from apps.tours import services
from apps.tours.models import PlanConstraint
from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    team_lead, iom = world.personas.team_lead, world.orgs.iom
    today = timezone.localdate()
    start = today + timedelta(days=7 - today.weekday())
    plan = services.plan_create(actor=team_lead, organisation=iom, start=start, weeks=1, k=1)
    counsellor = services.ensure_planner_counsellors(iom)[0]
    rule = services.constraint_add(actor=team_lead, plan=plan, kind=PlanConstraint.Kind.FORBID, day=start,
                                   counsellor=counsellor)
    target = Target(plan, iom, read="mobile.plan", write="mobile.plan")
    return Scope(
        prefixes={"tours/": target, "tours/rules/": Target(rule, iom, read="mobile.plan", write="mobile.plan")},
        api_ids={"tour_plan_id": target},
    )
