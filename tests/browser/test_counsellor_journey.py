"""The journey of issue 'Foundation': a counsellor at the AfA Trier signs in with a second
factor, finds a client, opens a case, records a session and a task, sees the timeline;
a Diakonie counsellor cannot reach the case; the data-protection officer sees the reads."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.cases.models import Case
from tests.factories import TEST_PASSWORD, make_case


@pytest.fixture
def journey(personas, orgs, settings):
    settings.REQUIRE_2FA = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    devices = {
        user.email: TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        for user in (personas.counsellor, personas.diakonie_counsellor, personas.iom_dpo)
    }
    make_case(personas.counsellor_speyer, orgs.iom, family_name="Karimi", given_names="Sara",
              office=personas.speyer)
    return personas, devices


def sign_in(page, email, devices):
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("E-Mail", re.I)).fill(email)
    page.get_by_label(re.compile("Passwort|Password", re.I)).fill(TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("Anmelden|Sign in", re.I)).click()
    device = devices.get(email)
    if device is not None:
        page.wait_for_url(re.compile("second-factor"))
        device.refresh_from_db()
        page.get_by_label(re.compile("Code", re.I)).fill(f"{TOTP(device.bin_key).token():06d}")
        page.get_by_role("button", name=re.compile("^(Weiter|Continue)$")).click()


def test_counsellor_journey(new_page, journey):
    personas, devices = journey
    page = new_page()
    sign_in(page, personas.counsellor.email, devices)
    page.wait_for_url(re.compile(r"/$"))

    # Search first: the client is not known yet.
    page.goto("/cases/")
    page.locator("#id_q").fill("Hosseini")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_text("Keine Fälle gefunden").wait_for()

    # Open a case for the new client.
    page.get_by_role("link", name="Neuen Fall anlegen").first.click()
    page.get_by_label("Familienname", exact=True).fill("Hosseini")
    page.get_by_label("Vornamen", exact=True).fill("Mohammad")
    page.get_by_label("Geburtsdatum", exact=True).fill("1990-05-17")
    page.get_by_label("Sprache 1", exact=True).select_option("fa")
    page.get_by_label("Beratungsstelle", exact=True).select_option(label="AfA Trier")
    page.get_by_role("button", name="Prüfen und Fall anlegen").click()
    page.get_by_text(re.compile(r"Fall IOM-\d{4}-\d{6} wurde angelegt")).wait_for()
    case = Case.objects.get(household__members__person__family_name="Hosseini")

    # Record a counselling session.
    page.get_by_role("link", name="Beratungsgespräche").click()
    page.get_by_role("link", name="Gespräch erfassen").click()
    page.get_by_label("Kanal", exact=True).select_option("office")
    page.get_by_label("Sprache", exact=True).select_option("fa")
    page.get_by_label("Dolmetschung anwesend", exact=True).check()
    page.get_by_label("Dolmetscher*in", exact=True).fill("Sprachmittlung Trier")
    page.get_by_label("Hosseini, Mohammad").check()
    page.get_by_label("Rückkehrprogramme (REAG/GARP, StarthilfePlus)").check()
    page.get_by_label("Vertrauliche Zusammenfassung", exact=True).fill("Möchte Informationen zu REAG/GARP.")
    page.get_by_role("button", name="Gespräch speichern").click()
    page.get_by_text("Möchte Informationen zu REAG/GARP.").wait_for()

    # Add a task.
    page.get_by_role("link", name="Aufgaben").click()
    page.get_by_label("Aufgabe", exact=True).fill("Reisepass-Kopie anfordern")
    page.get_by_label("Fällig", exact=True).fill("2026-12-15")
    page.get_by_role("button", name="Aufgabe hinzufügen").click()
    page.get_by_role("cell", name="Reisepass-Kopie anfordern").wait_for()

    # Everything on the timeline.
    page.get_by_role("link", name="Verlauf").click()
    timeline = page.locator(".timeline").inner_text()
    assert "Beratungsgespräch" in timeline and "Reisepass-Kopie anfordern" in timeline and "Neu" in timeline

    # A Diakonie counsellor finds nothing and cannot open the URL.
    other = new_page()
    sign_in(other, personas.diakonie_counsellor.email, devices)
    other.goto("/cases/?q=Hosseini")
    other.get_by_text("Keine Fälle gefunden").wait_for()
    assert other.goto(f"/cases/{case.pk}/").status == 404

    # The data-protection officer sees who looked at the case.
    officer = new_page()
    sign_in(officer, personas.iom_dpo.email, devices)
    officer.goto(f"/audit/?case={case.reference}")
    rows = officer.locator("table tbody").inner_text()
    # The action in words (German once the catalogue has it, the English source until then).
    assert ("Fall angesehen" in rows or "Case viewed" in rows) and personas.counsellor.email in rows
