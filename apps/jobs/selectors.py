"""Reads of the jobs page, scoped by the acting user's jobs.manage organisations.

Messages: those sent for one of the user's organisations, and those without one (sign-in
mails) that went to a member of one of them. Jobs: those whose keyword argument
`organisation_id` names one of the user's organisations, and network-wide jobs without it
(reminders, audit checkpoints); their arguments are ids only. Delivery jobs are shown through
their messages. Network-wide jobs concern every organisation: they are listed with their
status only, never with their error text, and only the operator can re-run them.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from apps.accounts.selectors import organisation_ids_with
from apps.jobs.labels import task_label
from apps.jobs.models import OutboundMessage

DELIVERY_TASK = "apps.jobs.tasks.deliver_message"
# Jobs that must not be re-run with their old arguments: a tour solve runs only under its
# request's claim, so the team lead starts a new solve on the plan page instead.
NOT_RETRYABLE = ("apps.tours.tasks.solve_plan",)


def messages_visible_to(user) -> QuerySet[OutboundMessage]:
    organisation_ids = organisation_ids_with(user, "jobs.manage")
    if not organisation_ids:
        return OutboundMessage.objects.none()
    members = Q(organisation__isnull=True, recipient_user__memberships__organisation_id__in=organisation_ids)
    ids = OutboundMessage.objects.filter(Q(organisation_id__in=organisation_ids) | members).values("pk")
    return OutboundMessage.objects.filter(pk__in=ids)


def message_for(user, pk: int) -> OutboundMessage:
    message = messages_visible_to(user).filter(pk=pk).first()
    if message is None:
        raise Http404
    return message


def task_results_visible_to(user):
    from django_tasks_db.models import DBTaskResult

    organisation_ids = organisation_ids_with(user, "jobs.manage")
    if not organisation_ids:
        return DBTaskResult.objects.none()
    own = Q(args_kwargs__kwargs__organisation_id__in=organisation_ids)
    network_wide = ~Q(args_kwargs__kwargs__has_key="organisation_id")
    return DBTaskResult.objects.exclude(task_path=DELIVERY_TASK).filter(own | network_wide)


def task_results_manageable_by(user):
    """Jobs whose errors the user may read and which they may run again: their own organisations'."""
    from django_tasks_db.models import DBTaskResult

    organisation_ids = organisation_ids_with(user, "jobs.manage")
    if not organisation_ids:
        return DBTaskResult.objects.none()
    return DBTaskResult.objects.exclude(task_path=DELIVERY_TASK).filter(
        args_kwargs__kwargs__organisation_id__in=organisation_ids)


def task_result_for(user, result_id: str):
    """A job the user may run again (404 otherwise)."""
    result = task_results_manageable_by(user).exclude(task_path__in=NOT_RETRYABLE).filter(pk=result_id).first()
    if result is None:
        raise Http404
    return result


def overview(user, *, limit: int = 100) -> dict:
    """What the jobs page lists: waiting, running and failed jobs, messages that wait for a
    retry or failed for good, and counts."""
    from apps.jobs.services import describe_error_text

    results = task_results_visible_to(user)
    messages = messages_visible_to(user)
    failed = list(results.filter(status="FAILED").order_by("-finished_at")[:limit])
    own = {str(pk) for pk in task_results_manageable_by(user).filter(pk__in=[r.pk for r in failed])
           .values_list("pk", flat=True)}
    for result in failed:
        result.network_wide = str(result.pk) not in own
        result.error = "" if result.network_wide else describe_error_text(result.exception_class_path,
                                                                          result.traceback)
        result.retryable = not result.network_wide and result.task_path not in NOT_RETRYABLE
    queued = list(results.filter(status="READY").order_by("run_after", "enqueued_at")[:limit])
    running = list(results.filter(status="RUNNING").order_by("started_at")[:limit])
    for result in (*failed, *queued, *running):
        result.label = task_label(result.task_name)
    return {
        "queued": queued,
        "running": running,
        "failed": failed,
        "failed_messages": list(messages.filter(status=OutboundMessage.Status.FAILED)[:limit]),
        "waiting_messages": list(messages.filter(status__in=[OutboundMessage.Status.PENDING,
                                                             OutboundMessage.Status.SENDING])[:limit]),
        "sent_count": messages.filter(status=OutboundMessage.Status.SENT).count(),
    }
