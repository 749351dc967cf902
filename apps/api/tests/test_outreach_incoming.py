"""GET /outreach/incoming-orders: the coordinator's list of orders for their own materials."""

import pytest

from apps.api.services import api_token_create
from apps.outreach import orders
from apps.outreach.tests.helpers import make_material

pytestmark = pytest.mark.django_db
URL = "/api/v1/outreach/incoming-orders"


def _auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": "Bearer " + api_token_create(actor=None, user=user, name="test")[1]}


def test_the_coordinator_lists_only_the_orders_for_own_materials_newest_first(client, personas, orgs):
    own = make_material(personas.coordinator, orgs.diakonie)
    foreign = make_material(personas.network_admin, orgs.iom, title="IOM-Flyer")
    first = orders.order_place(actor=personas.partner, organisation=orgs.partner, material=own,
                               language="ar", quantity=5, delivery_address="Trier")
    second = orders.order_place(actor=personas.authority, organisation=orgs.authority, material=own,
                                language="fa", quantity=7, delivery_address="Mainz")
    orders.order_place(actor=personas.partner, organisation=orgs.partner, material=foreign,
                       language="de", quantity=9, delivery_address="Trier")
    response = client.get(URL, **_auth(personas.coordinator))
    assert response.status_code == 200
    data = response.json()
    assert [(o["id"], o["quantity"], o["state"]) for o in data["items"]] == [
        (second.pk, 7, "ordered"), (first.pk, 5, "ordered")]
    assert data["count"] == 2
    assert [o["id"] for o in client.get(f"{URL}?limit=1&offset=1", **_auth(personas.coordinator))
            .json()["items"]] == [first.pk]


def test_only_outreach_managers_list_incoming_orders(client, personas):
    assert client.get(URL).status_code == 401
    assert client.get(URL, **_auth(personas.partner)).status_code == 403
    assert client.get(URL, **_auth(personas.hotline)).status_code == 403
