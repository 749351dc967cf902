"""Notices go out in the language the client was booked in, with a draft note where no native
speaker has reviewed the translation yet; their links point to SITE_URL."""

import re
from datetime import date, datetime

import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.appointments import services, sms
from apps.appointments.notices import manage_link
from apps.appointments.tests.factories import make_day
from apps.jobs.testing import run_jobs

ARABIC = re.compile("[\u0600-\u06ff]")
NOW = timezone.make_aware(datetime(2027, 3, 1, 10, 0))


def _remind(personas, location, django_capture_on_commit_callbacks, *, language, staff=False):
    tomorrow = make_day(location, personas.team_lead, on=date(2027, 3, 2))
    slot = tomorrow.slots.first()
    if staff:  # booked by the hotline or a counsellor for a known caller
        services.appointment_book(actor=personas.hotline, slot=slot, data={
            "pseudonym": "A", "phone": "015123456789", "email": "holder@example.org", "language": language,
            "consent": True})
    else:
        services.appointment_book_public(slot=slot, pseudonym="A", phone="015123456789", language=language,
                                         consent=True, email="holder@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_appointment_reminders")
    run_jobs()
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1
    return mail.outbox[0], sms.outbox[0]


@time_machine.travel(NOW, tick=False)
def test_an_arabic_booking_is_reminded_in_arabic_with_a_draft_note(personas, location,
                                                                   django_capture_on_commit_callbacks):
    message, text = _remind(personas, location, django_capture_on_commit_callbacks, language="ar", staff=True)
    assert message.subject == "تذكير: موعد الاستشارة الخاص بك غدًا"
    assert ARABIC.search(message.body) and "Reminder" not in message.body and "Erinnerung" not in message.body
    assert "02.03.2027" in message.body and location.name in message.body
    assert "ترجمة" in message.body.splitlines()[-1]  # "draft translation", in Arabic, last
    assert text.text == message.body
    [(html, mimetype)] = message.alternatives  # the HTML part carries the direction
    assert mimetype == "text/html" and '<html lang="ar" dir="rtl">' in html and "تذكير" in html


@time_machine.travel(NOW, tick=False)
def test_a_reviewed_language_has_no_draft_note(personas, location, django_capture_on_commit_callbacks, settings):
    settings.REVIEWED_LANGUAGES = ["de", "en", "ar"]
    message, _text = _remind(personas, location, django_capture_on_commit_callbacks, language="ar")
    assert ARABIC.search(message.body) and "ترجمة" not in message.body


@time_machine.travel(NOW, tick=False)
def test_a_language_without_a_catalogue_is_reminded_in_german(personas, location,
                                                              django_capture_on_commit_callbacks, settings):
    settings.LANGUAGE_CODE = "de"  # as in production (the suite runs in English)
    message, _text = _remind(personas, location, django_capture_on_commit_callbacks, language="so", staff=True)
    assert message.subject == "Erinnerung: Ihr Beratungstermin morgen"
    assert "(" not in message.body.splitlines()[-1]  # German is reviewed: no note


@time_machine.travel(NOW, tick=False)
def test_the_confirmation_links_to_the_manage_page_in_the_clients_language_at_site_url(personas, location,
                                                                                       settings):
    day = make_day(location, personas.team_lead, on=date(2027, 3, 8))
    settings.SITE_URL = "https://beratung.example.org"
    appointment, token = services.appointment_book_public(
        slot=day.slots.first(), pseudonym="A", phone="015123456789", language="ps", consent=True)
    assert manage_link(appointment, token) == f"https://beratung.example.org/ps/appointment/{token}/"
    staff_booked, staff_token = services.appointment_book(
        actor=personas.hotline, slot=day.slots.last(), data={"pseudonym": "B", "language": "sr-latn"})
    assert manage_link(staff_booked, staff_token).startswith("https://beratung.example.org/sr-latn/appointment/")


@time_machine.travel(NOW, tick=False)
def test_the_staff_booking_page_hands_out_the_link_under_site_url(client, personas, location, settings):
    day = make_day(location, personas.team_lead, on=date(2027, 3, 8))
    settings.SITE_URL = "https://beratung.example.org"
    settings.ALLOWED_HOSTS = ["intern-10-0-0-5"]  # the back office opened under an internal name
    client.force_login(personas.hotline)
    slot = day.slots.first()
    response = client.post(reverse("appointments:book", args=[slot.pk]), {
        "pseudonym": "Herr A.", "phone": "0151 23456789", "language": "ar"}, follow=True,
        HTTP_HOST="intern-10-0-0-5:8443")
    assert "https://beratung.example.org/ar/appointment/" in response.content.decode()
    assert "intern-10-0-0-5" not in response.content.decode()
