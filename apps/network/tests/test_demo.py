"""The network's demo data: idempotent, contacts listed only with consent, questions scoped."""

import pytest

from apps.demo import network_demo
from apps.demo.network import ensure_network
from apps.network import selectors
from apps.network.models import ExpertQuestion, KnowledgeArticle, NetworkProfile, PartnerContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return ensure_network()


def test_seeding_twice_adds_nothing(network):
    assert network_demo.seed(network) > 0
    counts = (NetworkProfile.objects.count(), PartnerContact.objects.count(), ExpertQuestion.objects.count())
    assert network_demo.seed(network) == 0
    assert (NetworkProfile.objects.count(), PartnerContact.objects.count(),
            ExpertQuestion.objects.count()) == counts


def test_demo_shows_answered_open_and_overdue_questions_to_the_coordinator_only(network):
    network_demo.seed(network)
    coordinator, partner = network.users["coordinator"], network.users["partner"]
    assert selectors.centre_queue_counts(coordinator) == {"open": 2, "overdue": 1}
    assert {q.organisation.code for q in selectors.questions_visible_to(partner)} == {"CARDEMO"}
    assert not selectors.questions_visible_to(network.users["statistics"]).exists()
    assert KnowledgeArticle.objects.filter(published=True).count() == 2
    caritas = network.organisations["CARDEMO"]
    listed = [c.name for c in selectors.contacts_visible_to(network.users["authority"], caritas.pk)]
    assert listed == ["Eva Helferin"]
