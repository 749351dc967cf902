import pytest
from django.core.cache import cache

from apps.appointments import sms
from apps.appointments.tests.factories import make_day, make_location


@pytest.fixture(autouse=True)
def _clean_rate_limits_and_sms():
    cache.clear()
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def location(orgs):
    return make_location(orgs.iom)


@pytest.fixture
def day(location, personas):
    return make_day(location, personas.team_lead, counsellors=[personas.counsellor])


@pytest.fixture
def slot(day):
    return day.slots.first()
