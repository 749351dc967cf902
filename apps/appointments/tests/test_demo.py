from types import SimpleNamespace

from apps.appointments import demo
from apps.appointments.models import Appointment
from apps.appointments.tests.factories import make_day, make_location


def test_demo_bookings_are_idempotent(orgs, personas):
    network = SimpleNamespace(users={"hotline": personas.hotline}, organisations={"IOM": orgs.iom})
    assert demo.seed(network) == 0  # no counselling days yet
    make_day(make_location(orgs.iom), personas.team_lead, slots=6)
    assert demo.seed(network) == len(demo.CALLERS)
    assert demo.seed(network) == 0
    assert Appointment.objects.filter(pseudonym__startswith="Demo-").count() == len(demo.CALLERS)
