"""The officer's pages through the test client, with real permissions."""

import time_machine
from django.test import TestCase

from apps.audit.models import AuditEntry
from apps.jobs.testing import run_jobs
from apps.privacy.models import ErasureRequest, LegalHold, RetentionRule, RetentionRun
from apps.privacy.tests.privacy_world import privacy_world  # noqa: F401
from tests.factories import member


def test_the_officer_edits_and_confirms_a_rule(client, personas, orgs, privacy_world):  # noqa: F811
    client.force_login(personas.iom_dpo)
    page = client.get("/privacy/rules/")
    assert page.status_code == 200 and "Done tasks" in page.text and "1 year" in page.text
    default = RetentionRule.objects.get(organisation=None, record_type="test.done_tasks")
    form = client.get(f"/privacy/rules/{default.pk}/")
    assert form.status_code == 200 and 'name="version" value="0"' in form.text
    data = {"action": "anonymise", "months": "30", "legal_basis": "§ 84 SGB X", "source": "", "is_active": "on",
            "version": "0"}
    assert client.post(f"/privacy/rules/{default.pk}/", data).status_code == 302
    own = RetentionRule.objects.get(organisation=orgs.iom, record_type="test.done_tasks")
    assert own.months == 30 and "30 months" in client.get("/privacy/rules/").text
    stale = client.post(f"/privacy/rules/{own.pk}/", {**data, "months": "40"})  # still based on the default
    assert stale.status_code == 200 and "Someone else has changed" in stale.text
    assert client.post(f"/privacy/rules/{own.pk}/confirm/", {"version": own.version}).status_code == 302
    assert not RetentionRule.objects.get(pk=own.pk).unverified


def test_a_dry_run_from_the_page_shows_its_report(client, personas, orgs, privacy_world):  # noqa: F811
    client.force_login(personas.iom_dpo)
    refused = client.post("/privacy/runs/start/", {"dry_run": "0"}, follow=True)
    assert "needs a dry run" in refused.text and not RetentionRun.objects.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/privacy/runs/start/", {"dry_run": "1"})
    run = RetentionRun.objects.get()
    assert response.url == f"/privacy/runs/{run.pk}/"
    waiting = client.get(f"/privacy/runs/{run.pk}/status/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in waiting.text and "HX-Refresh" not in waiting
    run_jobs()
    done = client.get(f"/privacy/runs/{run.pk}/status/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true" and "Done tasks" in done.text
    home = client.get("/privacy/").text
    assert "According to the dry run" in home and "Nothing." in home
    # Now the daily run may be switched on.
    runs = client.get("/privacy/runs/")
    assert "Switch the daily run on" in runs.text
    assert client.post("/privacy/runs/daily/", {"version": "1", "enabled": "1"}).status_code == 302
    assert "Switch the daily run off" in client.get("/privacy/runs/").text


def test_holds_and_an_erasure_through_the_pages(client, personas, orgs, iom_case, privacy_world):  # noqa: F811
    second = member(orgs.iom, "data_protection_officer", email="dpo2@iom.test")
    client.force_login(personas.iom_dpo)
    unknown = client.post("/privacy/holds/new/", {"case_reference": "IOM-1999-1", "reason": "Court"})
    assert unknown.status_code == 200 and "no case with this reference" in unknown.text
    assert client.post("/privacy/holds/new/", {"case_reference": iom_case.reference,
                                               "reason": "Court"}).status_code == 302
    hold = LegalHold.objects.get()
    assert iom_case.reference in client.get("/privacy/holds/").text
    assert AuditEntry.objects.filter(action="legal_hold.list_viewed").exists()
    person = iom_case.household.members.get().person
    found = client.get("/privacy/erasure/new/", {"q": iom_case.reference})
    assert f"?person={person.pk}" in found.text
    searched = AuditEntry.objects.get(action="privacy.subject_searched")
    assert searched.details["person_ids"] == [person.pk] and iom_case.reference not in str(searched.details)
    held = client.post("/privacy/erasure/new/", {"person_id": person.pk, "mode": "erase", "reason": "Asked"})
    assert held.status_code == 200 and "legal hold" in held.text
    assert client.post(f"/privacy/holds/{hold.pk}/lift/", {"reason": "Ended"}).status_code == 302
    created = client.post("/privacy/erasure/new/", {"person_id": person.pk, "mode": "erase", "reason": "Asked"})
    request = ErasureRequest.objects.get()
    assert created.url == f"/privacy/erasure/{request.pk}/"
    own = client.get(created.url)
    assert "another data protection officer must approve" in own.text and "Approve the erasure" not in own.text
    client.post(f"/privacy/erasure/{request.pk}/approve/", {"version": request.version})
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.AWAITING_APPROVAL
    client.force_login(second)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/privacy/erasure/{request.pk}/approve/", {"version": request.version})
    with time_machine.travel("2026-12-01T10:00+01:00", tick=False):
        run_jobs()
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.DONE
    assert "Carried out" in client.get(f"/privacy/erasure/{request.pk}/").text


def test_other_roles_and_organisations_see_nothing(client, personas, orgs, privacy_world):  # noqa: F811
    client.force_login(personas.counsellor)
    assert client.get("/privacy/").status_code == 403
    diakonie_dpo = member(orgs.diakonie, "data_protection_officer", email="dpo@diakonie.test")
    run = RetentionRun.objects.create(organisation=orgs.iom, dry_run=True)
    client.force_login(diakonie_dpo)
    assert client.get(f"/privacy/runs/{run.pk}/").status_code == 404
