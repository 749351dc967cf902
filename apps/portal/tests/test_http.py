"""HTTP behaviour of the portal: caching headers, Content-Language, campaign links."""

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from apps.outreach.models import Campaign, CampaignVisit

pytestmark = pytest.mark.django_db

DAY = timezone.make_aware(timezone.datetime(2026, 5, 12, 10, 0))


def test_information_pages_are_public_for_five_minutes_in_their_language(client):
    response = client.get("/ar/counselling/")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert response["Content-Language"] == "ar"


def test_a_form_page_is_cached_shorter(client):
    response = client.get("/de/accessibility/feedback/")
    assert "max-age=60" in response["Cache-Control"]


def test_a_signed_in_member_gets_private_uncached_pages(client, personas):
    client.force_login(personas.counsellor)
    response = client.get("/de/")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_page_that_does_not_exist_is_not_marked_cacheable(client):
    response = client.get("/de/no-such-page/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


@pytest.fixture
def campaign(orgs):
    return Campaign.objects.create(organisation=orgs.diakonie, name="Frühjahr", code="fruehjahr26",
                                   channel="social_media", starts_on=date(2026, 5, 1), ends_on=date(2026, 5, 31),
                                   languages=["ar", "de"], target_group=Campaign._meta.get_field(
                                       "target_group").choices[0][0])


def test_a_campaign_link_is_counted_and_redirected_to_the_clean_page(client, campaign):
    with time_machine.travel(DAY, tick=False):
        response = client.get("/ar/programmes/?c=fruehjahr26")
        client.get("/ar/?c=fruehjahr26")
    assert response.status_code == 302 and response["Location"] == "/ar/programmes/"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    visit = CampaignVisit.objects.get()
    assert (visit.campaign, visit.day, visit.language, visit.count) == (campaign, date(2026, 5, 12), "ar", 2)


def test_other_parameters_survive_the_redirect(client, campaign):
    with time_machine.travel(DAY, tick=False):
        response = client.get("/de/find/?postcode=56410&c=fruehjahr26")
    assert response["Location"] == "/de/find/?postcode=56410"


def test_an_unknown_or_expired_code_is_dropped_without_a_count(client, campaign):
    with time_machine.travel(DAY, tick=False):
        assert client.get("/de/?c=nonsense")["Location"] == "/de/"
        assert client.get("/de/?c=" + "x" * 500)["Location"] == "/de/"
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 7, 1, 10, 0)), tick=False):
        assert client.get("/de/?c=fruehjahr26")["Location"] == "/de/"
    assert not CampaignVisit.objects.exists()


def test_campaign_links_only_apply_to_portal_pages_and_gets(client, personas, campaign):
    client.force_login(personas.counsellor)
    response = client.get("/accounts/profile/?c=fruehjahr26")
    assert response.status_code == 200  # the back office page itself, not a redirect
    assert not CampaignVisit.objects.exists()


@pytest.mark.parametrize("url", ["/de/no-such-page/", "/ar/find/99999/"])
def test_a_missing_portal_page_is_the_portal_s_own_404_without_a_cookie(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header"' in html and f'href="/{url.split("/")[1]}/find/"' in html
    assert not response.cookies


def test_a_missing_back_office_page_keeps_the_back_office_404(client, personas):
    client.force_login(personas.counsellor)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'class="site-header"' not in response.content.decode()


def test_a_campaign_link_to_no_portal_page_is_not_counted(client, campaign):
    with time_machine.travel(DAY, tick=False):
        assert client.get("/ar/no-such-page/?c=fruehjahr26").status_code == 404
    assert not CampaignVisit.objects.exists()


def test_a_campaign_code_with_nul_is_refused_before_it_is_counted(client, campaign):
    with time_machine.travel(DAY, tick=False):
        response = client.get("/ar/programmes/?c=fruehjahr26%00")
    assert response.status_code == 400
    assert not CampaignVisit.objects.exists()


def test_the_input_check_runs_before_the_campaign_counter(settings):
    order = settings.MIDDLEWARE
    assert order.index("apps.core.validation.RefuseUnstorableInputMiddleware") < order.index(
        "apps.portal.campaigns.CampaignVisitMiddleware")


@pytest.mark.parametrize(("path", "canonical"), [
    ("/sr-Latn/find/?postcode=56410", "/sr-latn/find/?postcode=56410"), ("/SR-LATN/", "/sr-latn/"),
    ("/AR/", "/ar/"), ("/Ar/programmes/", "/ar/programmes/")])
def test_a_language_prefix_in_another_case_is_sent_to_our_spelling(client, path, canonical):
    response = client.get(path)
    assert response.status_code == 301 and response["Location"] == canonical


@pytest.mark.parametrize("path", ["/xx/", "/so/find/", "/xx-yyyy/"])
def test_an_unknown_language_prefix_gets_the_portal_404_in_the_browsers_language(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 404 and not response.cookies
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html and 'href="/ar/find/"' in html


def test_other_unknown_addresses_keep_the_back_office_404(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 404
    assert 'href="/ar/find/"' not in response.content.decode()
