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
