"""The journey of issue 'Mobile counselling': a partner asks to host counselling, the team lead
accepts, plans the tours for a quarter and accepts the plan; a hotline agent books a slot for
a caller; the coverage view shows the district covered."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import Office
from apps.appointments.models import Appointment
from apps.jobs.testing import run_jobs
from apps.mobile.models import CounsellingLocation, HostingRequest, MobileCounsellingDay
from apps.regions.models import District
from apps.tours.models import TourPlan
from tests.browser.test_counsellor_journey import sign_in

TRIER = "07211"


@pytest.fixture
def network(personas, settings):
    settings.REQUIRE_2FA = False
    # The planner starts every counsellor's day at their office: the AfA Trier.
    Office.objects.filter(pk=personas.trier.pk).update(district=District.objects.get(ags=TRIER))
    return personas


def next_month_bounds(today):
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def test_hosting_request_tour_plan_booking_and_coverage(new_page, network, orgs):
    personas, today = network, timezone.localdate()

    # A partner asks to host counselling at its premises in Trier.
    partner = new_page()
    sign_in(partner, personas.partner.email, {})
    partner.get_by_role("link", name="Beratung anbieten").click()
    partner.get_by_role("link", name="Beratungstage anfragen").click()
    partner.get_by_label("Räumlichkeiten", exact=True).fill("Caritas-Treff Trier-West (Test)")
    partner.get_by_label("Postleitzahl", exact=True).fill("54294")
    partner.get_by_label("Ort", exact=True).fill("Trier")
    partner.get_by_label("Gewünschte Häufigkeit", exact=True).select_option("monthly")
    partner.get_by_role("button", name="Anfrage senden").click()
    request = HostingRequest.objects.get(requesting_organisation=orgs.partner)
    assert request.district.ags == TRIER and request.status == "submitted"

    # The team lead accepts it: the premises become a counselling location.
    lead = new_page()
    sign_in(lead, personas.team_lead.email, {})
    lead.goto(f"/hosting/incoming/{request.pk}/")
    lead.get_by_role("button", name="Annehmen").click()
    lead.get_by_text(re.compile("angenommen", re.I)).first.wait_for()
    location = CounsellingLocation.objects.get(host=orgs.partner)

    # A tour plan for a quarter, solved and accepted: counselling days with slots.
    lead.get_by_role("link", name="Tourenplanung").click()
    lead.get_by_label("Wochen", exact=True).fill("13")
    lead.get_by_role("button", name="Plan anlegen").click()
    lead.wait_for_load_state()
    lead.get_by_label("Zeitlimit (Sekunden)", exact=True).fill("3")
    lead.get_by_role("button", name="Berechnen").click()
    lead.wait_for_load_state()
    # The request only queued the solve; the worker runs it, and the page (polling) reloads.
    assert TourPlan.objects.get().solve_state == "queued"
    run_jobs()
    lead.get_by_role("button", name="Plan übernehmen").click()
    lead.wait_for_load_state()
    days = MobileCounsellingDay.objects.filter(location=location, status="planned")
    assert days.exists() and all(day.slots.exists() for day in days)

    # The hotline books a free slot in Trier for a caller.
    hotline = new_page()
    sign_in(hotline, personas.hotline.email, {})
    hotline.get_by_role("link", name="Freie Termine").click()
    hotline.get_by_label("Kreis", exact=True).select_option(label="Trier")
    hotline.get_by_role("button", name="Suchen").click()
    hotline.get_by_role("link", name="Buchen").first.click()
    hotline.get_by_label("Pseudonym", exact=True).fill("Anrufer aus Trier-West")
    hotline.get_by_label("Telefonnummer", exact=True).fill("0651 1234567")
    hotline.get_by_label("Sprache", exact=True).select_option("ar")
    hotline.get_by_role("button", name="Termin buchen").click()
    hotline.get_by_text("Bestätigungscode").first.wait_for()
    appointment = Appointment.objects.get()
    assert appointment.confirmation_code in hotline.locator("main").inner_text()
    assert appointment.day.location == location

    # The coverage view shows Trier covered in the first full month of the plan.
    first, last = next_month_bounds(today)
    lead.goto(f"/coverage/?start={first.isoformat()}&end={last.isoformat()}")
    trier = lead.locator("tbody tr", has_text="Trier").first
    assert "below-rule" not in (trier.get_attribute("class") or "")
    assert lead.locator("svg path title", has_text="Trier").count() >= 1
