"""The public side of outreach: materials for the portal and the campaign visit counter."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from apps.outreach import selectors, services
from apps.outreach.models import CampaignVisit
from apps.outreach.tests.helpers import make_campaign, make_material, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(personas):
    return personas.coordinator


def test_public_materials_lists_published_materials_with_a_file_or_text_in_the_language(coordinator, orgs):
    with_file = make_material(coordinator, orgs.diakonie, title="Poster A", kind="poster")
    services.material_file_upload(actor=coordinator, material=with_file, language="ar", uploaded_file=pdf_upload())
    with_text = make_material(coordinator, orgs.diakonie, title="Flyer B", texts={"ar": ("عنوان", "نص"),
                                                                                 "de": ("Titel", "Text")})
    make_material(coordinator, orgs.diakonie, title="Draft", published=False, texts={"ar": ("x", "y")})
    make_material(coordinator, orgs.diakonie, title="Only German", texts={"de": ("Titel", "Text")})

    arabic = selectors.public_materials("ar")

    assert sorted((m.pk, m.kind) for m in arabic) == sorted([(with_text.pk, "flyer"), (with_file.pk, "poster")])
    assert {m.title for m in arabic} == {"عنوان", "Poster A"}
    assert all(m.download_url == reverse("outreach:public_download", args=[m.pk, "ar"]) for m in arabic)
    assert [m.title for m in selectors.public_materials("ru")] == []


def test_public_materials_queries_do_not_grow_with_the_number_of_materials(coordinator, orgs,
                                                                           django_assert_num_queries):
    make_material(coordinator, orgs.diakonie, title="M0", texts={"fa": ("t", "b")})
    with django_assert_num_queries(2):
        assert len(selectors.public_materials("fa")) == 1
    for number in range(1, 5):
        make_material(coordinator, orgs.diakonie, title=f"M{number}", texts={"fa": ("t", "b")})
    with django_assert_num_queries(2):
        assert len(selectors.public_materials("fa")) == 5


def test_public_download_serves_the_newest_file_cacheable_and_without_cookies(client, coordinator, orgs):
    material = make_material(coordinator, orgs.diakonie)
    services.material_file_upload(actor=coordinator, material=material, language="de",
                                  uploaded_file=pdf_upload("alt.pdf", b"%PDF-1.4\nold\n%%EOF"))
    services.material_file_upload(actor=coordinator, material=material, language="de",
                                  uploaded_file=pdf_upload("Rückkehr \"neu\".pdf", b"%PDF-1.4\nnew\n%%EOF"))

    response = client.get(reverse("outreach:public_download", args=[material.pk, "de"]))

    assert response.status_code == 200
    assert response.content == b"%PDF-1.4\nnew\n%%EOF"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert '"' not in response["Content-Disposition"].split("filename", 1)[1].strip('="').replace('.pdf"', "")
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    again = client.get(reverse("outreach:public_download", args=[material.pk, "de"]),
                       HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_public_download_generates_the_flyer_from_the_text(client, coordinator, orgs):
    material = make_material(coordinator, orgs.diakonie, texts={"ps": ("د بېرته ستنېدو مشوره", "وړیا او محرمه.")})
    response = client.get(reverse("outreach:public_download", args=[material.pk, "ps"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("language", ["de", "xx", "ru"])
def test_public_download_is_404_for_unpublished_or_missing_languages(client, coordinator, orgs, language):
    hidden = make_material(coordinator, orgs.diakonie, published=False, texts={"de": ("T", "B")})
    shown = make_material(coordinator, orgs.diakonie, texts={"de": ("T", "B")})
    assert client.get(reverse("outreach:public_download", args=[hidden.pk, language])).status_code == 404
    if language != "de":
        assert client.get(reverse("outreach:public_download", args=[shown.pk, language])).status_code == 404


def test_a_visit_counts_per_campaign_day_and_language_for_running_campaigns_only(coordinator, orgs):
    with time_machine.travel("2026-05-04 10:00 +02:00", tick=False):
        make_campaign(coordinator, orgs.diakonie, code="fruehling")
        make_campaign(coordinator, orgs.diakonie, code="vorbei", days_before=40, days_after=-10)
        assert services.count_campaign_visit(code="fruehling", language="ar") is True
        assert services.count_campaign_visit(code="FRUEHLING", language="ar") is True
        assert services.count_campaign_visit(code="fruehling", language="fa") is True
        assert services.count_campaign_visit(code="vorbei", language="ar") is False
        assert services.count_campaign_visit(code="unbekannt", language="ar") is False
        assert services.count_campaign_visit(code="fruehling", language="xx") is False
        assert services.count_campaign_visit(code="x" * 500, language="ar") is False
    with time_machine.travel("2026-05-05 09:00 +02:00", tick=False):
        assert services.count_campaign_visit(code="fruehling", language="ar") is True

    counts = {(v.day, v.language): v.count for v in CampaignVisit.objects.all()}
    assert counts == {(date(2026, 5, 4), "ar"): 2, (date(2026, 5, 4), "fa"): 1, (date(2026, 5, 5), "ar"): 1}


def test_clients_read_a_plain_label_for_every_kind_and_target_group():
    from apps.outreach import client_texts
    from apps.outreach.models import MaterialKind, TargetGroup

    assert set(client_texts.KIND) == set(MaterialKind.values)
    assert set(client_texts.TARGET_GROUP) == set(TargetGroup.values)


@pytest.mark.parametrize("code", ["fruehling\x00", "frueh ling", "frueh/ling", "früh", "", "x" * 41, "a'b"])
def test_a_code_of_another_shape_is_refused_without_asking_the_database(coordinator, orgs, code,
                                                                        django_assert_num_queries):
    with time_machine.travel("2026-05-04 10:00 +02:00", tick=False):
        make_campaign(coordinator, orgs.diakonie, code="fruehling")
        with django_assert_num_queries(0):
            assert services.count_campaign_visit(code=code, language="ar") is False
    assert not CampaignVisit.objects.exists()
