"""The demo data of the reintegration app: fictitious and idempotent."""

import pytest

from apps.cases.models import Case, CaseStatus
from apps.demo.network import ensure_network
from apps.demo.seeding import seed_cases
from apps.reintegration import demo
from apps.reintegration.models import MonitoringAnswer, MonitoringVisit, PlanActivity, ReintegrationPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    network = ensure_network()
    seed_cases(network, target=10)
    if not Case.objects.filter(organisation=network.organisations["IOM"], restricted=False,
                               status=CaseStatus.REINTEGRATION_FOLLOW_UP).exists():
        case = Case.objects.filter(organisation=network.organisations["IOM"], restricted=False).first()
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.REINTEGRATION_FOLLOW_UP)
    return network


def test_seeding_twice_adds_nothing(network):
    created = demo.seed(network)
    counts = (ReintegrationPlan.objects.count(), PlanActivity.objects.count(), MonitoringVisit.objects.count(),
              MonitoringAnswer.objects.count())
    assert created == sum(counts) + 3  # + three goals
    assert counts == (1, 4, 3, len(demo.ANSWERS))
    assert demo.seed(network) == 0
    assert (ReintegrationPlan.objects.count(), PlanActivity.objects.count(), MonitoringVisit.objects.count(),
            MonitoringAnswer.objects.count()) == counts


def test_the_demo_visit_has_scores_and_the_partner_is_fictitious(network):
    demo.seed(network)
    plan = ReintegrationPlan.objects.get()
    assert "(fiktiv)" in plan.partner_in_origin and plan.status == "agreed"
    visit = MonitoringVisit.objects.get(done_on__isnull=False)
    assert 0 <= visit.composite_score <= 1 and visit.level
