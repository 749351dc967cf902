"""The counsellor's home widgets: caseload by status, deadlines and follow-ups of the next 7 days,
own cases only, every row shown audited."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.cases import services as case_services
from apps.core.registry import home_widgets
from tests.factories import make_case

pytestmark = pytest.mark.django_db
TODAY = date(2025, 11, 20)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2025, 11, 20, 12), tick=False):
        yield


def test_caseload_counts_my_open_cases_by_status(client, personas, orgs, iom_case):
    make_case(personas.counsellor, orgs.iom, family_name="Second")
    make_case(personas.counsellor_speyer, orgs.iom, family_name="NotMine")
    case_services.session_record(actor=personas.counsellor, case=iom_case, data={"channel": "office",
                                                                                 "language": "fa"})
    widgets = dict(home_widgets(personas.counsellor))
    caseload = widgets["reports/_home_caseload.html"]
    assert dict(caseload["rows"]) == {"New": 1, "Counselling": 1} and caseload["total"] == 2
    assert "reports/_home_caseload.html" not in dict(home_widgets(personas.statistics))


def test_deadlines_and_follow_ups_within_seven_days_on_the_home_page(client, personas, orgs, iom_case):
    due = case_services.task_create(actor=personas.counsellor, case=iom_case, title="Call the embassy",
                                    assignee=personas.counsellor, due_date=TODAY + timedelta(days=3))
    case_services.task_create(actor=personas.counsellor, case=iom_case, title="Far away",
                              assignee=personas.counsellor, due_date=TODAY + timedelta(days=30))
    other = make_case(personas.counsellor_speyer, orgs.iom, family_name="Other")
    case_services.task_create(actor=personas.counsellor_speyer, case=other, title="Not mine",
                              assignee=personas.counsellor_speyer, due_date=TODAY)
    client.force_login(personas.counsellor)
    html = client.get(reverse("cases:home")).content.decode()
    deadlines = html.split('id="h-my-deadlines"', 1)[1].split("</section>", 1)[0]
    assert "Call the embassy" in deadlines and "23.11.2025" in deadlines
    assert "Far away" not in deadlines and "Not mine" not in deadlines
    assert iom_case.reference in deadlines
    entry = AuditEntry.objects.filter(action="case.list_viewed", details__section="deadlines").get()
    assert entry.details["ids"] == [iom_case.pk] and due.case_id == iom_case.pk
    assert 'id="h-my-follow-ups"' in html


def test_coordinator_dashboard_shows_events_with_registrations(client, personas, orgs):
    from apps.events.tests.helpers import make_event, register_public

    event = make_event(personas.coordinator, orgs.diakonie, days=5, capacity=2, title="Infoabend Mainz")
    for n in (1, 2, 3):  # the third one waits
        register_public(event, n)
    make_event(personas.coordinator, orgs.diakonie, days=-5, title="Vorbei")
    client.force_login(personas.coordinator)
    html = client.get(reverse("reports:dashboard")).content.decode()
    events = html.split('id="h-events"', 1)[1].split("</section>", 1)[0]
    assert "Infoabend Mainz" in events and "Vorbei" not in events
    row = events.split("Infoabend Mainz", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="number">(\d+)</td>', row) == ["2", "2", "1"]  # registered, places, waiting
    assert 'id="h-questions"' in html and 'id="h-outreach"' in html
    # Not for the team lead, who organises nothing.
    client.force_login(personas.team_lead)
    assert 'id="h-events"' not in client.get(reverse("reports:dashboard")).content.decode()
