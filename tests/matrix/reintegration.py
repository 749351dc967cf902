"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py)."""

from datetime import date

from apps.countryinfo.models import OriginCountryContact
from apps.reintegration import services
from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    counsellor, iom = world.personas.counsellor, world.orgs.iom
    # The partner from the directory (tests/matrix/countryinfo.py), whom the client's consent names.
    contact = OriginCountryContact.objects.get(organisation_name="IOM Kabul (fiktiv)")
    plan = services.plan_create(actor=counsellor, case=world.case, partner_contact=contact)
    goal = services.goal_add(actor=counsellor, plan=plan, expected_version=plan.version, dimension="economic",
                             goal="Small shop")
    plan.refresh_from_db()
    handover = services.handover_create(actor=counsellor, plan=plan, fields=["plan"])
    visit = services.schedule_monitoring(actor=counsellor, case=world.case, departed_on=date(2026, 1, 10))[0]
    plan_target = Target(plan, iom)
    return Scope(
        prefixes={"reintegration-plans/": plan_target, "reintegration-goals/": Target(goal, iom),
                  "reintegration-handovers/": Target(handover, iom), "monitoring-visits/": Target(visit, iom)},
        api_ids={"plan_id": plan_target},
    )
