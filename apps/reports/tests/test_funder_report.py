"""The funder report PDF (kind "reports.funder_report"): German, with the indicators' titles and
figures, suppressed for aggregate-only viewers, definitions as footnotes."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from apps.jobs.models import ExportFile
from apps.jobs.testing import run_jobs
from apps.reports.tests import builders
from apps.reports.tests.builders import SPEYER, TRIER, at, session

pytestmark = pytest.mark.django_db
world, frozen = builders.world, builders.frozen


@pytest.fixture
def sessions(world):
    w, p = world, world.personas
    for day in range(1, 8):  # seven office sessions of case a: a figure above the threshold
        session(w.a, p.counsellor, at(2025, 3, day), "office", w.adult, district_ags=TRIER, place="office")
    session(w.b, p.counsellor, at(2025, 5, 5), "mobile", w.old, district_ags=SPEYER, place="mobile_day")
    return w


def report_text(client, capture, user, data) -> tuple[ExportFile, str]:
    client.force_login(user)
    with capture(execute=True):
        client.post(reverse("jobs:export_request"), {"kind": "reports.funder_report", "format": "pdf", **data})
    run_jobs()
    export = ExportFile.objects.latest("pk")
    assert export.status == "done", export.error
    body = b"".join(client.get(reverse("jobs:export_download", args=[export.pk])).streaming_content)
    assert body.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return export, " ".join(text.split())


def de(message: str, **values) -> str:
    """The German of a message (the report is German whatever the interface language)."""
    with translation.override("de"):
        text = translation.gettext(message)
    return text % values if values else text


def test_the_statistics_viewer_gets_a_german_report_with_small_figures_suppressed(
        client, django_capture_on_commit_callbacks, sessions):
    export, text = report_text(client, django_capture_on_commit_callbacks, sessions.personas.statistics,
                               {"period": "2025"})
    assert export.filename == "foerderbericht-20250101-20251231.pdf"
    assert de("Funder report") in text
    assert de("Period: %(start)s to %(end)s", start="01.01.2025", end="31.12.2025") in text
    assert de("AMIF indicators") in text and de("Project indicators") in text
    # Indicator titles come from the data, in German.
    assert "Beratungen nach Kanal" in text and "Beratene Personen" in text
    assert f"{de('Total')}: 8" in text     # eight sessions: not small
    assert "<5" in text                    # the one mobile session is
    assert de("by %(breakdown)s", breakdown="Geschlecht") in text  # AMIF breakdowns by sex and age group
    assert de("Definitions") in text and f"{de('Source')}:" in text


def test_a_team_lead_sees_their_organisations_figures_unsuppressed(client, django_capture_on_commit_callbacks,
                                                                   sessions):
    _, text = report_text(client, django_capture_on_commit_callbacks, sessions.analyst,
                          {"period": "2025", "organisation": str(sessions.orgs.iom.pk)})
    assert "<5" not in text and "×" not in text
    assert f"{de('Total')}: 8" in text


def test_the_report_page_offers_the_pdf(client, world):
    client.force_login(world.personas.statistics)
    page = client.get(reverse("reports:funder_report")).content.decode()
    assert 'name="kind" value="reports.funder_report"' in page and 'value="pdf"' in page
    client.force_login(world.personas.counsellor)
    assert client.get(reverse("reports:funder_report")).status_code == 403
