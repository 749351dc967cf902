"""The back office names languages in words (German UI), never by their codes."""

import pytest
from django.urls import reverse

from apps.outreach import orders, services
from apps.outreach.tests.helpers import make_material, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def german(settings):
    settings.LANGUAGE_CODE = "de"


def _get(client, url) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    return response.content.decode()


def test_materials_list_names_the_languages_of_files_and_texts(client, personas, orgs, german):
    material = make_material(personas.coordinator, orgs.diakonie, texts={"ru": ("Beratung", "Kostenlos."),
                                                                         "sr-latn": ("Savetovanje", "Besplatno.")})
    services.material_file_upload(actor=personas.coordinator, material=material, language="ps",
                                  uploaded_file=pdf_upload())
    client.force_login(personas.coordinator)
    body = _get(client, reverse("outreach:materials"))
    assert "<td>Paschtu</td>" in body and "<td>Russisch, Serbisch</td>" in body
    assert "sr-latn" not in body and ">ps<" not in body


def test_orders_name_their_language(client, personas, orgs, german):
    material = make_material(personas.coordinator, orgs.diakonie, texts={"ps": ("مشوره", "وړیا.")})
    order = orders.order_place(actor=personas.partner, organisation=orgs.partner, material=material,
                               language="ps", quantity=20, delivery_address="Trier")
    client.force_login(personas.partner)
    for url in (reverse("outreach:orders"), reverse("outreach:order_detail", args=[order.pk])):
        body = _get(client, url)
        assert ">Paschtu<" in body and ">ps<" not in body, url
    client.force_login(personas.coordinator)
    for url in (reverse("outreach:incoming_orders"), reverse("outreach:incoming_detail", args=[order.pk])):
        body = _get(client, url)
        assert ">Paschtu<" in body and ">ps<" not in body, url
