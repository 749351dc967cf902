"""The journey of issue 10 ("The network's public face"), in Chromium at phone width (390 px):
an Arabic-speaking visitor opens /ar/, finds counselling for a postcode in the Westerwaldkreis,
books a free slot and reads the confirmation in Arabic (and the message sent is Arabic too);
another visitor asks for a callback; a hotline agent signs in with a second factor, finds the
request in the callback queue, records the call-back, logs the call and books a slot for the
caller.

The visitors' labels are looked up in the catalogues (gettext in the visitor's language), so
the test reads the page as the visitor does, without hard-coding the Arabic text.
"""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.appointments.models import Appointment
from apps.hotline.models import Call, CallbackRequest
from apps.jobs import sms
from apps.jobs.testing import run_jobs
from apps.regions.models import District
from tests.browser.axe import assert_no_violations
from tests.browser.test_counsellor_journey import sign_in
from tests.browser.test_portal_a11y import PHONE, WESTERWALD, portal_world  # noqa: F401 - fixture

ARABIC_LETTERS = re.compile(r"[\u0600-\u06FF]{3,}")


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return _(text)


@pytest.fixture
def journey(portal_world, personas, settings):  # noqa: F811
    # The time-based challenge asks a form sent within seconds to be sent again; a test types fast.
    settings.PORTAL_MIN_FILL_SECONDS = 0
    settings.REQUIRE_2FA = True
    devices = {personas.hotline.email: TOTPDevice.objects.create(user=personas.hotline, name="phone",
                                                                  confirmed=True)}
    sms.outbox.clear()
    return portal_world, devices


def phone_page(browser, live_server, locale: str, contexts: list):
    context = browser.new_context(base_url=live_server.url, locale=locale, viewport={"width": PHONE, "height": 800})
    context.set_default_timeout(10_000)
    contexts.append(context)
    return context, context.new_page()


@pytest.fixture
def contexts():
    opened = []
    yield opened
    for context in opened:
        context.close()


