"""The reports API: definitions, figures protected exactly as on the web, calendar periods for
aggregate-only users (422 otherwise), no personal data."""

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from apps.api.services import api_token_create
from apps.cases import services as case_services
from tests.factories import make_case

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2025, 11, 20, 12), tick=False):
        yield


def headers(user):
    return {"HTTP_AUTHORIZATION": "Bearer " + api_token_create(actor=None, user=user, name="t")[1]}


@pytest.fixture
def counselled(personas, orgs):
    """IOM: 6 women and 2 men counselled in November 2025."""
    for sex, n in (("female", 6), ("male", 2)):
        for i in range(n):
            case = make_case(personas.counsellor, orgs.iom, family_name=f"Name{sex}{i}", sex=sex)
            case_services.session_record(actor=personas.counsellor, case=case,
                                         participants=[case.household.members.get().person],
                                         data={"channel": "office", "language": "fa", "started_at": timezone.now()})


def test_definitions_need_report_view(client, personas):
    assert client.get(f"{URL}/indicators", **headers(personas.counsellor)).status_code == 403
    response = client.get(f"{URL}/indicators", **headers(personas.statistics))
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert "sex" in rows["persons_counselled"]["breakdowns"]
    assert isinstance(rows["persons_counselled"]["verified"], bool)


def test_statistics_viewer_gets_protected_figures_without_personal_data(client, personas, counselled):
    response = client.get(f"{URL}/figures?period=2025&code=persons_counselled&breakdown=sex",
                          **headers(personas.statistics))
    assert response.status_code == 200
    data = response.json()
    assert data["protected"] is True and data["start"] == "2025-01-01"
    figure = data["figures"][0]
    cells = {c["key"]: (c["value"], c["withheld"]) for c in figure["cells"]}
    assert cells == {"female": (None, "×"), "male": (None, "<5")}
    assert figure["total"]["value"] == 8
    assert "Name" not in response.content.decode()


def test_non_calendar_period_is_refused_for_aggregate_only_users(client, personas, counselled):
    response = client.get(f"{URL}/figures?start=2025-02-03&end=2025-02-20", **headers(personas.statistics))
    assert response.status_code == 422
    assert "calendar periods only" in response.content.decode()
    response = client.get(f"{URL}/figures?period=2025-Q5", **headers(personas.statistics))
    assert response.status_code == 422 and "Not a calendar period" in response.content.decode()


def test_team_lead_gets_raw_figures_of_own_organisation_for_any_dates(client, personas, orgs, counselled):
    response = client.get(f"{URL}/figures?start=2025-11-01&end=2025-11-25&organisation_id={orgs.iom.pk}"
                          "&code=persons_counselled&breakdown=sex", **headers(personas.team_lead))
    assert response.status_code == 200
    data = response.json()
    assert data["protected"] is False
    assert {c["key"]: c["value"] for c in data["figures"][0]["cells"]} == {"female": 6, "male": 2}


def test_all_indicators_at_once(client, personas, counselled):
    response = client.get(f"{URL}/figures?period=2025-11", **headers(personas.statistics))
    assert response.status_code == 200
    codes = [f["code"] for f in response.json()["figures"]]
    assert "persons_counselled" in codes and len(codes) > 3


def test_unknown_code_and_breakdown_are_422(client, personas):
    response = client.get(f"{URL}/figures?period=2025&code=nope", **headers(personas.statistics))
    assert response.status_code == 422
    response = client.get(f"{URL}/figures?period=2025&code=persons_counselled&breakdown=nope",
                          **headers(personas.statistics))
    assert response.status_code == 422


def test_without_a_period_this_calendar_year(client, personas):
    response = client.get(f"{URL}/figures?code=persons_counselled", **headers(personas.statistics))
    assert response.status_code == 200
    assert (response.json()["start"], response.json()["end"]) == ("2025-01-01", "2025-12-31")
    response = client.get(f"{URL}/figures?start=2025-01-01", **headers(personas.statistics))
    assert response.status_code == 422
