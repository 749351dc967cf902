"""Report pages through the client with real personas: who gets in, what they see."""

import re
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.cases import services as case_services
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2025, 11, 20, 12), tick=False):
        yield


def counsel(personas, orgs, *, sex, n, restricted=False, org=None, actor=None):
    actor = actor or personas.counsellor
    cases = []
    for i in range(n):
        case = make_case(actor, org or orgs.iom, family_name=f"Name{sex}{i}", sex=sex,
                         restricted=restricted)
        person = case.household.members.get().person
        case_services.session_record(actor=actor, case=case, participants=[person], data={
            "channel": "office", "language": "fa", "started_at": timezone.now()})
        cases.append(case)
    return cases


@pytest.fixture
def counselled(personas, orgs):
    """IOM: 6 women and 2 men counselled this year (one woman's case restricted); Diakonie: 3 women."""
    cases = counsel(personas, orgs, sex="female", n=5) + counsel(personas, orgs, sex="male", n=2)
    cases += counsel(personas, orgs, sex="female", n=1, restricted=True)
    counsel(personas, orgs, sex="female", n=3, org=orgs.diakonie, actor=personas.diakonie_counsellor)
    return cases


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    return response, response.content.decode()


def test_counsellor_without_report_view_is_refused(client, personas):
    for url in (reverse("reports:dashboard"), reverse("reports:indicators"),
                reverse("reports:indicator", args=["persons_counselled"])):
        assert page(client, personas.counsellor, url)[0].status_code == 403


def test_statistics_viewer_sees_suppressed_aggregates_and_no_personal_data(client, personas, orgs, counselled):
    url = reverse("reports:indicator", args=["persons_counselled"]) + "?period=2025&breakdown=sex"
    response, html = page(client, personas.statistics, url)
    assert response.status_code == 200
    # 9 women, 2 men, 11 in all: the men are "<5", and the women withheld too (11 − 9 = 2).
    cells = dict(re.findall(r'<th scope="row">(\w+)</th><td class="number">([^<]+)</td>', html))
    assert cells == {"female": "×", "male": "&lt;5", "Total": "11"}
    assert "Namefemale" not in html and "Namemale" not in html
    assert not re.search(r"IOM-\d", html)  # no case references
    assert reverse("reports:records", args=["persons_counselled"]) not in html
    # The drill-down itself is closed to them.
    assert page(client, personas.statistics, reverse("reports:records", args=["persons_counselled"]))[
        0].status_code == 403


def test_statistics_viewer_gets_calendar_periods_only(client, personas, counselled):
    url = reverse("reports:indicator", args=["persons_counselled"])
    response, html = page(client, personas.statistics, url + "?period=custom&start=2025-02-03&end=2025-02-20")
    assert response.status_code == 200
    assert 'name="start"' not in html
    assert "Select a valid choice" in html


def test_team_lead_sees_own_organisation_raw_with_drilldown(client, personas, orgs, counselled):
    url = reverse("reports:indicator", args=["persons_counselled"])
    response, html = page(client, personas.team_lead, url)  # defaults: this year, own organisation
    assert response.status_code == 200
    assert "&lt;5" not in html
    records = reverse("reports:records", args=["persons_counselled"])
    assert records in html


def test_team_lead_across_organisations_is_protected_and_needs_calendar_periods(client, personas, orgs, counselled):
    url = reverse("reports:indicator", args=["persons_counselled"])
    _response, html = page(client, personas.team_lead, url + "?period=2025&organisation=&breakdown=sex")
    assert "&lt;5" in html  # 2 men across the network
    assert reverse("reports:records", args=["persons_counselled"]) not in html
    _response, html = page(client, personas.team_lead,
                           url + "?period=custom&start=2025-02-03&end=2025-02-20&organisation=")
    assert "calendar periods only" in html


def test_drilldown_lists_only_visible_cases_of_own_organisation_and_is_audited(client, personas, orgs, counselled):
    url = reverse("reports:records", args=["persons_counselled"]) + (
        f"?period=2025&organisation={orgs.iom.pk}&breakdown=sex&cell=female")
    # The team lead reads restricted cases (case.restricted.read): all 6 women of IOM.
    response, html = page(client, personas.team_lead, url)
    assert response.status_code == 200
    assert html.count("Namefemale") == 6 and "Namemale" not in html
    entry = AuditEntry.objects.filter(action="report.records_viewed").latest("pk")
    assert entry.organisation_id == orgs.iom.pk and len(entry.details["ids"]) == 6
    # Diakonie's women never appear, even when asked for.
    url = reverse("reports:records", args=["persons_counselled"]) + (
        f"?period=2025&organisation={orgs.diakonie.pk}&breakdown=sex&cell=female")
    response, html = page(client, personas.team_lead, url)
    assert "Namefemale" not in html


def test_dashboard_per_role(client, personas, orgs, counselled):
    response, html = page(client, personas.team_lead, reverse("reports:dashboard"))
    assert response.status_code == 200
    assert "Caseload per counsellor" in html and personas.counsellor.full_name in html
    response, html = page(client, personas.statistics, reverse("reports:dashboard"))
    assert response.status_code == 200
    assert "Caseload per counsellor" not in html and "Namefemale" not in html
    response, html = page(client, personas.coordinator, reverse("reports:dashboard"))
    assert response.status_code == 200 and "Network coordination" in html


def test_indicator_list_shows_verified_as_a_word(client, personas):
    response, html = page(client, personas.statistics, reverse("reports:indicators"))
    assert response.status_code == 200
    assert "unverified" in html or "verified" in html


def test_indicator_page_chart_is_well_formed_and_carries_the_numbers(client, personas, orgs, counselled):
    import xml.etree.ElementTree as ET

    url = (reverse("reports:indicator", args=["persons_counselled"])
           + f"?period=2025&organisation={orgs.iom.pk}&breakdown=sex")
    _response, html = page(client, personas.team_lead, url)
    svg = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="chart".*?</svg>', html, re.S).group(0)
    root = ET.fromstring(svg)  # noqa: S314 — our own page
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["female", "6", "male", "2"]
    assert root.get("role") == "img" and root.find("{http://www.w3.org/2000/svg}title").text == "Persons counselled"


def test_statistics_dashboard_for_a_month_with_a_filter_checks_the_overlapping_queries(client, personas,
                                                                                       counselled):
    url = reverse("reports:dashboard") + "?period=2025-11&sex=female"
    response, html = page(client, personas.statistics, url)
    assert response.status_code == 200
    section = html.split('id="h-persons_counselled"', 1)[1].split("</section>", 1)[0]
    # 9 women of 11 persons: 11 − 9 = 2 men would fall out of the unfiltered figure → withheld.
    assert "Total: <strong>×</strong>" in section
    assert "Namefemale" not in html
