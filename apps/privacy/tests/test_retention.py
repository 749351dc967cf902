"""The retention run: dry run and real run on hand-built data, legal holds, the first real
run needing a dry run, the daily job, failures, audit with counts."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.cases import services as case_services
from apps.cases.models import Task
from apps.jobs.schedule import enqueue_due
from apps.jobs.testing import run_jobs
from apps.privacy import registry, services
from apps.privacy.models import RetentionRun
from apps.privacy.tests.privacy_world import ANONYMISED_TITLE, DONE_TASKS, privacy_world  # noqa: F401
from tests.factories import make_case

START = "2026-03-02T10:00+01:00"


@pytest.fixture
def tasks(personas, orgs, privacy_world):  # noqa: F811
    """Three IOM tasks done in March 2026 on two cases, one Diakonie task; the run is later."""
    with time_machine.travel(START, tick=False):
        first = make_case(personas.counsellor, orgs.iom)
        second = make_case(personas.counsellor, orgs.iom, family_name="Karimi")
        other = make_case(personas.diakonie_counsellor, orgs.diakonie, family_name="Ahmadi")
        made = [case_services.task_create(actor=actor, case=case, title="Call the embassy")
                for actor, case in [(personas.counsellor, first), (personas.counsellor, first),
                                    (personas.counsellor, second), (personas.diakonie_counsellor, other)]]
        Task.objects.filter(pk__in=[t.pk for t in made]).update(done_at=timezone.now())
    return made, first, second


def _run(actor, org, *, dry_run):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the job is enqueued on commit
        run = services.retention_run_request(actor=actor, organisation=org, dry_run=dry_run)
    run_jobs()
    run.refresh_from_db()
    return run


def test_the_first_real_run_needs_a_finished_dry_run(personas, orgs, tasks):
    with pytest.raises(ValidationError, match="dry run"):
        services.retention_run_request(actor=personas.iom_dpo, organisation=orgs.iom, dry_run=False)
    with pytest.raises(ValidationError, match="dry run"):
        services.retention_enable(actor=personas.iom_dpo, organisation=orgs.iom, enabled=True, version=1)
    assert not RetentionRun.objects.exists()


def test_a_dry_run_counts_and_changes_nothing_a_real_run_acts_and_a_hold_keeps(personas, orgs, tasks):
    made, first, second = tasks
    services.hold_set(actor=personas.iom_dpo, organisation=orgs.iom, case_reference=second.reference,
                      reason="Court proceedings")
    with time_machine.travel("2027-01-10T10:00+01:00", tick=False):  # 10 months: nothing due yet
        early = _run(personas.iom_dpo, orgs.iom, dry_run=True)
    assert early.counts["test.done_tasks"]["due"] == 0
    with time_machine.travel("2027-04-10T10:00+01:00", tick=False):
        dry = _run(personas.iom_dpo, orgs.iom, dry_run=True)
        assert dry.status == RetentionRun.Status.DONE
        assert dry.counts["test.done_tasks"] == {"due": 2, "held": 1, "action": "delete", "months": 12,
                                                 "anonymised": 0, "deleted": 0}
        assert Task.objects.count() == 4  # a dry run changes nothing
        real = _run(personas.iom_dpo, orgs.iom, dry_run=False)
    assert real.status == RetentionRun.Status.DONE and real.counts["test.done_tasks"]["deleted"] == 2
    # The held case's task and Diakonie's task stay: another organisation's run is its own.
    assert set(Task.objects.values_list("case_id", flat=True)) == {second.pk, made[3].case_id}
    entry = AuditEntry.objects.filter(action="retention_run.finished", object_id=str(real.pk)).get()
    assert entry.details["counts"]["test.done_tasks"]["deleted"] == 2 and entry.organisation_id == orgs.iom.pk
    assert "Hosseini" not in str(entry.details)


def test_the_organisations_own_rule_decides_the_action(personas, orgs, tasks):
    made, first, second = tasks
    services.rule_update(actor=personas.iom_dpo, organisation=orgs.iom, record_type="test.done_tasks",
                         data={"action": "anonymise", "months": 6, "legal_basis": "§ 35 SGB I", "source": "x"},
                         version=0)
    with time_machine.travel("2026-10-10T10:00+01:00", tick=False):
        _run(personas.iom_dpo, orgs.iom, dry_run=True)
        real = _run(personas.iom_dpo, orgs.iom, dry_run=False)
    assert real.counts["test.done_tasks"]["anonymised"] == 3
    assert Task.objects.filter(title=ANONYMISED_TITLE).count() == 3 and Task.objects.count() == 4


def test_a_failing_record_type_fails_the_run_and_rolls_its_changes_back(personas, orgs, tasks, monkeypatch):
    def half_then_crash(due, action):
        due.update(title="half-done")
        raise RuntimeError("disk full")

    broken = registry.RecordType(**{**DONE_TASKS.__dict__, "code": "test.broken", "apply": half_then_crash,
                                    "order": 10, "due": lambda scope: Task.objects.all()})
    registry.register_record_type(broken)
    services.rules_ensure()
    services.rule_update(actor=personas.iom_dpo, organisation=orgs.iom, record_type="test.done_tasks",
                         data={"action": "anonymise", "months": 12, "legal_basis": "Art. 5"}, version=0)
    with time_machine.travel("2027-04-10T10:00+01:00", tick=False):
        _run(personas.iom_dpo, orgs.iom, dry_run=True)
        run = _run(personas.iom_dpo, orgs.iom, dry_run=False)
    assert run.status == RetentionRun.Status.FAILED and "stopped" in run.error
    # The earlier type (order 60) is done and counted; the failing one left nothing behind.
    assert run.counts["test.done_tasks"]["anonymised"] == 3 and "test.broken" not in run.counts
    assert Task.objects.filter(title=ANONYMISED_TITLE).count() == 3
    assert not Task.objects.filter(title="half-done").exists()
    assert AuditEntry.objects.filter(action="retention_run.failed", object_id=str(run.pk)).exists()


def test_the_daily_job_runs_for_real_where_an_officer_switched_it_on(personas, orgs, tasks):
    with time_machine.travel("2027-04-10T01:00+01:00", tick=False):
        _run(personas.iom_dpo, orgs.iom, dry_run=True)
        settings = services.retention_settings(orgs.iom)
        services.retention_enable(actor=personas.iom_dpo, organisation=orgs.iom, enabled=True,
                                  version=settings.version)
        assert "retention_daily:2027-04-10" in enqueue_due()
        run_jobs()
    real = RetentionRun.objects.get(dry_run=False)
    assert real.organisation == orgs.iom and real.requested_by is None and real.status == RetentionRun.Status.DONE
    assert Task.objects.count() == 1  # Diakonie's: its officer did not switch it on


def test_a_second_run_waits_for_the_first(personas, orgs, tasks):
    services.retention_run_request(actor=personas.iom_dpo, organisation=orgs.iom, dry_run=True)
    with pytest.raises(ValidationError, match="already waiting"):
        services.retention_run_request(actor=personas.iom_dpo, organisation=orgs.iom, dry_run=True)


def test_a_run_job_run_twice_runs_once(personas, orgs, tasks):
    run = _run(personas.iom_dpo, orgs.iom, dry_run=True)
    assert services.retention_run_execute(run.pk) == "not waiting"
    assert AuditEntry.objects.filter(action="retention_run.finished").count() == 1


def test_only_the_officer_may_run(personas, orgs, tasks):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.retention_run_request(actor=personas.team_lead, organisation=orgs.iom, dry_run=True)
    with pytest.raises(PermissionDenied):
        services.retention_run_request(actor=personas.iom_dpo, organisation=orgs.diakonie, dry_run=True)


def test_a_case_record_type_anonymises_the_case_through_the_subject_sources(personas, orgs, privacy_world):  # noqa: F811
    with time_machine.travel(START, tick=False):
        case = make_case(personas.counsellor, orgs.iom)
        case_services.task_create(actor=personas.counsellor, case=case, title="Book the flight")
        case_services.case_close(actor=personas.counsellor, case=case, outcome="stayed",
                                 expected_version=case.version)
    with time_machine.travel("2028-06-01T10:00+02:00", tick=False):
        _run(personas.iom_dpo, orgs.iom, dry_run=True)
        real = _run(personas.iom_dpo, orgs.iom, dry_run=False)
    assert real.counts["test.closed_cases"]["anonymised"] == 1
    assert Task.objects.get(case=case).title == ANONYMISED_TITLE

