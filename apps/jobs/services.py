"""Writes of the outbox and the job queue: queue a message, deliver it with retries and
exponential back-off, recover what a crashed worker left, retry by hand (audited).

Nothing here sends inside a request: queueing stores the message in the caller's
transaction and enqueues its delivery on commit; a worker (`manage.py db_worker`) delivers.
"""

import json
import logging
import re
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.jobs.models import OutboundMessage

logger = logging.getLogger(__name__)
M = OutboundMessage

# Who a message is sent for (organisation, purpose code), set by the caller around send_mail().
_sending_for: ContextVar[tuple[int | None, str]] = ContextVar("sending_for", default=(None, ""))

# A worker that died while sending leaves a message "sending"; after this it is tried again.
# Sends time out after JOBS_SEND_TIMEOUT (far less), so a live worker is done long before.
STALE_AFTER = timedelta(minutes=15)
# A waiting message whose delivery job went missing (crash between commit and enqueue).
LOST_AFTER = timedelta(minutes=10)


@contextmanager
def sending_for(*, organisation_id: int | None, purpose: str = ""):
    """Messages queued inside belong to `organisation_id` (scope of the jobs page)."""
    token = _sending_for.set((organisation_id, purpose[:60]))
    try:
        yield
    finally:
        _sending_for.reset(token)


def mask(recipient: str) -> str:
    """Enough to tell messages apart on the jobs page, not enough to reveal the address."""
    if "@" in recipient:
        local, domain = recipient.rsplit("@", 1)
        return f"{local[:1]}…@{domain}"[:80]
    return "…" + recipient[-3:] if recipient else ""


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\+?\d[\d /-]{5,}\d")


def describe_error(error: BaseException) -> str:
    """Class and message of a failure with e-mail addresses and phone numbers masked."""
    text = f"{type(error).__name__}: {error}"
    return _ADDRESS.sub("…", text)[:300]


def message_queue(*, channel: str, recipient: str, payload: dict) -> OutboundMessage:
    """Store one message (in the caller's transaction) and enqueue its delivery on commit."""
    from apps.accounts.models import User

    organisation_id, purpose = _sending_for.get()
    user = User.objects.filter(email__iexact=recipient).only("pk").first() if "@" in recipient else None
    message = M.objects.create(channel=channel, recipient_hint=mask(recipient), payload=json.dumps(payload),
                               organisation_id=organisation_id, purpose=purpose, recipient_user=user)
    message_id = message.pk
    transaction.on_commit(lambda: enqueue_delivery(message_id))
    return message


def enqueue_delivery(message_id: int, run_after=None) -> str:
    from apps.jobs.tasks import deliver_message

    task = deliver_message.using(run_after=run_after) if run_after else deliver_message
    result = task.enqueue(message_id)
    M.objects.filter(pk=message_id).update(task_id=result.id)
    return result.id


def _send(message: OutboundMessage) -> None:
    from apps.jobs import mail, sms

    payload = json.loads(message.payload)
    if message.channel == M.Channel.SMS:
        sms.deliver(payload["phone"], payload["text"])
    else:
        mail.deliver(payload)


