"""Periodic work, scheduled in one place. Apps register their periodic jobs in
AppConfig.ready(); `manage.py enqueue_due_jobs` (a systemd timer in production, a loop in
`make run`) enqueues each job once per period, however often it runs."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.jobs.models import ScheduledRun


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: object  # a django_tasks Task
    # The key of the period `now` lies in (e.g. a date), or None while nothing is due.
    period: Callable[[datetime], str | None]
    # The job's keyword arguments for a period key.
    kwargs: Callable[[str], dict]


PERIODIC: dict[str, PeriodicJob] = {}


def register_periodic(name: str, task, *, period: Callable[[datetime], str | None],
                      kwargs: Callable[[str], dict]) -> None:
    PERIODIC[name] = PeriodicJob(name, task, period, kwargs)


def daily(now: datetime) -> str:
    return timezone.localtime(now).date().isoformat()


def every_five_minutes(now: datetime) -> str:
    local = timezone.localtime(now)
    return local.replace(minute=local.minute - local.minute % 5, second=0, microsecond=0).isoformat()


def enqueue_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue every periodic job due for its current period and not enqueued for it yet.
    Returns "name:period" of what was enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in PERIODIC.values():
        key = job.period(now)
        if key is None:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=job.name, period=key)
                # Same database as the queue: the run and its job commit together, so a
                # crash between the two can neither lose the job nor enqueue it twice.
                result = job.task.enqueue(**job.kwargs(key))
                ScheduledRun.objects.filter(pk=run.pk).update(task_id=result.id)
        except IntegrityError:  # another scheduler (or an earlier run) enqueued this period
            continue
        enqueued.append(f"{job.name}:{key}")
    return enqueued