def test_arabic_visitor_books_another_asks_for_a_callback_the_hotline_calls_back_and_books(
        browser, live_server, append_only_guard_lifted, journey, personas, contexts):
    world, devices = journey
    ar = "ar"

    # An Arabic-speaking visitor opens the portal in Arabic: right to left.
    _visitor_context, visitor = phone_page(browser, live_server, "ar", contexts)
    visitor.goto("/ar/")
    assert visitor.locator("html[dir=rtl][lang=ar]").count() == 1
    visitor.get_by_role("link", name=in_language(ar, "Find counselling near you")).click()

    # A postcode in the Westerwaldkreis (Montabaur) leads to the district's counselling.
    visitor.get_by_label(in_language(ar, "Or your postcode")).fill("56410")
    visitor.get_by_role("button", name=in_language(ar, "Show counselling")).click()
    visitor.wait_for_url(re.compile(rf"/ar/find/{WESTERWALD}/$"))
    assert "Bürgerhaus Montabaur" in visitor.locator("main").inner_text()
    assert "Beratungsstelle Montabaur" in visitor.locator("main").inner_text()

    # The first free time, booked with a nickname and a phone number.
    visitor.get_by_role("link", name=re.compile(r"^\d\d:\d\d$")).first.click()
    visitor.wait_for_url(re.compile(rf"/ar/book/{world.free_slot.pk}/$"))
    visitor.get_by_label(in_language(ar, "Your name or a nickname")).fill("Amina")
    visitor.get_by_label(in_language(ar, "Your phone number")).fill("0151 98765432")
    visitor.get_by_label(in_language(ar, "Your e-mail address (optional)")).fill("amina@example.org")
    visitor.get_by_label(in_language(ar, "I agree that the counselling service may contact me about this "
                                         "appointment by SMS or e-mail.")).check()
    visitor.get_by_role("button", name=in_language(ar, "Book the appointment")).click()

    # The confirmation, in Arabic, on the booking's own page (its manage link).
    visitor.get_by_role("heading", name=in_language(ar, "Your appointment is booked")).wait_for()
    assert re.search(r"/ar/appointment/[\w-]+/$", visitor.url)
    assert visitor.locator("html[dir=rtl][lang=ar]").count() == 1
    appointment = Appointment.objects.get(slot=world.free_slot, cancelled_at__isnull=True)
    assert appointment.language == "ar" and appointment.channel == Appointment.Channel.PUBLIC
    assert appointment.confirmation_code in visitor.locator("main").inner_text()
    assert_no_violations(visitor, "the Arabic confirmation")

    # The confirmation message goes out in Arabic (SMS and e-mail), with the manage link.
    run_jobs()
    [message] = [m for m in sms.outbox if appointment.confirmation_code in m.text]
    [email] = [m for m in mail.outbox if m.to == ["amina@example.org"]]
    for text in (message.text, email.body):
        assert ARABIC_LETTERS.search(text), text
        assert text.startswith(in_language(ar, "Your counselling appointment is booked")[:12])
        assert visitor.url.removeprefix(live_server.url) in text
    assert email.subject == in_language(ar, "Your counselling appointment is booked")

    # Another visitor (Persian) asks for a callback in the afternoon.
    fa = "fa"
    _caller_context, caller = phone_page(browser, live_server, "fa", contexts)
    caller.goto("/fa/")
    caller.get_by_role("link", name=in_language(fa, "Request a callback")).first.click()
    caller.get_by_label(in_language(fa, "Language for the call")).select_option("fa")
    caller.get_by_label(in_language(fa, "Your phone number")).fill("0176 12345678")
    caller.get_by_label(in_language(fa, "In the afternoon (14 to 17)")).check()
    caller.get_by_label(in_language(fa, "Your first name (optional)")).fill("Reza")
    caller.get_by_label(in_language(fa, "I agree that the counselling service stores my phone number and "
                                        "calls me back.")).check()
    caller.get_by_role("button", name=in_language(fa, "Send the request")).click()
    caller.get_by_role("heading", name=in_language(fa, "Your request has been sent")).wait_for()
    callback = CallbackRequest.objects.get()
    assert (callback.language, callback.first_name, callback.window) == ("fa", "Reza", "afternoon")

    # A hotline agent signs in (second factor) and finds the request in the callback queue.
    agent = browser.new_context(base_url=live_server.url, locale="en-GB")
    contexts.append(agent)
    agent.set_default_timeout(10_000)
    desk = agent.new_page()
    sign_in(desk, personas.hotline.email, devices)
    desk.wait_for_url(re.compile(r"/$"))
    desk.goto("/hotline/callbacks/")
    row = desk.locator("#callback-queue tbody tr", has_text="Reza")
    assert "Persian" in row.inner_text()
    row.get_by_role("link", name="Open").click()

    # The call back: reached, noted as an attempt.
    desk.get_by_label("reached").check()
    desk.get_by_label("Note (optional)").fill("Wants an appointment in Montabaur.")
    desk.get_by_role("button", name="Record attempt").click()
    desk.get_by_text("Wants an appointment in Montabaur.").wait_for()
    [attempt] = callback.attempts.all()
    assert attempt.outcome == "reached" and attempt.agent == personas.hotline

    # The call is logged with the keyboard-first form: outbound, Persian, Westerwaldkreis.
    desk.goto("/hotline/")
    desk.get_by_label("outbound").check()
    desk.get_by_label("Duration (minutes)").fill("7")
    desk.get_by_label("Language", exact=True).select_option("fa")
    desk.get_by_label("Appointment", exact=True).check()
    desk.get_by_label("District", exact=True).select_option(str(District.objects.get(ags=WESTERWALD).pk))
    desk.get_by_label("appointment booked").check()
    desk.get_by_label("Caller's name (optional)").fill("Reza")
    desk.get_by_label("Phone number (optional)").fill("0176 12345678")
    desk.get_by_role("button", name="Save call").click()
    desk.locator("#calls-today tbody tr", has_text="Westerwaldkreis").get_by_role("link", name="Open").click()
    call = Call.objects.get()
    assert (call.direction, call.language, call.district.ags) == ("outbound", "fa", WESTERWALD)

    # ... and a free slot in the Westerwaldkreis is booked for the caller from the call.
    desk.get_by_role("link", name="Book a slot").click()
    desk.get_by_role("radio").first.check()
    desk.get_by_label("Name or pseudonym").fill("Reza")
    desk.get_by_label("Phone number", exact=True).fill("0176 12345678")
    desk.get_by_label("The caller agrees to be contacted by SMS about this appointment").check()
    desk.get_by_role("button", name="Book", exact=True).click()
    desk.wait_for_url(re.compile(rf"/hotline/calls/{call.pk}/$"))
    call.refresh_from_db()
    booked = call.appointment
    assert booked is not None and booked.day.location.district.ags == WESTERWALD
    assert booked.slot_id != world.free_slot.pk and booked.cancelled_at is None
    # The caller agreed: the confirmation goes out in Persian, with the portal's manage link.
    assert booked.language == "fa" and booked.consent_given_at is not None
    run_jobs()
    [confirmation] = [m for m in sms.outbox if booked.confirmation_code in m.text]
    assert confirmation.text.startswith(in_language(fa, "Your counselling appointment is booked")[:12])
    assert f"{live_server.url}/fa/appointment/" in confirmation.text
