import pytest

from apps.assessments import demo
from apps.assessments.models import Assessment, ChildParticipation, Vulnerability
from apps.assessments.tests.factories import add_member
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_seed_adds_to_the_showcase_cases_once(personas, orgs):
    from types import SimpleNamespace

    cases = [make_case(personas.counsellor, orgs.iom, family_name=f"Demo{i}") for i in range(4)]
    add_member(personas.counsellor, cases[-1])
    network = SimpleNamespace(users={"counsellor": personas.counsellor}, organisations={"IOM": orgs.iom})
    assert demo.seed(network) > 0
    assert Assessment.objects.count() == 3 and not cases[0].assessments.exists()
    assert Vulnerability.objects.count() == 2 and ChildParticipation.objects.count() == 1
    assert demo.seed(network) == 0
    assert Assessment.objects.count() == 3 and Vulnerability.objects.count() == 2
