"""What the readiness probe and the metrics report: the databases answer, and the state of the
job queue and the outbox.

Figures only, never a row's content: the queue table holds task arguments (ids) and the outbox
holds encrypted addresses, so nothing here reads either. The job queue is django-tasks-db's
table (a third-party model); the outbox is the jobs app's table, reached through the app
registry by name because core (the lowest layer) never imports the apps above it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from apps.core.db import REPLICA_ALIAS

FAILED_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class QueueState:
    waiting: int  # ready to run now
    running: int
    oldest_waiting_seconds: float  # 0 when nothing waits
    failed_last_hour: int
    failed_total: int


@dataclass(frozen=True)
class OutboxState:
    backlog: int  # waiting or being sent
    failed: int


def database_aliases() -> list[str]:
    """The primary, and the replica when one is configured."""
    return ["default"] + ([REPLICA_ALIAS] if REPLICA_ALIAS in settings.DATABASES else [])


def database_answers(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _waiting_since(now: datetime) -> datetime | None:
    """When the longest-waiting ready job became runnable: its enqueue time, or for a delayed
    job the later of enqueue time and run_after."""
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    undelayed = ready.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"]
    delayed = ready.filter(run_after__lte=now).exclude(run_after=get_date_max()).aggregate(at=Min("run_after"))["at"]
    return min((at for at in (undelayed, delayed) if at is not None), default=None)


def queue_state(now: datetime | None = None) -> QueueState:
    """Counts of the job queue. Raises DatabaseError when the table cannot be read."""
    now = now or timezone.now()
    counts = DBTaskResult.objects.aggregate(
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        failed_total=Count("pk", filter=Q(status=TaskResultStatus.FAILED)),
        failed_last_hour=Count("pk", filter=Q(status=TaskResultStatus.FAILED, finished_at__gte=now - FAILED_WINDOW)),
    )
    waiting = DBTaskResult.objects.ready().count()
    since = _waiting_since(now)
    age = max((now - since).total_seconds(), 0.0) if since and waiting else 0.0
    return QueueState(waiting=waiting, oldest_waiting_seconds=age, **counts)


def outbox_state() -> OutboxState:
    """E-mails and SMS not yet delivered, and those given up on."""
    model = apps.get_model("jobs", "OutboundMessage")
    counts = model.objects.aggregate(
        backlog=Count("pk", filter=Q(status__in=["pending", "sending"])),
        failed=Count("pk", filter=Q(status="failed")),
    )
    return OutboxState(**counts)


def readiness() -> tuple[bool, dict]:
    """(ready, report) for /readyz. Ready means every database answers and the queue table can
    be read; the queue's figures are reported, never a reason to take an app server out of the
    load balancer (a backlog is the workers' problem, not the web server's)."""
    checks: dict[str, str] = {}
    reasons: list[str] = []
    for alias in database_aliases():
        ok = database_answers(alias)
        checks[f"database:{alias}"] = "ok" if ok else "unavailable"
        if not ok:
            reasons.append(f"database {alias} does not answer")
    report: dict = {"checks": checks}
    try:
        queue = queue_state()
    except DatabaseError:
        checks["queue"] = "unavailable"
        reasons.append("the job queue table cannot be read")
    else:
        checks["queue"] = "ok"
        report["queue"] = {"waiting": queue.waiting, "running": queue.running,
                           "oldest_waiting_seconds": round(queue.oldest_waiting_seconds, 1),
                           "failed_last_hour": queue.failed_last_hour}
    report["status"] = "ok" if not reasons else "unavailable"
    if reasons:
        report["reasons"] = reasons
    return not reasons, report
