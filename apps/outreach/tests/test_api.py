"""The outreach API: materials for every token, own orders, placing and moving orders on."""

import pytest

from apps.api.services import api_token_create
from apps.outreach import orders, services
from apps.outreach.models import MaterialOrder
from apps.outreach.tests.helpers import make_campaign, make_material

pytestmark = pytest.mark.django_db


def _auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": "Bearer " + api_token_create(actor=None, user=user, name="test")[1]}


@pytest.fixture
def material(personas, orgs):
    return make_material(personas.coordinator, orgs.diakonie, texts={"ar": ("استشارة", "مجانية.")})


def test_materials_list_shows_published_ones_with_their_languages(client, personas, orgs, material):
    make_material(personas.coordinator, orgs.diakonie, title="Entwurf", published=False)
    data = client.get("/api/v1/outreach/materials", **_auth(personas.statistics)).json()
    assert [(m["title"], m["text_languages"]) for m in data["items"]] == [(material.title, ["ar"])]


def test_a_partner_orders_through_the_api_and_sees_only_own_orders(client, personas, orgs, material):
    response = client.post("/api/v1/outreach/orders", {
        "material_id": material.pk, "language": "ar", "quantity": 30, "delivery_address": "Trier"},
        content_type="application/json", **_auth(personas.partner))
    assert response.status_code == 201 and response.json()["state"] == "ordered"
    other = orders.order_place(actor=personas.authority, organisation=orgs.authority, material=material,
                               language="ar", quantity=5, delivery_address="Trier")
    mine = client.get("/api/v1/outreach/orders", **_auth(personas.partner)).json()["items"]
    assert [o["quantity"] for o in mine] == [30]
    assert client.get(f"/api/v1/outreach/orders/{other.pk}", **_auth(personas.partner)).status_code == 404


@pytest.mark.parametrize("body", [
    {"material_id": 0, "language": "ar", "quantity": 1, "delivery_address": "x"},
    {"material_id": 1, "language": "ar", "quantity": 0, "delivery_address": "x"},
    {"material_id": 1, "language": "klingon", "quantity": 1, "delivery_address": "x"},
    {"material_id": 1, "language": "ar", "quantity": 1, "delivery_address": "\x00"},
    {"material_id": 1, "language": "ar", "quantity": 1, "delivery_address": "x", "extra": 1},
])
def test_bad_order_bodies_are_422(client, personas, material, body):
    body = {**body, "material_id": material.pk if body["material_id"] else 999999}
    response = client.post("/api/v1/outreach/orders", body, content_type="application/json",
                           **_auth(personas.partner))
    assert response.status_code == 422
    assert not MaterialOrder.objects.exists()


def test_the_coordinator_moves_an_order_on_with_the_version(client, personas, orgs, material):
    order = orders.order_place(actor=personas.partner, organisation=orgs.partner, material=material,
                               language="ar", quantity=5, delivery_address="Trier")
    url = f"/api/v1/outreach/incoming-orders/{order.pk}/state"
    stale = client.post(url, {"to": "confirmed", "version": 9}, content_type="application/json",
                        **_auth(personas.coordinator))
    assert stale.status_code == 409
    done = client.post(url, {"to": "confirmed", "version": 1}, content_type="application/json",
                       **_auth(personas.coordinator))
    assert done.status_code == 200 and [e["state"] for e in done.json()["history"]] == ["ordered", "confirmed"]
    assert client.post(url, {"to": "confirmed", "version": 2}, content_type="application/json",
                       **_auth(personas.partner)).status_code == 403


def test_campaign_visits_per_day_and_language(client, personas, orgs):
    campaign = make_campaign(personas.coordinator, orgs.diakonie, code="api")
    services.count_campaign_visit(code="api", language="fa")
    data = client.get(f"/api/v1/outreach/campaigns/{campaign.pk}/visits", **_auth(personas.coordinator)).json()
    assert data["total"] == 1 and data["visits"][0]["language"] == "fa"
