"""The demo data of the applications app: fictitious, idempotent."""

import pytest

from apps.applications import demo
from apps.applications.models import Application
from apps.demo.network import ensure_network
from apps.demo.seeding import seed_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    network = ensure_network()
    seed_cases(network, target=10)
    return network


def test_seeding_twice_adds_nothing(network):
    assert demo.seed(network) == 4
    application = Application.objects.get()
    assert application.status == "draft" and application.prioritisation_reasons
    assert application.travel_documents.get().number.endswith("(fiktiv)")
    assert demo.seed(network) == 0
    assert Application.objects.count() == 1
