"""The journey of issue 'Counselling in depth': a counsellor records an assessment with a
vulnerability, hears the child of the household, refers the client to legal advice (the
referral is refused until the client's consent is recorded) and the provider's staff accept
the referral in their inbox, seeing only what the client agreed to share."""

import re
from datetime import date

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.assessments.models import Assessment, ChildParticipation, Vulnerability
from apps.assessments.selectors import child_participation_complete
from apps.clients import services as client_services
from apps.referrals import services as referral_services
from apps.referrals.models import Referral, ServiceType
from tests.browser.test_counsellor_journey import sign_in
from tests.factories import make_case


@pytest.fixture
def family(personas, orgs, settings):
    settings.REQUIRE_2FA = True
    devices = {
        user.email: TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        for user in (personas.counsellor, personas.partner)
    }
    case = make_case(personas.counsellor, orgs.iom, family_name="Hosseini", given_names="Mohammad",
                     office=personas.trier)
    child = client_services.person_create(actor=personas.counsellor, organisation=orgs.iom, data={
        "family_name": "Hosseini", "given_names": "Sara", "birth_date": date(2017, 3, 1)})
    client_services.household_add_member(actor=personas.counsellor, household=case.household, person=child,
                                         relationship="child")
    service = referral_services.service_create(
        actor=personas.network_admin, provider=orgs.partner,
        data={"name": "Rechtsberatung Trier (fiktiv)", "statewide": True, "languages": ["de", "fa"]},
        service_types=ServiceType.objects.filter(code="legal_advice"),
    )
    return case, child, service, devices


def test_assessment_vulnerability_child_and_referral(new_page, personas, orgs, family):
    case, child, service, devices = family
    page = new_page()
    sign_in(page, personas.counsellor.email, devices)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/cases/{case.pk}/")

    # The individual assessment.
    page.get_by_role("link", name="Einschätzung", exact=True).click()
    page.get_by_role("link", name="Neue Einschätzung").click()
    page.get_by_label("Was wünscht sich die Person für ihre Zukunft?").fill("Möchte in Herat ein Geschäft eröffnen.")
    page.get_by_label("Schul- und Berufsausbildung").fill("Schneider, zehn Jahre Berufserfahrung.")
    page.get_by_role("button", name="Einschätzung speichern").click()
    page.get_by_text("Möchte in Herat ein Geschäft eröffnen.").wait_for()

    # A vulnerability: badge on the case.
    page.get_by_role("link", name="Vulnerabilitäten", exact=True).click()
    page.get_by_role("link", name="Vulnerabilität erfassen").click()
    page.get_by_label("Person", exact=True).select_option(label="Hosseini, Mohammad")
    page.get_by_label("Art", exact=True).select_option(label="Alleinerziehend")
    page.get_by_label("Wie festgestellt", exact=True).select_option("self_disclosed")
    page.get_by_label("Schweregrad", exact=True).select_option("medium")
    page.get_by_role("button", name="Vulnerabilität speichern").click()
    page.locator(".case-badges").get_by_text("Alleinerziehend").wait_for()

    # The child is heard.
    page.get_by_role("link", name="Kinder", exact=True).click()
    page.get_by_role("link", name="Beteiligung erfassen").first.click()
    page.get_by_label("allein", exact=True).check()
    page.get_by_label(re.compile("Sicht des Kindes")).fill("Ich will bei Papa bleiben und zur Schule gehen.")
    page.get_by_label(re.compile("Kindeswohl")).fill("Schulbesuch im Herkunftsland muss gesichert sein.")
    page.get_by_role("button", name="Beteiligung speichern").click()
    page.get_by_text("Ich will bei Papa bleiben und zur Schule gehen.").wait_for()

    # The referral to legal advice: refused without the client's consent.
    page.get_by_role("link", name="Verweisungen", exact=True).click()
    page.get_by_role("link", name="Neue Verweisung").click()
    page.get_by_label("Angebot", exact=True).select_option(label=f"{service.name} ({orgs.partner.name})")
    page.get_by_label("Person", exact=True).select_option(label="Hosseini, Mohammad")
    page.get_by_label("Grund", exact=True).fill("Beratung zu den Erfolgsaussichten der Klage.")
    page.get_by_role("group", name="Weiterzugebende Angaben").get_by_label("Name", exact=True).check()
    page.get_by_role("group", name="Weiterzugebende Angaben").get_by_label("Sprachen", exact=True).check()
    page.get_by_role("button", name="Verweisung speichern").click()
    page.get_by_role("button", name="Verweisung senden").click()
    page.get_by_text(re.compile("keine gültige Einwilligung")).first.wait_for()
    referral = Referral.objects.get(case=case)
    assert referral.status == "proposed"

    # The consent for exactly this recipient, then the referral goes out.
    page.get_by_role("link", name="Zu den Einwilligungen").click()
    page.get_by_label("Person", exact=True).select_option(label="Hosseini, Mohammad")
    page.get_by_label("Zweck", exact=True).select_option("referral")
    page.get_by_label("Empfangende Stelle", exact=True).select_option(label=orgs.partner.name)
    page.get_by_label("Form", exact=True).select_option("written")
    page.get_by_label("Sprache der Aufklärung", exact=True).select_option("fa")
    page.get_by_role("button", name="Einwilligung erfassen").click()
    page.get_by_text("Die Einwilligung wurde erfasst.").wait_for()
    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_role("button", name="Verweisung senden").click()
    page.get_by_test_id("referral-status").filter(has_text="gesendet").wait_for()

    # The provider's staff accept it and see only what was shared.
    partner = new_page()
    sign_in(partner, personas.partner.email, devices)
    partner.get_by_role("link", name="Verweisungseingang").click()
    partner.locator("main table a").first.click()
    shared = partner.locator("main").inner_text()
    assert "Mohammad Hosseini" in shared and "Persisch" in shared and "Klage" not in shared and "Herat" not in shared
    partner.get_by_role("button", name="Annehmen").click()
    partner.get_by_test_id("referral-status").filter(has_text="angenommen").wait_for()
    assert partner.goto(f"/cases/{case.pk}/").status == 403

    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.follow_up_task is not None
    assert Assessment.objects.filter(case=case).count() == 1
    assert Vulnerability.objects.get(case=case).type.code == "single_parent"
    assert ChildParticipation.objects.get(case=case).child_id == child.pk
    assert child_participation_complete(case)
