"""Background exports: request → job → encrypted file → download by the requester only;
progress, failure, expiry by the periodic job, and the audit trail."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit.models import AuditEntry
from apps.core.chunked import MAGIC, export_storage
from apps.core.exports import EXPORT_KINDS, Column, ExportKind, Table, register_export
from apps.jobs import exports
from apps.jobs.models import ExportFile
from apps.jobs.schedule import enqueue_due
from apps.jobs.testing import run_jobs

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def download(client, export) -> bytes:
    response = client.get(reverse("jobs:export_download", args=[export.pk]))
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]
    return b"".join(response.streaming_content)


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST like a browser: the view's transaction commits, so its on-commit enqueue runs."""
    def send(client, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("jobs:export_request"), data, **extra)
    return send


@pytest.fixture
def dpo_client(client, personas):
    client.force_login(personas.iom_dpo)
    return client


@pytest.fixture
def numbers_kind():
    """A kind of 2,500 rows that reports its progress (and fails on request)."""
    seen = []

    def build(user, params):
        if params.get("explode"):
            raise RuntimeError("disk full at /var/secret")

        def rows():
            for n in range(2500):
                if n and n % 1000 == 0:
                    seen.append(ExportFile.objects.latest("pk").rows_done)
                yield n
        return Table(title="Zahlen", filename="zahlen", columns=[Column("n", lambda n: n)], rows=rows(), total=2500)

    def clean(user, params):
        if params.get("size") not in (None, "", "big"):
            raise ValidationError("Unbekannte Größe.")
        return {"explode": bool(params.get("explode"))}

    register_export(ExportKind(code="test.numbers", title="Numbers", permission="report.view", build=build,
                               clean=clean))
    yield seen
    EXPORT_KINDS.pop("test.numbers")


def test_the_audit_log_is_exported_in_the_background_and_downloaded_decrypted(post, dpo_client, personas, orgs):
    AuditEntry.objects.create(organisation=orgs.iom, action="case.viewed", object_label="=HYPERLINK(1)", case_id=7)
    response = post(dpo_client, {"kind": "audit.log", "format": "csv", "case": "7"})
    export = ExportFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:export_detail", args=[export.pk])
    assert (export.status, export.requested_by, export.organisation) == ("waiting", personas.iom_dpo, orgs.iom)

    run_jobs()

    export.refresh_from_db()
    assert export.status == "done" and export.rows_done == 1
    assert export.expires_at == export.finished_at + timedelta(days=7)
    with export_storage().open(export.stored_name, "rb") as stored:
        raw = stored.read()
    assert raw.startswith(MAGIC) and b"HYPERLINK" not in raw  # ciphertext at rest
    text = download(dpo_client, export).decode("utf-8")
    header, row = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert header[0] == "Time" and row[6] == "'=HYPERLINK(1)" and row[7] == "7"
    actions = list(AuditEntry.objects.filter(action__startswith="export.").order_by("id")
                   .values_list("action", "details"))
    assert [a for a, _ in actions] == ["export.requested", "export.finished", "export.downloaded"]
    assert actions[2][1]["personal_data"] is True
    assert AuditEntry.objects.filter(action="audit.exported", organisation=orgs.iom).count() == 1


def test_the_snapshot_leaves_the_exports_own_entries_out(post, dpo_client, orgs):
    AuditEntry.objects.create(organisation=orgs.iom, action="case.viewed")
    post(dpo_client, {"kind": "audit.log", "format": "xlsx"})
    AuditEntry.objects.create(organisation=orgs.iom, action="case.edited")  # after the request
    run_jobs()
    export = ExportFile.objects.get()
    sheet = load_workbook(io.BytesIO(download(dpo_client, export))).active
    actions = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert actions == ["case.viewed", "auth.login"]  # newest first; nothing after the request
    assert export.filename.endswith(".xlsx")


def test_another_user_cannot_see_or_download_an_export(post, client, dpo_client, personas):
    post(dpo_client, {"kind": "audit.log", "format": "csv"})
    run_jobs()
    export = ExportFile.objects.get()
    client.force_login(personas.iom_admin)
    for name in ("jobs:export_detail", "jobs:export_status", "jobs:export_download"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="export.downloaded").exists()


def test_progress_is_committed_every_thousand_rows(post, client, personas, numbers_kind):
    client.force_login(personas.statistics)
    post(client, {"kind": "test.numbers", "format": "csv"})
    run_jobs()
    export = ExportFile.objects.get()
    assert numbers_kind == [1000, 2000]  # read back by the job itself while it wrote the next rows
    assert (export.rows_done, export.rows_total, export.percent) == (2500, 2500, 100)
    assert download(client, export).decode().count("\n") == 2501


