"""Objects of the portal's counselling pages for the authorisation matrix: a district key,
a free public slot and a public booking's manage token. Every route is public: each persona,
signed in or not, gets the page (the world's objects make it a 200, not a 404)."""

from types import SimpleNamespace

from django.core.cache import cache

from apps.appointments import services
from apps.appointments.tests.factories import make_day, make_location
from tests.test_authorisation_matrix import Scope, Target


def _public(value) -> Target:
    return Target(SimpleNamespace(pk=value), None, read=None)


def extend(world) -> Scope:
    cache.clear()  # the manage link's limits count in the cache: each persona starts afresh
    location = make_location(world.orgs.iom, ags="07143", name="Matrix-Beratungstag Montabaur")
    booked, free = make_day(location, world.personas.team_lead, slots=2).slots.order_by("starts_at")
    _appointment, token = services.appointment_book_public(
        slot=booked, pseudonym="Matrix", phone="015123456789", language="ar", consent=True)
    return Scope(values={"ags": _public("07143"), "slot_id": _public(free.pk), "manage_token": _public(token)})
