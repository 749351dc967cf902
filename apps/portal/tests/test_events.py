"""Events on the portal: registering through an event's public link and the participant's own
page (cancel, feedback after the event, certificate after attending). The protection holds
(challenge, honeypot, origin), every typed value stays on an error, no cookie is set."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader

from apps.events import services
from apps.events.models import Registration
from apps.events.tests.helpers import make_event, register_public
from apps.jobs.testing import run_jobs
from apps.portal.protection import NOT_VALID, TOO_FAST
from apps.portal.tests.forms_support import clock_fixture, fresh_limits_fixture, resend, send  # noqa: F401

S = Registration.Status
TYPED = {"name": "Amina Yusuf", "organisation": "Flüchtlingshilfe Mainz", "email": "amina@example.org",
         "accessibility_needs": "Gebärdensprache", "consent": "on"}
pytestmark = pytest.mark.usefixtures("fresh_limits")


@pytest.fixture
def event(personas, orgs):
    return make_event(personas.coordinator, orgs.diakonie, capacity=1, title="Infoabend Rückkehrhilfen",
                      description="Programme und Beratung")


def url_of(event, language="fr"):
    return f"/{language}/events/register/{event.public_token}/"


def test_the_form_is_in_the_visitors_language_marks_german_data_and_sets_no_cookie(client, event):
    response = client.get(url_of(event, "ar"))
    page = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert '<h2 lang="de" dir="ltr">Infoabend Rückkehrhilfen</h2>' in page
    assert 'lang="de" dir="ltr"><p>Programme und Beratung</p>' in page
    assert 'name="challenge"' in page and 'name="website"' in page


def test_a_registration_reaches_the_event_in_the_visitors_language(client, clock, event,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, clock, url_of(event), TYPED)
    assert response.status_code == 303 and "?done=registered" in response["Location"]
    assert not response.cookies
    registration = Registration.objects.get()
    assert (registration.name, registration.organisation_name, registration.email, registration.language) == (
        "Amina Yusuf", "Flüchtlingshilfe Mainz", "amina@example.org", "fr")
    assert registration.accessibility_needs == "Gebärdensprache" and registration.status == S.CONFIRMED
    assert registration.channel == Registration.Channel.PUBLIC
    page = client.get(response["Location"])
    assert page.status_code == 200 and "no-store" in page["Cache-Control"] and not page.cookies
    assert event.online_link in page.content.decode()
    run_jobs()
    [message] = mail.outbox
    assert "Inscription confirmée" in message.subject
    assert response["Location"].split("?")[0] in message.body


def test_errors_keep_every_typed_value(client, clock, event):
    typed = {**TYPED, "email": "not-an-address"}
    response = send(client, clock, url_of(event), typed)
    page = response.content.decode()
    assert response.status_code == 200 and not Registration.objects.exists()
    assert 'value="Amina Yusuf"' in page and 'value="Flüchtlingshilfe Mainz"' in page
    assert 'value="not-an-address"' in page and "Gebärdensprache</textarea>" in page
    assert re.search(r'name="consent"[^>]*checked', page)
    assert 'class="error-summary"' in page
    assert "no-store" in response["Cache-Control"]
    fixed = resend(client, clock, url_of(event), response, TYPED)
    assert fixed.status_code == 303 and Registration.objects.count() == 1


def test_too_fast_a_honeypot_or_a_foreign_origin_registers_nobody(client, clock, event):
    fast = send(client, clock, url_of(event, "en"), TYPED, seconds=0.5)
    assert str(TOO_FAST) in fast.content.decode() and 'value="Amina Yusuf"' in fast.content.decode()
    bot = send(client, clock, url_of(event, "en"), {**TYPED, "website": "http://spam.example"})
    assert str(NOT_VALID) in bot.content.decode()
    foreign = send(client, clock, url_of(event, "en"), TYPED, headers={"HTTP_ORIGIN": "https://evil.example"})
    assert foreign.status_code == 403
    assert not Registration.objects.exists()


def test_a_replayed_form_registers_once(client, clock, event):
    page = client.get(url_of(event, "en"))
    first = resend(client, clock, url_of(event, "en"), page, TYPED)
    second = resend(client, clock, url_of(event, "en"), page, {**TYPED, "email": "other@example.org"})
    assert first.status_code == 303 and second.status_code == 200
    assert Registration.objects.count() == 1


def test_a_full_event_says_so_and_puts_the_visitor_on_the_waiting_list(client, clock, event):
    register_public(event, 1)
    page = client.get(url_of(event, "en")).content.decode()
    assert "you are on the waiting list" in page
    response = send(client, clock, url_of(event, "en"), TYPED)
    follow = client.get(response["Location"]).content.decode()
    assert "You are number 1 on the waiting list" in follow and event.online_link not in follow


def test_a_regenerated_link_and_a_draft_lead_nowhere(client, personas, event):
    old = url_of(event, "en")
    services.event_regenerate_link(actor=personas.coordinator, event=event)
    assert client.get(old).status_code == 404
    event.refresh_from_db()
    assert client.get(url_of(event, "en")).status_code == 200
    draft = make_event(personas.coordinator, event.organisation, publish=False)
    assert client.get(url_of(draft, "en")).status_code == 404


def test_the_participant_cancels_and_the_waiting_list_moves_up(client, clock, event):
    _first, token = register_public(event, 1)
    waiting, _ = register_public(event, 2)
    manage = f"/en/events/registration/{token}/"
    page = client.get(manage)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"] and not page.cookies
    response = resend(client, clock, manage, page, {"action": "cancel"})
    assert response.status_code == 303
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert "Your registration is cancelled" in client.get(manage).content.decode()


def test_after_attending_feedback_and_certificate_through_the_manage_link(client, clock, personas, event):
    registration, token = register_public(event, 1, name="Amina Yusuf")
    manage = f"/en/events/registration/{token}/"
    assert client.get(manage + "certificate/").status_code == 303  # not before attending
    with time_machine.travel(event.ends_at + timedelta(hours=2), tick=False):
        services.attendance_mark(actor=personas.coordinator, event=event, marks={registration.pk: S.ATTENDED})
    with time_machine.travel(event.ends_at + timedelta(days=1), tick=False) as later:
        page = client.get(manage)
        assert "Your feedback" in page.content.decode()
        response = resend(client, later, manage, page, {"action": "feedback", "overall": "", "usefulness": "4",
                                                        "comment": "Gut erklärt"})
        assert response.status_code == 200 and "Gut erklärt</textarea>" in response.content.decode()
        response = resend(client, later, manage, response, {"action": "feedback", "overall": "5",
                                                            "usefulness": "4", "comment": "Gut erklärt"})
        assert response.status_code == 303
        assert registration.feedback.overall == 5
        pdf = client.get(manage + "certificate/")
        text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
        assert "Amina Yusuf" in text and "Infoabend Rückkehrhilfen" in text


def test_an_unknown_manage_link_is_a_404_in_the_visitors_language(client, db):
    response = client.get("/ar/events/registration/not-a-token/")
    assert response.status_code == 404 and 'lang="ar"' in response.content.decode()
