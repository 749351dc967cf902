"""The events API: network users list published events, register themselves and cancel;
the online link only with a confirmed place; drafts are never listed."""

import pytest

from apps.api.services import api_token_create
from apps.events.models import Registration
from apps.events.tests.helpers import make_event

pytestmark = pytest.mark.django_db


def auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": "Bearer " + api_token_create(actor=None, user=user, name="test")[1]}


def test_register_wait_and_move_up_through_the_api(client, personas, orgs):
    event = make_event(personas.coordinator, orgs.diakonie, capacity=1)
    make_event(personas.coordinator, orgs.diakonie, publish=False, title="Entwurf")
    listed = client.get("/api/v1/events", **auth(personas.partner)).json()
    assert [e["title"] for e in listed["items"]] == [event.title]
    first = client.post(f"/api/v1/events/{event.pk}/registration", {"consent": True},
                        content_type="application/json", **auth(personas.authority))
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    assert first.json()["online_link"] == event.online_link
    second = client.post(f"/api/v1/events/{event.pk}/registration", {"consent": True},
                         content_type="application/json", **auth(personas.partner)).json()
    assert second["status"] == "waiting" and second["waiting_position"] == 1 and second["online_link"] == ""
    again = client.post(f"/api/v1/events/{event.pk}/registration", {"consent": True},
                        content_type="application/json", **auth(personas.partner))
    assert again.status_code == 422
    no_consent = client.post(f"/api/v1/events/{event.pk}/registration", {"consent": False},
                             content_type="application/json", **auth(personas.coordinator))
    assert no_consent.status_code == 422
    cancelled = client.post(f"/api/v1/events/{event.pk}/registration/cancel", **auth(personas.authority))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    detail = client.get(f"/api/v1/events/{event.pk}", **auth(personas.partner)).json()
    assert detail["my_registration"]["status"] == "confirmed" and detail["places_taken"] == 1
    assert Registration.objects.get(user=personas.partner).status == Registration.Status.CONFIRMED
    assert client.get(f"/api/v1/events/{event.pk}", **auth(personas.statistics)).status_code == 403
