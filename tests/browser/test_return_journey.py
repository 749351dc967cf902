"""The journey of issue 'Return and reintegration': a counsellor checks the programmes for a
family of two adults and two children returning to Iraq, prepares the REAG/GARP application
through its checklist, discloses it to the Ausländerbehörde Trier, whose user confirms and
records the GÜB; the case reaches "departed" and the reintegration plan is produced as PDF.

Repetitive checklist entries (the second adult's consent, three of four travel documents,
the children's participation) are recorded through the services beforehand; the browser
records one of each kind and every step of the workflow."""

import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from apps.applications import services as application_services
from apps.applications.models import Application
from apps.assessments import services as assessment_services
from apps.cases.models import Case, CaseStatus
from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.programmes.defaults import ensure_default_programmes
from apps.reintegration.models import ReintegrationPlan
from tests.browser.test_counsellor_journey import sign_in
from tests.factories import make_case, make_person


@pytest.fixture
def family(personas, orgs, settings):
    settings.REQUIRE_2FA = True
    ensure_default_programmes()
    devices = {
        user.email: TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        for user in (personas.counsellor, personas.authority)
    }
    counsellor = personas.counsellor
    case = make_case(counsellor, orgs.iom, family_name="Al-Jabouri", given_names="Karim", office=personas.trier,
                     nationalities=["IQ"], residence_status="toleration")
    Case.objects.filter(pk=case.pk).update(intended_return_country="IQ")
    principal = case.household.members.get().person
    today = timezone.localdate()
    partner = make_person(counsellor, orgs.iom, "Al-Jabouri", "Layla", nationalities=["IQ"],
                          residence_status="toleration", birth_date=date(1988, 2, 3))
    children = [make_person(counsellor, orgs.iom, "Al-Jabouri", name, nationalities=["IQ"],
                            birth_date=today - timedelta(days=365 * age)) for name, age in (("Noor", 9), ("Ali", 5))]
    client_services.household_add_member(actor=counsellor, household=case.household, person=partner,
                                         relationship="partner")
    for child in children:
        client_services.household_add_member(actor=counsellor, household=case.household, person=child,
                                             relationship="child")
        assessment_services.participation_record(actor=counsellor, case=case, data={
            "child": child, "how_heard": "with_parent", "child_views": "Ich freue mich auf Oma.",
            "best_interests": "Schulplatz in Erbil ist zugesagt.", "heard_on": today})
    for adult in (principal, partner):
        client_services.consent_record(actor=counsellor, person=adult, data={
            "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": orgs.authority, "form": "written",
            "language": "ar"})
    return case, principal, partner, children, devices


