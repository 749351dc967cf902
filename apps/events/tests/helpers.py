"""Building events for the tests: one clock-independent place for dates (every event lies
relative to the frozen "now" of the test)."""

from contextlib import contextmanager
from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from apps.events import services
from apps.events.models import Event

BASE = "http://testserver"


def make_event(coordinator, organisation, *, days: float = 10, hours: float = 3, capacity: int = 20,
               publish: bool = True, **data) -> Event:
    start = (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
    values = {"title": "Austauschtreffen Rückkehrberatung", "kind": "exchange", "format": "hybrid",
              "target_group": "network", "starts_at": start, "ends_at": start + timedelta(hours=hours),
              "place": "Haus der Diakonie", "address": "Trier, Saarstraße 1",
              "online_link": "https://meet.example.org/xyz", "capacity": capacity, **data}
    event = services.event_create(actor=coordinator, organisation=organisation, data=values)
    if publish:
        event = services.event_set_status(actor=coordinator, event=event, status=Event.Status.PUBLISHED)
    return event


def register_public(event, n: int = 1, **overrides):
    values = {"name": f"Teilnehmerin {n}", "organisation_name": "Flüchtlingsrat", "email": f"person{n}@example.org",
              "accessibility_needs": "", "consent": True, "language": "de", "base_url": BASE, **overrides}
    return services.registration_create_public(event=event, **values)


@contextmanager
def committed():
    """Run the on-commit callbacks of the writes inside (enqueueing mail jobs) as a commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def register_committed(event, n: int = 1, **overrides):
    with committed():
        return register_public(event, n, **overrides)
