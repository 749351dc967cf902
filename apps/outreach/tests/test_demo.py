"""The demo data of outreach: fictitious, idempotent, with flyers every listed language can print."""

import pytest

from apps.demo.network import ensure_network
from apps.outreach import demo, selectors
from apps.outreach.models import Campaign, CampaignVisit, Material, MaterialOrder, MaterialText

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return ensure_network()


def test_seeding_twice_adds_nothing(network):
    assert demo.seed(network) == len(demo.MATERIALS) + 1 + 2
    counts = (Material.objects.count(), Campaign.objects.count(), CampaignVisit.objects.count(),
              MaterialOrder.objects.count())
    assert demo.seed(network) == 0
    assert (Material.objects.count(), Campaign.objects.count(), CampaignVisit.objects.count(),
            MaterialOrder.objects.count()) == counts


def test_demo_materials_speak_the_required_languages(network):
    demo.seed(network)
    languages = set(MaterialText.objects.values_list("language", flat=True))
    assert {"de", "en", "ar", "fa", "ru", "tr", "uk"} <= languages
    assert [m.title for m in selectors.public_materials("ps")] == ["د بېرته ستنېدو مشوره: وړیا او محرمه",
                                                                   "د بېرته ستنېدو مشوره: وړیا او محرمه"]
    assert MaterialOrder.objects.filter(state="confirmed").count() == 1
    assert selectors.campaign_visits(Campaign.objects.get()).total > 0