def test_bad_parameters_are_a_message_never_an_error(post, client, personas, numbers_kind):
    client.force_login(personas.statistics)
    back = reverse("jobs:exports") + "?x=1"
    response = post(client, {"kind": "test.numbers", "format": "csv", "size": "huge", "next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    assert "Unbekannte Größe." in response.content.decode()
    for data in ({"kind": "nonsense", "format": "csv"}, {"kind": "test.numbers", "format": "docx"}, {}):
        response = post(client, data, follow=True)
        assert response.status_code == 200 and list(response.context["messages"])
    assert not ExportFile.objects.exists()


def test_a_kind_the_user_may_not_request_is_refused(post, client, personas):
    client.force_login(personas.statistics)
    assert post(client, {"kind": "audit.log", "format": "csv"}).status_code == 403


def test_a_failed_export_shows_a_message_without_internals(post, client, personas, numbers_kind):
    client.force_login(personas.statistics)
    post(client, {"kind": "test.numbers", "format": "csv", "explode": "1"})
    run_jobs()
    export = ExportFile.objects.get()
    assert export.status == "failed" and "/var/secret" not in export.error
    page = client.get(reverse("jobs:export_detail", args=[export.pk])).content.decode()
    assert "The export failed:" in page and "could not be written" in page
    assert client.get(reverse("jobs:export_download", args=[export.pk])).status_code == 404
    assert AuditEntry.objects.filter(action="export.failed").exists()


def test_the_permission_is_checked_again_in_the_job(personas):
    export = exports.export_request(actor=personas.iom_dpo, kind_code="audit.log", fmt="csv", params={})
    personas.iom_dpo.memberships.update(is_active=False)
    assert exports.export_run(export_id=export.pk) == "refused"
    export.refresh_from_db()
    assert (export.status, export.error) == ("failed", "You may no longer create this export.")
    assert exports.export_run(export_id=export.pk) == "not waiting"  # a second run builds nothing


def test_the_progress_page_polls_while_running_and_offers_a_refresh_link(post, dpo_client):
    post(dpo_client, {"kind": "audit.log", "format": "csv"})
    export = ExportFile.objects.get()
    status_url = reverse("jobs:export_status", args=[export.pk])
    page = dpo_client.get(reverse("jobs:export_detail", args=[export.pk])).content.decode()
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 2s"' in page
    assert reverse("jobs:export_detail", args=[export.pk]) in page  # the refresh link without JavaScript
    run_jobs()
    partial = dpo_client.get(status_url, HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true"
    assert "hx-get" not in partial.content.decode()
    assert reverse("jobs:export_download", args=[export.pk]) in partial.content.decode()
    listing = dpo_client.get(reverse("jobs:exports")).content.decode()
    assert "Audit log" in listing and reverse("jobs:export_download", args=[export.pk]) in listing


def test_expired_exports_are_deleted_by_the_periodic_job(post, dpo_client, personas, settings):
    settings.EXPORT_RETENTION_DAYS = 7
    with time_machine.travel(START, tick=False):
        post(dpo_client, {"kind": "audit.log", "format": "csv"})
        run_jobs()
    export = ExportFile.objects.get()
    name = export.stored_name
    assert export_storage().exists(name)
    with time_machine.travel(START + timedelta(days=6, hours=23), tick=False):
        enqueue_due()
        run_jobs()
        export.refresh_from_db()
        assert export.status == "done" and export_storage().exists(name)
    with time_machine.travel(START + timedelta(days=7, minutes=1), tick=False):
        dpo_client.force_login(personas.iom_dpo)  # the session of a week ago has ended
        assert dpo_client.get(reverse("jobs:export_download", args=[export.pk])).status_code == 404
        enqueue_due()
        run_jobs()
    export.refresh_from_db()
    assert (export.status, export.stored_name) == ("expired", "")
    assert not export_storage().exists(name)
    assert AuditEntry.objects.filter(action="export.expired").count() == 1


def test_requesting_needs_a_registered_kind(personas):
    with pytest.raises(ValidationError):
        exports.export_request(actor=personas.iom_dpo, kind_code="", fmt="csv", params={})
    with pytest.raises(PermissionDenied):
        exports.export_request(actor=personas.counsellor, kind_code="audit.log", fmt="csv", params={})


def test_exports_that_never_finished_are_closed_after_the_retention(personas, settings):
    settings.EXPORT_RETENTION_DAYS = 7
    with time_machine.travel(START, tick=False):
        waiting = exports.export_request(actor=personas.iom_dpo, kind_code="audit.log", fmt="csv", params={})
        stuck = exports.export_request(actor=personas.iom_dpo, kind_code="audit.log", fmt="csv", params={})
        ExportFile.objects.filter(pk=stuck.pk).update(status="running")  # its worker died
    with time_machine.travel(START + timedelta(days=6), tick=False):
        assert exports.exports_expire() == 0
    with time_machine.travel(START + timedelta(days=7, seconds=1), tick=False):
        assert exports.exports_expire() == 2
    assert set(ExportFile.objects.values_list("pk", "status")) == {(waiting.pk, "expired"), (stuck.pk, "expired")}
