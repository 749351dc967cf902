"""The demo data of the referrals app: fictitious, idempotent, gives the demo partner an inbox."""

import pytest

from apps.demo.network import ensure_network
from apps.demo.seeding import seed_cases
from apps.referrals import demo, selectors
from apps.referrals.models import IncomingReferral, Referral, ReferralStatus, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    network = ensure_network()
    seed_cases(network, target=10)  # the cases only: seed_demo would run this app's seed too
    return network


def test_seeding_twice_adds_nothing(network):
    created = demo.seed(network)
    assert created >= 12 + 2 + 1
    counts = (Service.objects.count(), Referral.objects.count(), IncomingReferral.objects.count())
    assert demo.seed(network) == 0
    assert (Service.objects.count(), Referral.objects.count(), IncomingReferral.objects.count()) == counts


def test_every_service_is_marked_fictitious_and_the_partner_has_an_inbox(network):
    demo.seed(network)
    assert Service.objects.count() == 12
    assert all("(fiktiv)" in name for name in Service.objects.values_list("name", flat=True))
    partner = network.users["partner"]
    assert [r.status for r in selectors.inbox_of(partner)] == [ReferralStatus.SENT]
    assert selectors.submitted_by_organisations_of(partner).count() == 1
    assert selectors.new_incoming(network.users["counsellor"]).count() == 1
