from types import SimpleNamespace

from apps.duplicates import demo
from apps.duplicates.models import DuplicatePair, ReviewRun
from tests.factories import make_case


def test_respelled_names_are_other_transliterations():
    assert demo.respelled("Hosseini") == "Husseini"
    assert demo.respelled("Mohammad") == "Muhammad"
    assert demo.respelled("Rusu") == "Rusuh"


def test_the_demo_plants_pairs_the_batch_review_finds_once(personas, orgs):
    for family_name, given_names in (("Hosseini", "Fatima"), ("Rahimi", "Laila"), ("Popescu", "Ion")):
        make_case(personas.counsellor, orgs.iom, family_name=family_name, given_names=given_names)
    network = SimpleNamespace(organisations={"IOM": orgs.iom}, users={"team_lead": personas.team_lead})
    assert demo.seed(network) > 0
    pairs = DuplicatePair.objects.filter(organisation=orgs.iom, state=DuplicatePair.State.OPEN)
    assert pairs.count() >= 3
    assert ReviewRun.objects.get().state == ReviewRun.State.DONE
    assert demo.seed(network) == 0
