"""Pages of outreach: who may do what, input never ends in a 500, queries do not grow."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.outreach import orders, services
from apps.outreach.models import Campaign, CampaignVisit, Material, MaterialFile, MaterialOrder
from apps.outreach.tests.helpers import make_campaign, make_material, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def material(personas, orgs):
    return make_material(personas.coordinator, orgs.diakonie, texts={"ar": ("استشارة", "مجانية."),
                                                                     "de": ("Beratung", "Kostenlos.")})


def _order(personas, orgs, material, actor=None, organisation=None):
    return orders.order_place(actor=actor or personas.partner, organisation=organisation or orgs.partner,
                              material=material, language="ar", quantity=50, delivery_address="Trier")


def test_every_signed_in_member_reads_published_materials_but_only_managers_edit(client, personas, material):
    client.force_login(personas.statistics)
    assert client.get(reverse("outreach:materials")).status_code == 200
    detail = client.get(reverse("outreach:material_detail", args=[material.pk]))
    assert detail.status_code == 200 and "<svg" in detail.content.decode()
    assert "/ar/materials/" in detail.content.decode()
    assert client.get(reverse("outreach:material_edit", args=[material.pk])).status_code == 403
    client.force_login(personas.coordinator)
    assert client.get(reverse("outreach:material_edit", args=[material.pk])).status_code == 200


def test_drafts_are_hidden_from_those_who_do_not_manage(client, personas, orgs):
    draft = make_material(personas.coordinator, orgs.diakonie, title="Entwurf", published=False)
    client.force_login(personas.counsellor)
    assert "Entwurf" not in client.get(reverse("outreach:materials")).content.decode()
    assert client.get(reverse("outreach:material_detail", args=[draft.pk])).status_code == 404
    client.force_login(personas.coordinator)
    assert "Entwurf" in client.get(reverse("outreach:materials")).content.decode()


def test_coordinator_creates_a_material_writes_a_text_and_uploads_a_file(client, personas):
    client.force_login(personas.coordinator)
    response = client.post(reverse("outreach:material_create"), {
        "title": "Plakat", "kind": "poster", "target_group": "families", "published": "on"})
    material = Material.objects.get(title="Plakat")
    assert response.status_code == 302
    response = client.post(reverse("outreach:material_text", args=[material.pk]) + "?language=ps", {
        "title": "مشوره", "body": "وړیا ده.", "version": material.version})
    assert response.status_code == 302 and material.texts.get().language == "ps"
    response = client.post(reverse("outreach:material_upload", args=[material.pk]),
                           {"language": "ps", "file": pdf_upload()})
    assert response.status_code == 302 and MaterialFile.objects.get().language == "ps"
    flyer = client.get(reverse("outreach:flyer_download", args=[material.pk]) + "?language=ps")
    assert flyer.status_code == 200 and flyer.content.startswith(b"%PDF")
    qr = client.get(reverse("outreach:material_qr", args=[material.pk]) + "?language=ps&format=svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    png = client.get(reverse("outreach:material_qr", args=[material.pk]) + "?language=ps")
    assert png.content.startswith(b"\x89PNG")


def test_a_refused_upload_is_a_form_error_not_a_500(client, personas, material):
    client.force_login(personas.coordinator)
    response = client.post(reverse("outreach:material_upload", args=[material.pk]),
                           {"language": "de", "file": SimpleUploadedFile("x.pdf", b"#!/bin/sh\nrm -rf /\n")})
    assert response.status_code == 200
    assert "not recognised" in response.content.decode()
    assert not MaterialFile.objects.exists()


def test_a_stale_edit_keeps_the_input_and_says_so(client, personas, material):
    client.force_login(personas.coordinator)
    services.material_update(actor=personas.coordinator, material=material, data={"title": "Zwischendurch"},
                             expected_version=material.version)
    response = client.post(reverse("outreach:material_edit", args=[material.pk]), {
        "title": "Meine Änderung", "kind": "flyer", "target_group": "general", "version": 1})
    assert response.status_code == 200
    assert "Someone else has changed" in response.content.decode()
    assert "Meine Änderung" in response.content.decode()


@pytest.mark.parametrize("query,flyer", [("?language=xx", 404), ("?language=ru", 404), ("?language=", 200),
                                         ("?language=%F0%9F%98%80", 404), ("?format=gif", 200)])
def test_odd_parameters_never_cause_a_500(client, personas, material, query, flyer):
    client.force_login(personas.coordinator)
    assert client.get(reverse("outreach:material_qr", args=[material.pk]) + query).status_code == 200
    assert client.get(reverse("outreach:material_text", args=[material.pk]) + query).status_code == 200
    # Without a language: the first one with a text (ar); a language without a text: none.
    assert client.get(reverse("outreach:flyer_download", args=[material.pk]) + query).status_code == flyer


def test_partners_see_their_own_orders_only(client, personas, orgs, material):
    own = _order(personas, orgs, material)
    other = _order(personas, orgs, material, actor=personas.authority, organisation=orgs.authority)
    client.force_login(personas.partner)
    assert client.get(reverse("outreach:order_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("outreach:order_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("outreach:incoming_orders")).status_code == 403
    listing = client.get(reverse("outreach:orders")).content.decode()
    assert listing.count(reverse("outreach:order_detail", args=[own.pk])) == 1
    assert reverse("outreach:order_detail", args=[other.pk]) not in listing


def test_a_partner_orders_and_the_coordinator_confirms(client, personas, material):
    client.force_login(personas.partner)
    wished = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(reverse("outreach:order_create"), {
        "material": material.pk, "language": "ar", "quantity": "100", "delivery_address": "Caritas\nTrier",
        "wished_date": wished})
    order = MaterialOrder.objects.get()
    assert response.status_code == 302 and order.quantity == 100
    client.force_login(personas.coordinator)
    response = client.post(reverse("outreach:incoming_detail", args=[order.pk]),
                           {"state": "confirmed", "note": "Versand nächste Woche", "version": order.version})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == "confirmed"
    # A state the order cannot reach is a form error.
    response = client.post(reverse("outreach:incoming_detail", args=[order.pk]),
                           {"state": "ordered", "version": order.version})
    assert response.status_code == 200


@pytest.mark.parametrize("data", [
    {"material": "999999", "language": "ar", "quantity": "1", "delivery_address": "x"},
    {"material": "", "language": "zz", "quantity": "-3", "delivery_address": ""},
    {"quantity": "10000000000000000000000"},
])
def test_bad_order_input_is_a_form_error(client, personas, material, data):
    client.force_login(personas.partner)
    response = client.post(reverse("outreach:order_create"), data)
    assert response.status_code == 200 and not MaterialOrder.objects.exists()


def test_campaign_page_shows_links_qr_codes_visits_and_the_privacy_note(client, personas, orgs):
    campaign = make_campaign(personas.coordinator, orgs.diakonie, code="winter", budget="12345.50")
    services.count_campaign_visit(code="winter", language="ar")
    services.count_campaign_visit(code="winter", language="ar")
    client.force_login(personas.coordinator)
    page = client.get(reverse("outreach:campaign_detail", args=[campaign.pk])).content.decode()
    assert "/ar/?c=winter" in page and "/fa/?c=winter" in page
    assert page.count("<svg") == 3
    assert "No cookie is set" in page
    assert "12,345.50" in page
    assert "Total: 2" in page


def test_campaign_budget_is_shown_in_german_format(client, personas, orgs, settings):
    settings.LANGUAGE_CODE = "de"
    campaign = make_campaign(personas.coordinator, orgs.diakonie, code="winter", budget="12345.50")
    client.force_login(personas.coordinator)
    page = client.get(reverse("outreach:campaign_detail", args=[campaign.pk]),
                      HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "12.345,50" in page


def test_campaign_create_and_figures(client, personas, material):
    client.force_login(personas.coordinator)
    today = timezone.localdate()
    response = client.post(reverse("outreach:campaign_create"), {
        "name": "Radio", "code": "radio-1", "channel": "radio", "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat(), "languages": ["ar", "ps"],
        "target_group": "general", "materials": [material.pk], "budget": "800", "platform": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get()
    assert list(campaign.materials.all()) == [material]
    response = client.post(reverse("outreach:campaign_figures", args=[campaign.pk]), {
        "period_start": today.isoformat(), "period_end": today.isoformat(), "reach": "1000", "clicks": "40"})
    assert response.status_code == 302 and campaign.figures.get().reach == 1000
    response = client.post(reverse("outreach:campaign_figures", args=[campaign.pk]), {"reach": "-1"})
    assert response.status_code == 302 and campaign.figures.count() == 1


def test_counsellors_and_partners_do_not_reach_campaigns(client, personas, orgs):
    campaign = make_campaign(personas.coordinator, orgs.diakonie)
    for persona in (personas.counsellor, personas.partner):
        client.force_login(persona)
        assert client.get(reverse("outreach:campaign_detail", args=[campaign.pk])).status_code == 403
    client.force_login(personas.network_admin)  # outreach.manage in IOM, not in Diakonie
    assert client.get(reverse("outreach:campaign_detail", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("outreach:campaign_edit", args=[campaign.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["outreach:materials", "outreach:orders", "outreach:incoming_orders",
                                      "outreach:campaigns"])
def test_list_queries_do_not_grow_with_the_rows(client, personas, orgs, url_name):
    client.force_login(personas.coordinator)

    def add(number):
        material = make_material(personas.coordinator, orgs.diakonie, title=f"M{number}",
                                 texts={"de": ("T", "B")})
        services.material_file_upload(actor=personas.coordinator, material=material, language="de",
                                      uploaded_file=pdf_upload())
        orders.order_place(actor=personas.coordinator, organisation=orgs.diakonie, material=material,
                           language="de", quantity=1, delivery_address="Mainz")
        make_campaign(personas.coordinator, orgs.diakonie, code=f"c{number}", materials=[material])
        services.count_campaign_visit(code=f"c{number}", language="de")

    add(0)
    client.get(reverse(url_name))  # warm caches (sessions, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(url_name)).status_code == 200
    for number in range(1, 5):
        add(number)
    with CaptureQueriesContext(connection) as five:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(five) == len(one)
    assert CampaignVisit.objects.count() == 5
