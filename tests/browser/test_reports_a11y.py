"""The report pages in Chromium at phone width (390 px) and desktop width (1280 px): axe-core finds
no WCAG 2.1 A/AA violation and nothing is wider than the window — for the team lead (raw figures,
drill-down), the statistics viewer (protected figures) and the counsellor's home widgets."""

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from apps.cases import services as case_services
from tests.browser.axe import axe_violations, format_violations, resize
from tests.browser.test_counsellor_journey import sign_in
from tests.factories import make_case

PHONE, DESKTOP = 390, 1280
WIDEST_WIDGET = """Math.max(0, ...["h-my-caseload", "h-my-deadlines", "h-my-follow-ups"].map(
    id => document.getElementById(id).closest("section").getBoundingClientRect().right))"""
PAGES = {
    "team_lead": ["/reports/", "/reports/indicators/", "/reports/indicators/persons_counselled/",
                  "/reports/indicators/sessions_by_district/?period=2025&breakdown=district&organisation={iom}",
                  "/reports/indicators/persons_counselled/records/?period=2025&organisation={iom}"],
    "statistics": ["/reports/", "/reports/indicators/persons_counselled/?period=2025&breakdown=sex"],
    "counsellor": ["/"],
}


@pytest.fixture
def world(personas, orgs):
    with time_machine.travel(datetime(2025, 11, 20, 11), tick=False):
        for sex, n in (("female", 6), ("male", 2)):
            for i in range(n):
                case = make_case(personas.counsellor, orgs.iom, family_name=f"Name{sex}{i}", sex=sex,
                                 office=personas.trier)
                case_services.session_record(actor=personas.counsellor, case=case,
                                             participants=[case.household.members.get().person],
                                             data={"channel": "office", "language": "fa",
                                                   "started_at": timezone.now()})
    return personas, orgs


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_report_pages_are_accessible_and_fit(new_page, world, width):
    personas, orgs = world
    problems = []
    with time_machine.travel(datetime(2025, 11, 20, 11), tick=True):
        for persona, paths in PAGES.items():
            page = new_page()
            resize(page, width, 900)
            sign_in(page, getattr(personas, persona).email, {})
            page.wait_for_url("**/")
            for path in paths:
                path = path.format(iom=orgs.iom.pk)
                response = page.goto(path)
                if response is None or response.status != 200:
                    problems.append(f"{persona} {path}: status {response.status if response else 'none'}")
                    continue
                # The home page's own case table is the cases app's; there only the widgets are measured.
                wide = page.evaluate(WIDEST_WIDGET if path == "/" else
                                     "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
                if wide > width:
                    problems.append(f"{persona} {path}: {wide} px wide in a {width} px window")
                violations = axe_violations(page)
                if violations:
                    problems.append(f"{persona} {path}:\n{format_violations(violations)}")
            page.context.close()
    assert not problems, "\n".join(problems)
