"""Solving as a background job: queued by the request, run by the worker, never inside a transaction."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.audit.testing import append_only_guard_lifted  # noqa: F401
from apps.jobs.testing import queued_tasks, run_jobs
from apps.tours import planner, services
from apps.tours.models import TourPlan

SOLVE = "apps.tours.tasks.solve_plan"


def test_a_solve_request_only_queues_the_job(personas, plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.plan_solve_request(actor=personas.team_lead, plan=plan, time_limit=3)
    assert queued.solve_state == "queued" and not queued.entries.exists() and queued.status == "draft"
    job = queued_tasks(SOLVE).get()
    assert job.args_kwargs["kwargs"]["organisation_id"] == plan.organisation_id
    with pytest.raises(ValidationError, match="already being solved"):
        services.plan_solve_request(actor=personas.team_lead, plan=plan, time_limit=3)
    run_jobs()
    plan.refresh_from_db()
    assert plan.solve_state == "done" and plan.status == "solved" and plan.entries.exists()
    assert plan.solve_progress == 100


def test_a_plan_accepted_meanwhile_ends_as_a_failed_solve_with_the_reason(personas, plan,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_solve_request(actor=personas.team_lead, plan=plan, time_limit=1)
    TourPlan.objects.filter(pk=plan.pk).update(status=TourPlan.Status.ACCEPTED)
    run_jobs()
    plan.refresh_from_db()
    assert plan.solve_state == "failed" and "accepted" in plan.solve_error
    assert not plan.entries.exists()


def test_a_plan_changed_while_solving_is_not_overwritten(personas, plan):
    with pytest.raises(ValidationError):
        services.plan_solve(actor=personas.team_lead, plan=plan, time_limit=1, expected_version=plan.version - 1)
    assert not plan.entries.exists()


def test_outsiders_cannot_queue_a_solve(personas, plan):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.plan_solve_request(actor=personas.counsellor, plan=plan, time_limit=1)
    assert not queued_tasks(SOLVE).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("append_only_guard_lifted")
def test_the_solver_runs_outside_any_transaction(personas, plan, monkeypatch):
    seen = []
    real_solve = planner.solve

    def observed(*args, **kwargs):
        seen.append(transaction.get_connection().in_atomic_block)
        return real_solve(*args, **kwargs)

    monkeypatch.setattr(planner, "solve", observed)
    services.plan_solve_request(actor=personas.team_lead, plan=plan, time_limit=1)
    run_jobs()
    assert seen == [False]
    plan.refresh_from_db()
    assert plan.solve_state == "done"


def _request(personas, plan, capture):
    with capture(execute=True):
        return services.plan_solve_request(actor=personas.team_lead, plan=plan, time_limit=1)


def test_a_request_while_the_first_still_waits_in_the_queue_is_refused(personas, plan,
                                                                       django_capture_on_commit_callbacks):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _request(personas, plan, django_capture_on_commit_callbacks)
        clock.shift(timedelta(seconds=services.SOLVE_STALE_SECONDS + 60))  # a busy worker, not a dead one
        with pytest.raises(ValidationError, match="already being solved"):
            _request(personas, plan, django_capture_on_commit_callbacks)
    assert queued_tasks(SOLVE).count() == 1


def test_an_old_job_whose_request_was_superseded_does_nothing(personas, plan, django_capture_on_commit_callbacks):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _request(personas, plan, django_capture_on_commit_callbacks)
        old = queued_tasks(SOLVE).get().args_kwargs["kwargs"]
        clock.shift(timedelta(seconds=services.QUEUED_STALE_SECONDS + 60))  # the queue was stuck for an hour
        _request(personas, plan, django_capture_on_commit_callbacks)
        kwargs = {key: old[key] for key in ("plan_id", "actor_id", "time_limit", "claim")}
        assert services.plan_solve_run(**kwargs) == "skipped"
        plan.refresh_from_db()
        assert plan.solve_state == "queued" and not plan.entries.exists()
        run_jobs()
    plan.refresh_from_db()
    assert plan.solve_state == "done" and plan.entries.exists()
    assert AuditEntry.objects.filter(action="tour_plan.solved", object_id=str(plan.pk)).count() == 1


@pytest.mark.parametrize("late", ["succeeds", "fails"])
def test_a_hung_solve_finishing_late_does_not_overwrite_the_newer_solve(personas, plan, monkeypatch, late,
                                                                        django_capture_on_commit_callbacks):
    """Job A hangs past the staleness window; the team lead solves again (job B, done); then A
    finishes: neither its result nor its failure replaces B's."""
    real_solve = planner.solve
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _request(personas, plan, django_capture_on_commit_callbacks)
        first = queued_tasks(SOLVE).get().args_kwargs["kwargs"]

        def hung(*args, **kwargs):
            monkeypatch.setattr(planner, "solve", real_solve)
            clock.shift(timedelta(seconds=services.SOLVE_STALE_SECONDS + 60))
            _request(personas, plan, django_capture_on_commit_callbacks)
            run_jobs()  # job B (job A is not in the queue: it is the one running here)
            if late == "fails":
                raise RuntimeError("solver crashed")
            return real_solve(*args, **kwargs)

        monkeypatch.setattr(planner, "solve", hung)
        kwargs = {key: first[key] for key in ("plan_id", "actor_id", "time_limit", "claim")}
        queued_tasks(SOLVE).delete()
        if late == "fails":
            with pytest.raises(RuntimeError):
                services.plan_solve_run(**kwargs)
        else:
            assert services.plan_solve_run(**kwargs) == "superseded"
    plan.refresh_from_db()
    assert plan.solve_state == "done" and not plan.solve_error and plan.entries.exists()
    assert AuditEntry.objects.filter(action="tour_plan.solved", object_id=str(plan.pk)).count() == 1
