"""An Arabic notice and the Arabic manage page render right to left in a real browser; the
screenshots are kept as test artefacts (var/test-artefacts/, not committed)."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from apps.appointments import services
from apps.appointments.tests.factories import make_day, make_location
from apps.jobs.testing import run_jobs

ARTEFACTS = Path(settings.BASE_DIR) / "var" / "test-artefacts"


def _direction(page, selector: str) -> str:
    return page.eval_on_selector(selector, "element => getComputedStyle(element).direction")


def test_an_arabic_reminder_and_the_arabic_manage_page_read_right_to_left(new_page, orgs, personas,
                                                                          django_capture_on_commit_callbacks):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    location = make_location(orgs.iom, ags="07143", name="Rathaus Montabaur")
    day = make_day(location, personas.team_lead, on=timezone.localdate() + timedelta(days=1), slots=1)
    _appointment, token = services.appointment_book(actor=personas.hotline, slot=day.slots.get(), data={
        "pseudonym": "A", "phone": "015123456789", "email": "holder@example.org", "language": "ar",
        "consent": True})
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_appointment_reminders")
    run_jobs()
    [message] = mail.outbox
    [(html, _mimetype)] = message.alternatives

    page = new_page(locale="ar")
    page.set_viewport_size({"width": 390, "height": 800})
    page.set_content(html)
    assert _direction(page, "body") == "rtl" and _direction(page, "h1") == "rtl"
    heading = page.locator("h1").bounding_box()
    assert heading["x"] + heading["width"] > 390 - 20  # the heading sits at the right edge
    page.screenshot(path=str(ARTEFACTS / "notice-reminder-ar.png"), full_page=True)

    page.goto(f"/ar/appointment/{token}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert _direction(page, "main") == "rtl"
    heading = page.locator("main h1").bounding_box()
    assert heading["x"] + heading["width"] > 390 - 40  # mirrored: the heading starts at the right edge
    label = page.locator("label[for=id_language]").bounding_box()
    assert label["x"] + label["width"] > 390 - 40
    options = page.locator("#id_language option")
    assert options.count() == len(settings.LANGUAGES)
    page.screenshot(path=str(ARTEFACTS / "manage-page-ar.png"), full_page=True)
    page.select_option("#id_language", "ru")
    page.get_by_role("button", name=page.locator("form.other-languages button").inner_text()).click()
    page.wait_for_url(f"**/ru/appointment/{token}/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert (ARTEFACTS / "notice-reminder-ar.png").stat().st_size > 0
