"""Reads of the hotline desk. All scoping happens here: a user sees the calls and callbacks
of the organisations where they hold hotline.take; reading a phone number is audited."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.accounts.models import Office, Organisation, Role, User
from apps.accounts.selectors import organisation_ids_with
from apps.audit.services import record
from apps.hotline.models import Call, CallbackAttempt, CallbackRequest

FAILED = [CallbackAttempt.Outcome.NO_ANSWER, CallbackAttempt.Outcome.VOICEMAIL,
          CallbackAttempt.Outcome.WRONG_NUMBER]


def hotline_organisation() -> Organisation | None:
    """The organisation that runs the state-wide hotline: the one with an active hotline office."""
    office = (Office.objects.filter(kind=Office.Kind.HOTLINE, is_active=True, organisation__is_active=True)
              .select_related("organisation").order_by("organisation_id", "pk").first())
    return office.organisation if office else None


def calls_visible_to(user) -> QuerySet[Call]:
    return Call.objects.filter(organisation_id__in=organisation_ids_with(user, "hotline.take"))


def call_for(user, pk: int, *, audit: bool = True) -> Call:
    call = get_object_or_404(calls_visible_to(user).select_related("agent", "district"), pk=pk)
    if audit:
        record(user, "call.viewed", call)
    return call


def calls_of_day(user, day) -> QuerySet[Call]:
    """The calls of one local day in the user's organisations, newest first."""
    return (calls_visible_to(user).filter(started_at__date=day)
            .select_related("agent", "district").order_by("-started_at", "-id"))


def callbacks_visible_to(user) -> QuerySet[CallbackRequest]:
    return CallbackRequest.objects.filter(organisation_id__in=organisation_ids_with(user, "hotline.take"))


def _with_attempts(callbacks: QuerySet[CallbackRequest]) -> QuerySet[CallbackRequest]:
    return callbacks.annotate(
        attempt_count=Count("attempts", distinct=True),
        failed_count=Count("attempts", filter=Q(attempts__outcome__in=FAILED), distinct=True))


def callback_queue(user, *, status: str = CallbackRequest.Status.OPEN, mine: bool = False,
                   overdue: bool = False) -> QuerySet[CallbackRequest]:
    """The callback queue (oldest due first), with attempt counts. Showing it reveals phone
    numbers: the view audits the ids it shows with `audit_queue_read` (the API's page does the same)."""
    callbacks = callbacks_visible_to(user).filter(status=status).select_related("assigned_to")
    if mine:
        callbacks = callbacks.filter(assigned_to=user)
    if overdue:
        callbacks = callbacks.filter(due_at__lte=timezone.now())
    ordering = ["due_at", "id"] if status == CallbackRequest.Status.OPEN else ["-closed_at", "-id"]
    return _with_attempts(callbacks).order_by(*ordering)


def audit_queue_read(user, callbacks) -> None:
    ids = [callback.pk for callback in callbacks]
    orgs = organisation_ids_with(user, "hotline.take")
    record(user, "callback.list_viewed", organisation_id=orgs[0] if orgs else None, details={"ids": ids})


def callback_for(user, pk: int, *, audit: bool = True) -> CallbackRequest:
    callback = get_object_or_404(
        _with_attempts(callbacks_visible_to(user)).select_related("assigned_to", "closed_by", "source_call"),
        pk=pk)
    if audit:
        audit_callback_read(user, callback)
    return callback


def audit_callback_read(user, callback: CallbackRequest) -> None:
    record(user, "callback.viewed", callback)


def attempts_of(callback: CallbackRequest) -> QuerySet[CallbackAttempt]:
    return callback.attempts.select_related("agent").order_by("at", "id")


def agents_for(organisation_id: int) -> QuerySet[User]:
    """Active members of the organisation who may take hotline work (assignment picker).
    Roles are few, so the roles holding hotline.take are picked in Python; the users in one query."""
    role_ids = [role.pk for role in Role.objects.only("pk", "permissions")
                if "hotline.take" in (role.permissions or ())]
    return User.objects.filter(
        is_active=True, memberships__organisation_id=organisation_id, memberships__is_active=True,
        memberships__role_id__in=role_ids).distinct().order_by("full_name")
