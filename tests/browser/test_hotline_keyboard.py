"""A hotline agent logs a call with the keyboard alone: every field is reachable in tab order,
choices move with the arrow keys, Enter saves. The bound is on key presses, never on time."""

import re

import pytest
from django.utils import timezone

from apps.hotline.models import Call
from tests.browser.test_counsellor_journey import sign_in

MAX_KEYS = 25


@pytest.fixture
def agent(personas, settings):
    settings.REQUIRE_2FA = False
    return personas.hotline


def test_a_call_is_logged_with_the_keyboard_alone_in_few_keys(new_page, agent):
    page = new_page()
    sign_in(page, agent.email, {})
    page.goto("/hotline/")
    # The time field has the focus on arrival (autofocus) and holds "now".
    assert page.evaluate("document.activeElement.name") == "started_at"
    keys = [
        "Tab",                          # direction: inbound is already chosen
        "Tab", "Control+a", "1", "2",   # duration: 12 minutes
        "Tab", "ArrowDown", "ArrowDown",  # language: German → English → Arabic
        "Tab", "Space",                 # interpreter: yes
        "Tab", "ArrowDown",             # topic: programmes (the second choice)
        "Tab", "w",                     # district: type-ahead to Westerwaldkreis
        "Tab", "Space",                 # outcome: information given
        "Enter",                        # save
    ]
    for key in keys:
        page.keyboard.press(key)
    page.get_by_text(re.compile("Anruf wurde erfasst|call has been logged")).wait_for()
    assert len(keys) <= MAX_KEYS
    call = Call.objects.get()
    assert (call.agent, call.direction, call.duration_minutes, call.language, call.interpreter, call.topic,
            call.district.name, call.outcomes) == (agent, "inbound", 12, "ar", True, "programmes",
                                                  "Westerwaldkreis", ["information"])
    assert call.caller_name == "" and call.phone == ""  # anonymous by default
    assert timezone.localtime(call.started_at).date() == timezone.localdate()
    row = page.locator("#calls-today tbody tr").first
    assert "Westerwaldkreis" in row.inner_text() and "12" in row.inner_text()


def test_agent_calls_back_a_portal_request_and_books_a_slot(new_page, agent, orgs, personas):
    from apps.accounts.models import Office
    from apps.appointments.models import Appointment
    from apps.appointments.tests.factories import make_day, make_location
    from apps.hotline.models import CallbackRequest
    from apps.hotline.services import callback_request_submit_public

    Office.objects.create(organisation=orgs.iom, name="Hotline", kind=Office.Kind.HOTLINE)
    day = make_day(make_location(orgs.iom), personas.team_lead)
    callback = callback_request_submit_public(phone="0651 1234567", language="ar", window="morning",
                                              first_name="Amal", consent=True)
    page = new_page()
    sign_in(page, agent.email, {})
    page.goto("/hotline/callbacks/")
    page.locator("#callback-queue").get_by_role("link", name=re.compile("Öffnen|Open")).click()
    page.get_by_role("radio", name=re.compile("^(erreicht|reached)$")).check()
    page.get_by_role("button", name=re.compile("Versuch erfassen|Record attempt")).click()
    page.get_by_role("link", name=re.compile("Termin buchen|Book a slot")).click()
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name=re.compile("^(Buchen|Book)$")).click()
    page.get_by_text(re.compile("Bestätigungscode|confirmation code")).wait_for()
    callback = CallbackRequest.objects.get(pk=callback.pk)
    appointment = Appointment.objects.get()
    assert callback.reached_at is not None and callback.appointment == appointment
    assert appointment.day == day and appointment.language == "ar" and appointment.pseudonym == "Amal"
