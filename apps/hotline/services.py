"""Writes of the hotline desk: calls, callback requests, attempts, assignment and closing.

Every write is keyword-only, runs in one transaction and is audited; edits of a callback name
the version they were based on (optimistic locking). The portal's callback form calls
`callback_request_submit_public`, which is audited without an actor.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.selectors import ensure_perm
from apps.appointments.services import normalise_phone, phone_hash
from apps.audit.services import record
from apps.core.client_languages import is_client_language
from apps.core.locking import claim_version
from apps.hotline.models import Call, CallbackAttempt, CallbackRequest
from apps.hotline.selectors import FAILED, agents_for, hotline_organisation
from apps.hotline.servicelevel import due_at_for

# Clients read these on the portal: plain, full sentences (translated into every client language).
PHONE_MISSING = _("Please enter your phone number.")
PHONE_INVALID = _("Please enter a phone number we can call.")
LANGUAGE_INVALID = _("Please choose a language from the list.")
WINDOW_INVALID = _("Please choose a time from the list.")
CONSENT_MISSING = _("Please agree that we may call you.")
NAME_TOO_LONG = _("Please enter a shorter name.")
NO_HOTLINE = _("We cannot take callback requests right now. Please call the hotline.")
FIRST_NAME_MAX = 60
# After this many failed attempts the desk suggests closing the request (settings may override).
ATTEMPTS_BEFORE_CLOSING = 3
MAX_CALL_MINUTES = 600


def attempts_before_closing() -> int:
    return getattr(settings, "HOTLINE_ATTEMPTS_BEFORE_CLOSING", ATTEMPTS_BEFORE_CLOSING)


def _public_phone(raw: str) -> str:
    if not (raw or "").strip():
        raise ValidationError({"phone": PHONE_MISSING})
    try:
        return normalise_phone(raw)
    except ValidationError as error:
        raise ValidationError({"phone": PHONE_INVALID}) from error


def _check_request_fields(*, language: str, window: str, first_name: str, consent: bool) -> dict:
    errors = {}
    if not is_client_language(language):
        errors["language"] = LANGUAGE_INVALID
    if window not in CallbackRequest.Window.values:
        errors["window"] = WINDOW_INVALID
    if len(first_name) > FIRST_NAME_MAX:
        errors["first_name"] = NAME_TOO_LONG
    if not consent:
        errors["consent"] = CONSENT_MISSING
    return errors


@transaction.atomic
def callback_request_submit_public(*, phone: str, language: str, window: str, first_name: str = "",
                                   consent: bool, campaign: str | None = None) -> CallbackRequest:
    """A visitor of the portal asks to be called back. Stores only what the callback needs.

    A second request from a number that still waits for its callback returns the waiting one
    (the queue gets no duplicates, and the visitor learns nothing about other requests)."""
    first_name = (first_name or "").strip()
    errors = _check_request_fields(language=language, window=window, first_name=first_name, consent=consent)
    try:
        phone = _public_phone(phone)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    organisation = hotline_organisation()
    if organisation is None:
        raise ValidationError(NO_HOTLINE, code="no_hotline")
    hashed = phone_hash(phone)
    waiting = (CallbackRequest.objects.select_for_update()
               .filter(organisation=organisation, phone_hash=hashed, status=CallbackRequest.Status.OPEN)
               .first())
    if waiting is not None:
        record(None, "callback.requested_again", waiting, details={"source": "portal"})
        return waiting
    now = timezone.now()
    callback = CallbackRequest.objects.create(
        organisation=organisation, source=CallbackRequest.Source.PORTAL, first_name=first_name, phone=phone,
        phone_hash=hashed, language=language, window=window, campaign=(campaign or "").strip()[:60],
        consent_given_at=now, requested_at=now, due_at=due_at_for(now))
    record(None, "callback.requested", callback, details={"source": "portal", "language": language})
    return callback


# --- Calls ------------------------------------------------------------------------------

CALL_FIELDS = ("started_at", "direction", "duration_minutes", "language", "interpreter", "topic", "district",
               "outcomes", "caller_name", "phone")


def _hotline_org_of(actor, organisation):
    from apps.accounts.selectors import organisations_with

    if organisation is None:
        organisations = organisations_with(actor, "hotline.take")
        if not organisations:
            raise PermissionDenied("hotline.take")
        organisation = organisations[0]
    ensure_perm(actor, "hotline.take", organisation.pk)
    return organisation


def _clean_call(call: Call) -> None:
    errors = {}
    if not is_client_language(call.language):
        errors["language"] = _("Choose a language from the list.")
    unknown = [code for code in call.outcomes if code not in Call.Outcome.values]
    if unknown or len(set(call.outcomes)) != len(call.outcomes):
        errors["outcomes"] = _("Choose outcomes from the list.")
    if call.duration_minutes is not None and call.duration_minutes > MAX_CALL_MINUTES:
        errors["duration_minutes"] = _("A call lasts at most %(max)d minutes.") % {"max": MAX_CALL_MINUTES}
    if call.started_at and call.started_at > timezone.now() + timedelta(minutes=5):
        errors["started_at"] = _("A call cannot lie in the future.")
    try:
        call.full_clean(exclude=["organisation", "agent", "outcomes", "case", "appointment", "phone_hash"])
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)


def _staff_phone(raw: str) -> str:
    return normalise_phone(raw or "")


@transaction.atomic
def call_log(*, actor, data: dict, organisation=None,
             callback_window: str = CallbackRequest.Window.ANYTIME) -> Call:
    """Log one call. "Callback promised" creates a callback request, which needs the phone."""
    organisation = _hotline_org_of(actor, organisation)
    values = {name: data[name] for name in CALL_FIELDS if name in data and data[name] is not None}
    values["outcomes"] = list(values.get("outcomes") or [])
    values["caller_name"] = (values.get("caller_name") or "").strip()
    values["phone"] = _staff_phone(values.get("phone", ""))
    call = Call(organisation=organisation, agent=actor, phone_hash=phone_hash(values["phone"]), **values)
    _clean_call(call)
    if Call.Outcome.CALLBACK in call.outcomes and not call.phone:
        raise ValidationError({"phone": _("A promised callback needs the caller's phone number.")})
    call.save()
    record(actor, "call.logged", call, details={"outcomes": call.outcomes, "topic": call.topic})
    if Call.Outcome.CALLBACK in call.outcomes:
        callback_create(actor=actor, organisation=organisation, phone=call.phone, language=call.language,
                        window=callback_window, first_name=call.caller_name.split(" ")[0] if call.caller_name else "",
                        source_call=call)
    return call


@transaction.atomic
def call_update(*, actor, call: Call, expected_version: int, data: dict) -> Call:
    ensure_perm(actor, "hotline.take", call.organisation_id)
    changed = []
    for name in CALL_FIELDS:
        if name in data and data[name] is not None:
            value = _staff_phone(data[name]) if name == "phone" else data[name]
            if getattr(call, name) != value:
                setattr(call, name, value)
                changed.append(name)
    call.phone_hash = phone_hash(call.phone)
    _clean_call(call)
    claim_version(call, expected_version)
    call.save()
    record(actor, "call.updated", call, details={"fields": sorted(changed)})
    return call


def _add_outcome(call: Call, outcome: str) -> None:
    if outcome not in call.outcomes:
        call.outcomes = [*call.outcomes, outcome]


# --- Callback requests ------------------------------------------------------------------

@transaction.atomic
def callback_create(*, actor, phone: str, language: str, window: str = CallbackRequest.Window.ANYTIME,
                    first_name: str = "", organisation=None, source_call: Call | None = None) -> CallbackRequest:
    """Staff put a callback into the queue (promised in a call, or taken another way)."""
    organisation = _hotline_org_of(actor, organisation)
    first_name = (first_name or "").strip()
    errors = _check_request_fields(language=language, window=window, first_name=first_name, consent=True)
    try:
        phone = _public_phone(phone)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    callback = CallbackRequest.objects.create(
        organisation=organisation, first_name=first_name, phone=phone, phone_hash=phone_hash(phone),
        language=language, window=window, requested_at=now, due_at=due_at_for(now), assigned_to=actor,
        source=CallbackRequest.Source.CALL if source_call else CallbackRequest.Source.STAFF,
        source_call=source_call, consent_given_at=now)
    record(actor, "callback.created", callback, details={"source": callback.source})
    return callback


def _check_open(callback: CallbackRequest) -> None:
    if not callback.is_open:
        raise ValidationError(_("This callback request is already closed."), code="closed")


@transaction.atomic
def callback_assign(*, actor, callback: CallbackRequest, assignee, expected_version: int) -> CallbackRequest:
    """Assign to oneself, or (team lead) to a colleague who takes hotline work; None unassigns
    (someone else's callback only by a team lead)."""
    ensure_perm(actor, "hotline.take", callback.organisation_id)
    _check_open(callback)
    takes_from_colleague = assignee is None and callback.assigned_to_id not in (None, actor.pk)
    if takes_from_colleague or (assignee is not None and assignee.pk != actor.pk):
        ensure_perm(actor, "hotline.supervise", callback.organisation_id)
        if not agents_for(callback.organisation_id).filter(pk=assignee.pk).exists():
            raise ValidationError({"assignee": _("Choose a colleague who takes hotline calls.")})
    claim_version(callback, expected_version, assigned_to=assignee)
    callback.assigned_to = assignee
    record(actor, "callback.assigned", callback, details={"assignee": assignee.pk if assignee else None})
    return callback


@transaction.atomic
def callback_attempt_record(*, actor, callback: CallbackRequest, outcome: str, note: str = "",
                            expected_version: int) -> CallbackAttempt:
    ensure_perm(actor, "hotline.take", callback.organisation_id)
    _check_open(callback)
    if outcome not in CallbackAttempt.Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome from the list.")})
    if len(note or "") > 1000:
        raise ValidationError({"note": _("Keep the note under 1000 characters.")})
    now = timezone.now()
    values = {}
    if outcome == CallbackAttempt.Outcome.REACHED and callback.reached_at is None:
        values["reached_at"] = now
    if callback.assigned_to_id is None:
        values["assigned_to"] = actor
    claim_version(callback, expected_version, **values)
    for name, value in values.items():
        setattr(callback, name, value)
    attempt = CallbackAttempt.objects.create(callback=callback, agent=actor, at=now, outcome=outcome,
                                             note=(note or "").strip())
    record(actor, "callback.attempted", callback, details={"outcome": outcome})
    return attempt


def suggests_closing(callback: CallbackRequest) -> bool:
    """After N failed attempts (no answer, voicemail, wrong number) the desk suggests closing."""
    failed = getattr(callback, "failed_count", None)
    if failed is None:
        failed = callback.attempts.filter(outcome__in=FAILED).count()
    return callback.is_open and callback.reached_at is None and failed >= attempts_before_closing()


@transaction.atomic
def callback_close(*, actor, callback: CallbackRequest, reason: str, expected_version: int) -> CallbackRequest:
    ensure_perm(actor, "hotline.take", callback.organisation_id)
    _check_open(callback)
    if reason not in CallbackRequest.CloseReason.values:
        raise ValidationError({"reason": _("Choose a closing reason from the list.")})
    now = timezone.now()
    claim_version(callback, expected_version, status=CallbackRequest.Status.CLOSED, closed_at=now,
                  closed_by=actor, close_reason=reason)
    callback.status, callback.closed_at, callback.closed_by, callback.close_reason = (
        CallbackRequest.Status.CLOSED, now, actor, reason)
    record(actor, "callback.closed", callback, details={"reason": reason})
    return callback
