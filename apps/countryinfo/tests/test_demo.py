import pytest

from apps.countryinfo import demo
from apps.countryinfo.models import CountryInformationRequest, OriginCountryContact
from apps.demo.network import ensure_network

pytestmark = pytest.mark.django_db


def test_seed_is_fictitious_and_idempotent(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    network = ensure_network()
    created = demo.seed(network)
    assert created == len(demo.CONTACTS) + len(demo.KNOWLEDGE)
    assert demo.seed(network) == 0
    assert all("fiktiv" in c.organisation_name for c in OriginCountryContact.objects.all())
    assert {c.country.code for c in OriginCountryContact.objects.all()} >= {"AF", "IQ", "SY", "TR", "GE", "RU", "NG"}
    knowledge = CountryInformationRequest.objects.filter(status="answered", organisation__code="IOM")
    assert knowledge.count() == 10 and not knowledge.filter(case__isnull=False).exists()
