from types import SimpleNamespace

from apps.tours import demo
from apps.tours.models import PlannerCounsellor, TourPlan


def test_seed_is_idempotent(personas, orgs):
    network = SimpleNamespace(organisations={"IOM": orgs.iom}, users={
        "counsellor": personas.counsellor, "counsellor_speyer": personas.counsellor_speyer,
        "team_lead": personas.team_lead})
    assert demo.seed(network) == 3
    assert demo.seed(network) == 0
    assert PlannerCounsellor.objects.count() == 2 and TourPlan.objects.count() == 1
