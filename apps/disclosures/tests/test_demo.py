"""The demo data of the disclosures app: one active disclosure to the Ausländerbehörde Trier,
idempotent, so that the demo authority user has an inbox."""

import pytest

from apps.demo.network import ensure_network
from apps.demo.seeding import seed_cases
from apps.disclosures import demo, selectors
from apps.disclosures.models import Disclosure

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    network = ensure_network()
    seed_cases(network, target=10)
    return network


def test_seeding_twice_adds_nothing_and_the_demo_authority_has_an_inbox(network):
    assert demo.seed(network) == 2  # the consent and the disclosure
    assert demo.seed(network) == 0
    assert Disclosure.objects.count() == 1
    authority = network.users["authority"]
    assert authority.email == "abh.trier@behoerde.demo"
    inbox = list(selectors.inbox_of(authority))
    assert len(inbox) == 1 and inbox[0].recipient.code == "ABH07211"
    assert "Fiktive" in inbox[0].consent.notes
