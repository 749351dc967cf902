"""The portal's information pages: languages, right to left, draft note, programmes wording."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, override

from apps.programmes.models import Programme, ProgrammeVersion

pytestmark = pytest.mark.django_db

INFO_PAGES = ["home", "how", "programmes", "materials", "languages", "privacy", "accessibility", "imprint",
              "accessibility_feedback"]


def _url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(f"portal:{name}")


@pytest.mark.parametrize("language", ["de", "ar", "ru"])
@pytest.mark.parametrize("name", INFO_PAGES)
def test_every_information_page_renders_in_its_language_and_direction(client, name, language):
    response = client.get(_url(name, language))
    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert response["Content-Language"] == language
    assert 'href="#main"' in html and 'id="main"' in html
    assert 'href="/accounts/login/"' in html


def test_the_draft_note_shows_for_unreviewed_languages_only(client, settings):
    settings.REVIEWED_LANGUAGES = ["de", "en"]
    note = 'class="draft-note"'  # the sentence itself is translated
    assert note in client.get("/ar/").content.decode()
    assert note not in client.get("/de/").content.decode()
    settings.REVIEWED_LANGUAGES = ["de", "en", "ar"]
    assert note not in client.get("/ar/").content.decode()


def test_the_header_names_the_current_language_in_itself(client):
    html = client.get("/ar/").content.decode()
    assert re.search(r'<span lang="ar" dir="rtl">العربي', html)
    assert 'href="/ar/languages/?next=/ar/"' in html


def test_the_languages_page_links_the_same_page_in_every_language(client, settings):
    settings.REVIEWED_LANGUAGES = ["de", "en"]
    html = client.get("/de/languages/?next=/de/programmes/").content.decode()
    for code, _name in settings.LANGUAGES:
        assert f'href="/{code}/programmes/" lang="{code}" hreflang="{code}"' in html
    assert 'href="/fa/programmes/" lang="fa" hreflang="fa" dir="rtl"' in html
    with override("de"):
        assert html.count(gettext("Draft translation")) == len(settings.LANGUAGES) - 2


def test_the_languages_page_ignores_a_next_outside_the_portal(client):
    html = client.get("/de/languages/?next=https://evil.example/").content.decode()
    assert "evil.example" not in html
    assert 'href="/ar/" lang="ar"' in html
    html = client.get("/de/languages/?next=/accounts/login/").content.decode()
    assert 'href="/accounts/login/" lang=' not in html


def test_the_current_page_is_marked_in_the_navigation(client):
    html = client.get("/de/counselling/").content.decode()
    assert '<a href="/de/counselling/" aria-current="page">' in html


def test_the_notice_banner_and_hotline_come_from_the_editable_texts(client):
    from apps.portal.models import PortalText

    assert 'class="notice"' not in client.get("/de/").content.decode()
    PortalText.objects.create(key="notice", language="de", value="Am 24. Dezember geschlossen.")
    PortalText.objects.create(key="hotline_number", language="", value="+49 800 123 45 67")
    html = client.get("/ru/").content.decode()
    assert "Am 24. Dezember geschlossen." in html  # falls back to German
    assert 'href="tel:+498001234567"' in html


def test_information_pages_may_be_cached_and_set_no_cookie(client):
    response = client.get("/de/privacy/")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert not response.cookies


# --- Programmes --------------------------------------------------------------------------

def _programme(*, amount_unverified: bool, verified_on=None):
    Programme.objects.update(is_active=False)
    programme = Programme.objects.create(code="testprog", name="Testprogramm", operator="BAMF")
    rules = {"eligible_residence_statuses": ["toleration"], "benefits": [
        {"code": "bonus", "kind": "cash", "label": "Start bonus", "adult_amount": 1234, "child_amount": 617,
         "family_cap": 4321},
        {"code": "ticket", "kind": "costs", "label": "Ticket"},
    ]}
    ProgrammeVersion.objects.create(programme=programme, label="2026", valid_from=date(2020, 1, 1), rules=rules,
                                    unverified=["benefits.bonus"] if amount_unverified else [],
                                    verified_on=verified_on)
    return programme


def test_an_unverified_amount_is_never_shown_only_to_be_confirmed(client):
    _programme(amount_unverified=True)
    html = client.get("/en/programmes/").content.decode()
    assert "Testprogramm" in html
    assert ('A payment: the amount is to be confirmed in counselling. (<span lang="de" dir="ltr">Start bonus</span>)'
            in html)
    assert "1,234" not in html and "1234" not in html and "617" not in html
    assert "Not all of this information has been confirmed yet." in html


def test_a_verified_amount_is_offered_as_a_possibility_never_a_promise(client):
    _programme(amount_unverified=False, verified_on=date(2026, 1, 5))
    html = client.get("/en/programmes/").content.decode()
    assert "A payment: possibly 1,234 euros per adult and 617 euros per child." in html
    assert "At most 4,321 euros per family." in html
    assert 'Some costs may be covered. Counselling checks this with you. (<span lang="de" dir="ltr">Ticket</span>)' \
        in html
    assert "Not all of this information has been confirmed yet." not in html
    for promise in ("you will receive", "you get", "you receive", "guaranteed"):
        assert promise not in html.lower()


def test_inactive_programmes_are_not_listed(client):
    programme = _programme(amount_unverified=False)
    programme.is_active = False
    programme.save()
    assert "Testprogramm" not in client.get("/en/programmes/").content.decode()


def test_programme_data_inside_a_pashto_page_is_marked_german(client):
    _programme(amount_unverified=False, verified_on=date(2026, 1, 5))
    html = client.get("/ps/programmes/").content.decode()
    assert '<span lang="de" dir="ltr">Testprogramm</span>' in html
    assert '<span lang="de" dir="ltr">BAMF</span>' in html
    assert '<span lang="de" dir="ltr">Start bonus</span>' in html and '<span lang="de" dir="ltr">Ticket</span>' in html
    with override("ps"):
        assert gettext("Some costs") in html
    # No data name outside its span: the sentences are in Pashto words only.
    main = html.split("<main")[1].split("</main>")[0]
    assert main.count("Testprogramm") == main.count('<span lang="de" dir="ltr">Testprogramm</span>')
