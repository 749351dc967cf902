"""Editable portal texts: declared keys, fallbacks, the accessibility feedback route."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import translation

from apps.audit.models import AuditEntry
from apps.jobs.testing import run_jobs
from apps.portal.models import AccessibilityFeedback, PortalText
from apps.portal.tests.forms_support import clock_fixture, send  # noqa: F401 (the clock fixture)
from apps.portal.texts import KEYS, text, texts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the address limit of the forms counts in the cache
    yield
    cache.clear()


def test_the_declared_keys_cover_what_the_pages_need():
    for key in ("hotline_number", "hotline_hours", "notice", "controller", "dpo_contact", "imprint",
                "feedback_email", "accessibility_contact", "enforcement_contact"):
        assert key in KEYS
    assert KEYS["hotline_number"].per_language is False
    assert KEYS["hotline_hours"].per_language is True


def test_a_text_falls_back_to_german_then_to_its_default():
    assert text("hotline_hours", "ar") == ""
    PortalText.objects.create(key="hotline_hours", language="de", value="Mo–Fr 9–15 Uhr")
    assert text("hotline_hours", "ar") == "Mo–Fr 9–15 Uhr"
    PortalText.objects.create(key="hotline_hours", language="ar", value="")  # empty counts as missing
    assert text("hotline_hours", "ar") == "Mo–Fr 9–15 Uhr"
    PortalText.objects.create(key="hotline_hours", language="en", value="Mon–Fri 9–3")
    assert text("hotline_hours", "en") == "Mon–Fri 9–3"
    assert "Datenschutz" in text("supervisory_authority", "ar")  # the shipped default


def test_a_default_comes_in_the_asked_language():
    with translation.override("de"):
        english = text("network_name", "en")
    assert english == "Return Counselling Rhineland-Palatinate"


def test_a_language_independent_text_is_the_same_everywhere():
    PortalText.objects.create(key="hotline_number", language="", value="+49 800 1")
    assert text("hotline_number", "fa") == text("hotline_number", "de") == "+49 800 1"
    assert texts("uk")["hotline_number"] == "+49 800 1"


def test_texts_reads_every_key_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        values = texts("ru")
    assert set(values) == set(KEYS)


# --- Accessibility feedback ------------------------------------------------------------------

FEEDBACK = "/de/accessibility/feedback/"


def test_feedback_is_stored_audited_and_mailed_to_the_maintained_address(
        client, clock, django_capture_on_commit_callbacks):
    PortalText.objects.create(key="feedback_email", language="", value="barrierefrei@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, clock, FEEDBACK, {"message": "Der Kontrast ist zu schwach.", "page": "/de/find/",
                                           "name": "", "email": "leser@example.org"})
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.message, feedback.page, feedback.email, feedback.language) == (
        "Der Kontrast ist zu schwach.", "/de/find/", "leser@example.org", "de")
    assert AuditEntry.objects.filter(action="portal.accessibility_feedback_received").count() == 1
    assert mail.outbox == []  # queued in the transaction, delivered by a job
    run_jobs()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["barrierefrei@example.org"]
    assert "Der Kontrast ist zu schwach." in message.body and "leser@example.org" in message.body
    assert not client.cookies  # no cookie before or after the form


def test_feedback_without_a_maintained_address_is_only_stored(client, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, clock, FEEDBACK, {"message": "Bitte größere Schrift."})
    run_jobs()
    assert AccessibilityFeedback.objects.count() == 1 and mail.outbox == []


def test_feedback_with_errors_keeps_the_input_and_says_what_is_wrong(client, clock):
    response = send(client, clock, FEEDBACK, {"message": "", "name": "Samir", "email": "not-an-address"})
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("de"):
        assert translation.gettext("Please fill in this field.") in html
        assert translation.gettext("Please enter an e-mail address like name@example.org.") in html
    assert 'value="Samir"' in html
    assert AccessibilityFeedback.objects.count() == 0


def test_feedback_from_another_site_or_too_fast_is_refused(client, clock):
    response = send(client, clock, FEEDBACK, {"message": "Hallo"}, headers={"HTTP_ORIGIN": "https://evil.example"})
    assert response.status_code == 403
    response = send(client, clock, FEEDBACK, {"message": "Hallo"}, seconds=0.5)
    assert response.status_code == 200
    assert AccessibilityFeedback.objects.count() == 0


def test_the_thank_you_page_shows_no_form(client):
    html = client.get(FEEDBACK + "?sent=1").content.decode()
    assert 'role="status"' in html and "<form" not in html


def test_the_demo_texts_are_seeded_once_and_keep_later_edits():
    from apps.portal import demo

    assert demo.seed(None) == len(demo.DEMO_TEXTS)
    PortalText.objects.filter(key="hotline_hours", language="de").update(value="Geändert")
    assert demo.seed(None) == 0
    assert text("hotline_hours", "de") == "Geändert"
    assert text("hotline_hours", "tr").startswith("Pazartesiden")
    assert text("hotline_number", "fa") == "+49 800 1234567"


def test_texts_say_which_language_they_are_in_and_pages_mark_a_german_fallback(client):
    from apps.portal.models import PortalText as Stored
    from apps.portal.texts import texts as read_texts

    Stored.objects.create(key="hotline_hours", language="de", value="Montag bis Freitag, 9 bis 16 Uhr")
    Stored.objects.create(key="hotline_hours", language="ru", value="С понедельника по пятницу")
    Stored.objects.create(key="hotline_number", language="", value="+49 800 1234567")
    assert read_texts("ps")["hotline_hours"].language == "de"
    assert read_texts("ru")["hotline_hours"].language == "ru"
    html = client.get("/ps/").content.decode()
    assert '<span lang="de" dir="ltr">Montag bis Freitag, 9 bis 16 Uhr</span>' in html
    html = client.get("/ru/").content.decode()
    assert "С понедельника по пятницу" in html and '<span lang="de"' not in html.split("<footer")[1]


def test_the_demo_has_hotline_hours_in_every_client_language():
    from apps.core.client_languages import client_languages
    from apps.portal.demo import DEMO_TEXTS

    languages = {language for key, language, _value in DEMO_TEXTS if key == "hotline_hours"}
    assert languages == {lang.code for lang in client_languages()}