def backoff(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: JOBS_RETRY_SECONDS, doubling after every failure."""
    return timedelta(seconds=settings.JOBS_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def message_deliver(*, message_id: int) -> str:
    """Send one waiting message through the real backend. A failure schedules another attempt
    after a growing pause; after JOBS_MAX_ATTEMPTS the message is marked failed, stays in the
    outbox and shows on the jobs page. Returns the resulting status."""
    message = message_claim(message_id=message_id)
    if message is None:  # already sent, failed for good, or taken by another worker
        return "skipped"
    return message_send_claimed(message)


def message_claim(*, message_id: int) -> OutboundMessage | None:
    """Take a waiting message for sending. The claim's token is (attempted_at, attempts): a
    worker whose claim recovery handed to another worker no longer matches it."""
    claimed = M.objects.filter(pk=message_id, status=M.Status.PENDING).update(
        status=M.Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=None, attempted_at=timezone.now())
    return M.objects.get(pk=message_id) if claimed else None


def _mine(message: OutboundMessage):
    """The message while it is still under this worker's claim."""
    return M.objects.filter(pk=message.pk, status=M.Status.SENDING, attempted_at=message.attempted_at,
                            attempts=message.attempts)


def message_send_claimed(message: OutboundMessage) -> str:
    # The send runs outside any transaction: a slow SMTP server holds no database lock.
    try:
        _send(message)
    except Exception as error:  # every failure of a backend counts as a failed attempt
        return _failed(message, error)
    if not _mine(message).update(status=M.Status.SENT, sent_at=timezone.now(), last_error=""):
        return _superseded(message, "sent")
    return M.Status.SENT


def _superseded(message: OutboundMessage, outcome: str) -> str:
    # This worker outlived STALE_AFTER, recovery gave the message to another worker: its state
    # is the newer claim's to write.
    logger.warning("outbound message %s: attempt %s %s after its claim was taken over; state left alone",
                   message.pk, message.attempts, outcome)
    return "superseded"


def _failed(message: OutboundMessage, error: Exception) -> str:
    description = describe_error(error)
    if message.attempts < settings.JOBS_MAX_ATTEMPTS:
        retry_at = timezone.now() + backoff(message.attempts)
        if not _mine(message).update(status=M.Status.PENDING, last_error=description, next_attempt_at=retry_at):
            return _superseded(message, "failed")
        enqueue_delivery(message.pk, run_after=retry_at)
        logger.warning("outbound message %s: attempt %s failed, next at %s", message.pk, message.attempts,
                       retry_at.isoformat())
        return M.Status.PENDING
    with transaction.atomic():
        if not _mine(message).update(status=M.Status.FAILED, last_error=description):
            return _superseded(message, "failed")
        record(None, "outbound_message.failed", message, organisation_id=message.organisation_id,
               details={"channel": message.channel, "attempts": message.attempts})
    logger.error("outbound message %s failed after %s attempts", message.pk, message.attempts)
    return M.Status.FAILED


def message_retry(*, actor, message: OutboundMessage) -> OutboundMessage:
    """Send a failed message again with a fresh count of attempts (audited)."""
    with transaction.atomic():
        _ensure_scope(actor, message)
        if not M.objects.filter(pk=message.pk, status=M.Status.FAILED).update(
                status=M.Status.PENDING, attempts=0, next_attempt_at=None):
            raise ValidationError(_("Only a failed message can be sent again."))
        record(actor, "outbound_message.retried", message, organisation_id=message.organisation_id)
        transaction.on_commit(lambda: enqueue_delivery(message.pk))
    message.refresh_from_db()
    return message


def _ensure_scope(actor, message: OutboundMessage) -> None:
    from apps.jobs.selectors import messages_visible_to

    if not messages_visible_to(actor).filter(pk=message.pk).exists():
        raise PermissionDenied


def messages_recover(*, now=None) -> int:
    """Put back what a crashed worker or process left: messages stuck in "sending" (their job
    stays "running" for ever), and waiting messages whose delivery job is not in the queue.
    Returns how many deliveries were enqueued."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stuck = list(M.objects.filter(status=M.Status.SENDING, attempted_at__lt=now - STALE_AFTER)
                 .values_list("pk", flat=True))
    M.objects.filter(pk__in=stuck, status=M.Status.SENDING).update(status=M.Status.PENDING)
    queued = {str(pk) for pk in DBTaskResult.objects.filter(
        status__in=["READY", "RUNNING"], task_path="apps.jobs.tasks.deliver_message").values_list("id", flat=True)}
    lost = [message.pk for message in M.objects.filter(status=M.Status.PENDING, created_at__lt=now - LOST_AFTER)
            .exclude(pk__in=stuck).only("pk", "task_id")
            if not (message.task_id and _normal(message.task_id) in queued)]
    for message_id in stuck + lost:
        enqueue_delivery(message_id)
    return len(stuck) + len(lost)


def jobs_recover(*, now=None) -> int:
    """Put jobs back in the queue that a killed worker left "running": the queue library never
    notices a dead worker (the fault benchmark, bench/fault/, found such a job stuck for ever).
    A job running longer than settings.JOB_STALE_AFTER_MINUTES is taken as abandoned and runs
    again; jobs therefore claim their work idempotently (a status change from waiting, or a
    unique key). Deliveries are left to messages_recover, which knows their messages.
    Returns how many jobs were put back."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale = now - timedelta(minutes=settings.JOB_STALE_AFTER_MINUTES)
    abandoned = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=stale).exclude(
        task_path="apps.jobs.tasks.deliver_message")
    ids = list(abandoned.values_list("id", flat=True))
    if ids:
        logger.warning("re-queued %d job(s) left running by a stopped worker", len(ids))
        DBTaskResult.objects.filter(id__in=ids, status="RUNNING").update(
            status="READY", started_at=None, run_after=now, worker_ids=[])
    return len(ids)


def _normal(task_id: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(task_id))
    except ValueError:
        return task_id


def task_retry(*, actor, result_id: str) -> str:
    """Enqueue a failed job again with the same arguments; the failed record is removed
    (audited with both ids). Returns the new job's id."""
    from django_tasks_db.models import DBTaskResult

    from apps.jobs.selectors import NOT_RETRYABLE, task_results_manageable_by

    with transaction.atomic():
        failed = (task_results_manageable_by(actor).exclude(task_path__in=NOT_RETRYABLE)
                  .filter(pk=result_id, status="FAILED").first())
        if failed is None:
            raise ValidationError(_("Only a failed job can be run again."))
        task = failed.task
        arguments = failed.args_kwargs
        failed_id = str(failed.pk)
        DBTaskResult.objects.filter(pk=failed.pk).delete()
        # Enqueued inside the transaction on purpose: the queue lives in this database, so the
        # failed record's removal and the new job commit together or not at all.
        result = task.using(run_after=timezone.now()).enqueue(*arguments["args"], **arguments["kwargs"])
        record(actor, "job.retried", None, organisation_id=arguments["kwargs"].get("organisation_id"),
               details={"task": failed.task_name, "failed_id": failed_id, "new_id": result.id})
    return result.id


def describe_error_text(exception_class_path: str, traceback: str) -> str:
    """The last line of a job's traceback (class and message), addresses masked."""
    lines = traceback.strip().splitlines()
    return _ADDRESS.sub("…", lines[-1] if lines else exception_class_path)[:300]