def test_eligibility_application_disclosure_departure_and_plan(new_page, personas, orgs, family):
    case, principal, partner, children, devices = family
    today = timezone.localdate()
    page = new_page()
    sign_in(page, personas.counsellor.email, devices)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/cases/{case.pk}/")

    # Eligibility: REAG/GARP for the family of four to Iraq.
    page.get_by_role("link", name="Programme", exact=True).click()
    page.get_by_role("button", name="Förderfähigkeit prüfen").click()
    result = page.locator("main").inner_text()
    assert "REAG/GARP" in result and "förderfähig" in result

    # The application, prepared through its checklist.
    page.get_by_role("link", name="Antrag", exact=True).click()
    page.get_by_role("link", name="Antrag anlegen").click()
    programme = page.get_by_label("Programm", exact=True)
    programme.select_option(programme.locator("option", has_text="REAG/GARP").first.get_attribute("value"))
    for person in (principal, partner, *children):
        page.get_by_label(re.compile(re.escape(str(person)))).check()
    page.get_by_label("Anhängige Asylanträge oder Klagen").select_option("none_pending")
    page.get_by_label(re.compile("Zustimmung des anderen Elternteils")).select_option("not_required")
    page.get_by_role("button", name="Antrag speichern").click()
    application = Application.objects.get(case=case)
    for person in (partner, *children):
        application_services.travel_document_record(actor=personas.counsellor, application=application,
                                                    person=person, kind="passport",
                                                    expires_on=today + timedelta(days=400))
    application_services.declaration_record(actor=personas.counsellor, application=application, person=partner,
                                            signed_on=today)
    page.reload()
    assert "fehlt" in page.locator("main").inner_text()  # the principal's declaration and passport
    page.locator("form", has=page.get_by_role("button", name="Erklärung erfassen")).get_by_label(
        "Person", exact=True).select_option(label=str(principal))
    page.get_by_role("button", name="Erklärung erfassen").click()
    documents = page.locator("form", has=page.get_by_role("button", name="Reisedokument erfassen"))
    documents.get_by_label("Person", exact=True).select_option(label=str(principal))
    documents.get_by_label("Reisedokument", exact=True).select_option("passport")
    documents.get_by_label("Gültig bis", exact=True).fill((today + timedelta(days=500)).isoformat())
    page.get_by_role("button", name="Reisedokument erfassen").click()
    page.get_by_role("button", name="Als bereit markieren").click()
    page.get_by_role("link", name="Einreichung erfassen").click()
    page.get_by_label("Eingereicht am", exact=True).fill(today.isoformat())
    page.get_by_label(re.compile("Online-Antragsmodul")).fill("OAM-2026-4711")
    page.get_by_role("button", name="Einreichung erfassen").click()
    page.get_by_role("link", name="Bewilligung erfassen").click()
    page.get_by_label("Entschieden am", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Bewilligung erfassen").click()

    # Disclosure to the Ausländerbehörde Trier: the application and the household.
    page.get_by_role("link", name="Übermittlungen", exact=True).click()
    page.get_by_role("link", name="Neue Übermittlung").click()
    page.get_by_label("Empfangende Stelle", exact=True).select_option(label=orgs.authority.name)
    page.get_by_label("Zweck", exact=True).select_option("programme_application")
    page.get_by_label("Einwilligung", exact=True).select_option(index=1)
    fields = page.get_by_role("group", name="Zu übermittelnde Angaben")
    for label in ("Name", "Haushaltsmitglieder (Namen und Geburtsdaten)", "Antrag für ein Rückkehrprogramm"):
        fields.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Übermitteln").click()

    # The authority confirms and records the GÜB; it sees the disclosed fields only.
    authority = new_page()
    sign_in(authority, personas.authority.email, devices)
    authority.get_by_role("link", name="Übermittlungen").first.click()
    authority.locator("main table a").first.click()
    disclosed = authority.locator("main").inner_text()
    assert "Noor" in disclosed and "REAG/GARP" in disclosed and "4 Reisende" in disclosed
    assert "Schulplatz" not in disclosed and "Duldung" not in disclosed
    authority.get_by_role("button", name="Bestätigen").click()
    authority.get_by_role("link", name="Grenzübertrittsbescheinigung erfassen").click()
    authority.get_by_label("Nummer", exact=True).fill("GÜB-TR-2026-17")
    authority.get_by_label("Ausgestellt am", exact=True).fill(today.isoformat())
    authority.get_by_label("Gültig bis", exact=True).fill((today + timedelta(days=30)).isoformat())
    for person in (principal, partner, *children):
        authority.get_by_label(re.compile(f"{person.given_names} {person.family_name}")).check()
    authority.get_by_role("button", name="Speichern").click()
    assert authority.goto(f"/cases/{case.pk}/").status == 403

    # Travel, departure.
    page.goto(f"/applications/{application.pk}/travel/")
    page.get_by_label("Ausreisedatum", exact=True).fill(today.isoformat())
    page.get_by_label("Flughafen oder Busbahnhof", exact=True).fill("FRA")
    checked = page.get_by_role("group", name="Geprüfte Dokumente")
    checked.get_by_label("Reisedokumente", exact=True).check()
    checked.get_by_label("Grenzübertrittsbescheinigung (GÜB)", exact=True).check()
    page.get_by_role("button", name="Reise speichern").click()
    page.goto(f"/applications/{application.pk}/")
    page.get_by_role("button", name="Reise gebucht").click()
    page.get_by_role("link", name="Ausreise erfassen").click()
    page.get_by_label("Ausgereist am", exact=True).fill(today.isoformat())
    page.get_by_label(re.compile("Wie die Ausreise bestätigt wurde")).fill("Bordkarte gesehen")
    page.get_by_role("button", name="Ausreise erfassen").click()
    page.wait_for_url(re.compile(rf"/applications/{application.pk}/$"))
    case.refresh_from_db()
    assert case.status == CaseStatus.DEPARTED

    # The reintegration plan, as PDF in German and in Arabic.
    page.get_by_role("link", name="Reintegration", exact=True).click()
    page.get_by_role("link", name="Neuer Plan").click()
    page.get_by_role("button", name="Plan speichern").click()
    page.get_by_role("link", name="Ziel hinzufügen").click()
    page.get_by_label("Dimension", exact=True).select_option("economic")
    page.get_by_label("Ziel", exact=True).fill("Kleine Schneiderei in Erbil eröffnen")
    page.get_by_role("button", name=re.compile("speichern|hinzufügen")).first.click()
    plan = ReintegrationPlan.objects.get(case=case)
    for link, expected in (("Plan als PDF (Deutsch)", "Kleine Schneiderei in Erbil eröffnen"),
                           ("Plan als PDF (Sprache der Klient*in)", "Kleine Schneiderei")):
        href = page.get_by_role("link", name=link).get_attribute("href")
        response = page.request.get(href)
        assert response.ok and response.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
        assert expected in text
        if "Klient" in link:  # the family speaks Persian: labels in Arabic script, shaped right to left
            assert any("\u0600" <= ch <= "\u06ff" for ch in text)
    assert plan.goals.count() == 1
