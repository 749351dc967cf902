"""The indicator table as a background export (kind "reports.indicators"): the viewer's
disclosure control applies, bad parameters are a message, and the engine reads from the
replica when one is configured."""

import csv
import io

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.db import reporting_alias
from apps.jobs.models import ExportFile
from apps.jobs.testing import run_jobs
from apps.reports.tests import builders
from apps.reports.tests.builders import SPEYER, TRIER, at, session

pytestmark = pytest.mark.django_db
world, frozen = builders.world, builders.frozen


@pytest.fixture
def sessions(world):
    w, p = world, world.personas
    session(w.a, p.counsellor, at(2025, 3, 1), "office", w.adult, w.teen, district_ags=TRIER, place="office")
    session(w.a, p.counsellor, at(2025, 7, 1), "phone", w.adult, district_ags=TRIER, place="client_district")
    session(w.b, p.counsellor, at(2025, 5, 5), "mobile", w.old, district_ags=SPEYER, place="mobile_day")
    session(w.c, p.diakonie_counsellor, at(2025, 9, 9), "video", w.nodate)
    return w


@pytest.fixture
def export(client, django_capture_on_commit_callbacks):
    """Request an export as `user`, run the queue, return (ExportFile, downloaded bytes)."""
    def run(user, data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("jobs:export_request"), data)
        assert response.status_code == 302
        run_jobs()
        exported = ExportFile.objects.latest("pk")
        assert exported.status == "done", exported.error
        body = b"".join(client.get(reverse("jobs:export_download", args=[exported.pk])).streaming_content)
        return exported, body
    return run


def rows_of(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8")[1:]), delimiter=";"))


def figure_rows(rows, code):
    return {row[3]: row[4] for row in rows if row and row[0] == code}


def test_a_statistics_viewer_gets_small_counts_suppressed(sessions, export):
    _, body = export(sessions.personas.statistics, {"kind": "reports.indicators", "format": "csv", "period": "2025"})
    rows = rows_of(body)
    assert rows[0] == ["Indicators"] and rows[1] == ["Period: 01.01.2025 to 31.12.2025"]
    assert any("<5" in line[0] for line in rows[:4])  # the explanation of the signs
    channel = figure_rows(rows, "sessions_by_channel")
    # Four sessions, one per channel: every cell is small, and so the total would reveal them.
    assert channel["Office"] == "<5" and channel["Video"] == "<5"
    assert "1" not in channel.values()


def test_a_team_lead_gets_the_figures_of_their_own_organisation(sessions, export):
    iom = sessions.orgs.iom
    exported, body = export(sessions.analyst, {"kind": "reports.indicators", "format": "xlsx", "period": "2025",
                                                "organisation": str(iom.pk), "code": "sessions_by_channel"})
    sheet = load_workbook(io.BytesIO(body)).active
    values = list(sheet.iter_rows(values_only=True))
    assert any(row[0] == f"Organisation: {iom.name}" for row in values[:4])
    figures = {row[3]: row[4] for row in values if row and row[0] == "sessions_by_channel"}
    assert figures == {"Total": 3, "Office": 1, "Phone": 1, "Mobile counselling": 1}  # the video session is Diakonie's
    assert exported.filename.endswith(".xlsx")


@pytest.mark.parametrize("data", [
    {"period": "2025-13"}, {"period": "custom", "start": "2025-01-01", "end": "2025-02-03"}, {},
    {"period": "2025", "code": "no_such_indicator"}, {"period": "2025", "organisation": "999999"},
])
def test_bad_parameters_are_a_message_and_no_export(client, world, data):
    client.force_login(world.personas.statistics)
    response = client.post(reverse("jobs:export_request"),
                           {"kind": "reports.indicators", "format": "csv", **data}, follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    assert not ExportFile.objects.exists()


def test_the_export_page_posts_the_form_to_the_background_export(client, world):
    client.force_login(world.personas.statistics)
    page = client.get(reverse("reports:export", args=["sessions_by_channel"])).content.decode()
    assert f'action="{reverse("jobs:export_request")}"' in page
    assert 'name="kind" value="reports.indicators"' in page and 'name="code" value="sessions_by_channel"' in page
    assert client.get(reverse("reports:export", args=["nonsense"])).status_code == 404
    assert client.get(reverse("reports:export_all")).status_code == 200


@pytest.fixture
def replica(settings):
    """A second database alias on the same (test) database, as a streaming replica would be:
    its own connection, so the queries it receives can be told apart from the primary's. (Made
    here, not in settings, so that only this test reads from it.)"""
    from django.db.utils import load_backend

    settings_dict = dict(connections["default"].settings_dict)
    connection = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "replica")
    connections["replica"] = connection
    settings.DATABASES = {**settings.DATABASES, "replica": settings_dict}
    try:
        yield connection
    finally:
        connection.close()
        delattr(connections._connections, "replica")


@pytest.mark.django_db(transaction=True)
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_reports_and_exports_read_from_the_replica(personas, orgs, replica):
    from datetime import date

    from apps.accounts.models import Office
    from apps.reports.engine import Filters, Period, compute
    from apps.reports.exports import build

    assert reporting_alias() == "replica"
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
        figure = compute("sessions_by_channel", Period(date(2025, 1, 1), date(2025, 12, 31)), Filters())
        table = build(personas.statistics, {"period": "2025", "code": "sessions_by_channel"})
        rows = list(table.rows)
    assert figure.total == 0 and rows[0].value == 0
    assert any("counsellingsession" in q["sql"].lower() for q in on_replica.captured_queries)
    assert not any("counsellingsession" in q["sql"].lower() for q in on_primary.captured_queries)
    # Writes never go to the replica, whatever the object was read from.
    office = Office.objects.using("replica").get(pk=personas.trier.pk)
    office.name = "AfA Trier (neu)"
    with CaptureQueriesContext(replica) as writes:
        office.save()
    assert not writes.captured_queries
    assert Office.objects.get(pk=office.pk).name == "AfA Trier (neu)"
