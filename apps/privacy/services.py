"""Writes of the privacy app: retention rules, legal holds and the retention run.

Erasure on request and the orchestrators that run the subject sources (a person's erasure,
a case's retention) are in apps.privacy.erasure and re-exported here, so that the apps
holding personal data call `apps.privacy.services.anonymise_case` and its siblings.

Every write is keyword-only, runs in one transaction and writes one audit entry with codes
and counts, never a name.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import ensure_perm
from apps.audit.services import record
from apps.core.errors import ConcurrentEditError
from apps.core.locking import claim_version
from apps.privacy import registry
from apps.privacy.erasure import (  # noqa: F401 (re-exported: the sources call them from here)
    anonymise_case,
    erase_case,
    erase_person,
    erasure_approve,
    erasure_due,
    erasure_execute,
    erasure_reject,
    erasure_request,
    held_case_ids,
)
from apps.privacy.models import LegalHold, RetentionRule, RetentionRun, RetentionSettings

logger = logging.getLogger(__name__)

MONTHS_MAX = 1200  # a hundred years: longer is a typing error, not a retention period
PENDING = (RetentionRun.Status.WAITING, RetentionRun.Status.RUNNING)


# --- Rules -------------------------------------------------------------------------------

def rules_ensure(*, actor=None) -> int:
    """Create the default rule (no organisation, unverified) of every registered record type
    that has none; existing rows stay as they are. Returns how many were created. Called after
    every migrate and when the rules page opens; audited when a user's visit created rows."""
    created = []
    with transaction.atomic():
        existing = set(RetentionRule.objects.filter(organisation__isnull=True).values_list("record_type", flat=True))
        for kind in registry.record_types():
            if kind.code in existing:
                continue
            RetentionRule.objects.create(
                organisation=None, record_type=kind.code, action=kind.default_action,
                months=kind.default_months, legal_basis=kind.default_legal_basis,
                source=kind.default_source, unverified=True)
            created.append(kind.code)
        if created and actor is not None:
            record(actor, "retention_rule.defaults_created", details={"record_types": created})
    return len(created)


def ensure_rules_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: the default rules exist as soon as the table does (not after
    `migrate privacy zero`)."""
    if RetentionRule._meta.db_table not in connection.introspection.table_names():
        return
    rules_ensure()


def rule_for(organisation_id: int | None, code: str) -> RetentionRule | None:
    """The rule an organisation's run uses: its own row, else the default."""
    if organisation_id is not None:
        own = RetentionRule.objects.filter(record_type=code, organisation_id=organisation_id).first()
        if own is not None:
            return own
    return RetentionRule.objects.filter(record_type=code, organisation__isnull=True).first()


def _own_rule(*, organisation, code: str, version: int) -> RetentionRule:
    """The organisation's own row for `code`, created from the default on first use.

    `version` is the version the user's form was based on: 0 for the default (the
    organisation had no row of its own yet), else the own row's version."""
    kind = registry.record_type(code)
    if kind is None:
        raise ValidationError(_("This kind of record does not exist (any more)."))
    own = RetentionRule.objects.filter(organisation=organisation, record_type=code).first()
    if own is not None:
        if version == 0:  # somebody created the organisation's row since the form was loaded
            raise ConcurrentEditError()
        return own
    if version != 0:
        raise ConcurrentEditError()
    default = rule_for(None, code)
    values = {"action": kind.default_action, "months": kind.default_months,
              "legal_basis": kind.default_legal_basis, "source": kind.default_source}
    if default is not None:
        values = {"action": default.action, "months": default.months, "legal_basis": default.legal_basis,
                  "source": default.source, "is_active": default.is_active}
    try:
        with transaction.atomic():
            own = RetentionRule.objects.create(organisation=organisation, record_type=code, unverified=True,
                                               **values)
    except IntegrityError:  # a second officer created it at the same moment
        raise ConcurrentEditError() from None
    return own


def _check_rule(kind, data: dict) -> None:
    errors = {}
    if data.get("action") not in kind.actions:
        errors["action"] = _("Choose one of the actions this kind of record allows.")
    months = data.get("months")
    if not isinstance(months, int) or not 1 <= months <= MONTHS_MAX:
        errors["months"] = _("The period must be between 1 and %(max)s months.") % {"max": MONTHS_MAX}
    if not (data.get("legal_basis") or "").strip():
        errors["legal_basis"] = _("Name the legal basis.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def rule_update(*, actor, organisation, record_type: str, data: dict, version: int) -> RetentionRule:
    """Set the organisation's rule for one kind of record (period, action, legal basis, source,
    active). A changed rule is unverified again until an officer confirms it."""
    ensure_perm(actor, "privacy.manage", organisation.pk)
    kind = registry.record_type(record_type)
    if kind is None:
        raise ValidationError(_("This kind of record does not exist (any more)."))
    _check_rule(kind, data)
    rule = _own_rule(organisation=organisation, code=record_type, version=version)
    values = {"action": data["action"], "months": data["months"], "legal_basis": data["legal_basis"].strip(),
              "source": (data.get("source") or "").strip(), "is_active": bool(data.get("is_active", True))}
    before = {"action": rule.action, "months": rule.months, "is_active": rule.is_active}
    claim_version(rule, rule.version if version == 0 else version, **values, unverified=True, confirmed_by=None,
                  confirmed_at=None, updated_by=actor, updated_at=timezone.now())
    rule.refresh_from_db()
    record(actor, "retention_rule.updated", rule, details={
        "record_type": record_type, "before": before,
        "after": {"action": rule.action, "months": rule.months, "is_active": rule.is_active}})
    return rule


@transaction.atomic
def rule_confirm(*, actor, organisation, record_type: str, version: int) -> RetentionRule:
    """An officer has checked the rule against its source: it is no longer "unverified".
    Confirming the default creates the organisation's own row (the default is shared)."""
    ensure_perm(actor, "privacy.manage", organisation.pk)
    rule = _own_rule(organisation=organisation, code=record_type, version=version)
    claim_version(rule, rule.version if version == 0 else version, unverified=False, confirmed_by=actor,
                  confirmed_at=timezone.now())
    rule.refresh_from_db()
    record(actor, "retention_rule.confirmed", rule, details={"record_type": record_type, "months": rule.months,
                                                             "action": rule.action})
    return rule


# --- Legal holds -------------------------------------------------------------------------

@transaction.atomic
def hold_set(*, actor, organisation, case_reference: str, reason: str, case_id: int | None = None) -> LegalHold:
    """Put a case of the officer's organisation under a legal hold: no retention rule and no
    erasure touches it until the hold is lifted. The case is found by its reference (through
    the lookup `cases` registers); `case_id`, when given, must be the case found."""
    ensure_perm(actor, "privacy.manage", organisation.pk)
    reference = (case_reference or "").strip()
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the hold.")})
    found = registry.find_case(reference) if reference else None
    if found is None or found[1] != organisation.pk or (case_id is not None and found[0] != case_id):
        raise ValidationError({"case_reference": _("Your organisation has no case with this reference.")})
    if LegalHold.objects.filter(case_id=found[0], lifted_at__isnull=True).exists():
        raise ValidationError({"case_reference": _("This case is already under a legal hold.")})
    try:
        with transaction.atomic():
            hold = LegalHold.objects.create(organisation=organisation, case_id=found[0], case_reference=reference,
                                            reason=reason.strip(), set_by=actor)
    except IntegrityError:
        raise ValidationError({"case_reference": _("This case is already under a legal hold.")}) from None
    record(actor, "legal_hold.set", hold)
    return hold


@transaction.atomic
def hold_lift(*, actor, hold: LegalHold, reason: str) -> LegalHold:
    ensure_perm(actor, "privacy.manage", hold.organisation_id)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for lifting the hold.")})
    now = timezone.now()
    # Conditional: two officers lifting at once lift it once.
    if not LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(
            lifted_at=now, lifted_by=actor):
        raise ValidationError(_("This hold has already been lifted."))
    hold.lift_reason = reason.strip()
    hold.lifted_at, hold.lifted_by = now, actor
    hold.save(update_fields=["lift_reason"])
    record(actor, "legal_hold.lifted", hold)
    return hold


# --- Switching the daily run on ----------------------------------------------------------

def dry_run_done(organisation_id: int) -> bool:
    """The first real run needs a finished dry run of the organisation (its report read)."""
    return RetentionRun.objects.filter(organisation_id=organisation_id, dry_run=True,
                                       status=RetentionRun.Status.DONE).exists()


def retention_settings(organisation) -> RetentionSettings:
    return RetentionSettings.objects.get_or_create(organisation=organisation)[0]


@transaction.atomic
def retention_enable(*, actor, organisation, enabled: bool, version: int) -> RetentionSettings:
    """Switch the daily real run of the organisation on (only after a finished dry run) or off."""
    ensure_perm(actor, "privacy.manage", organisation.pk)
    current = retention_settings(organisation)
    if enabled and not dry_run_done(organisation.pk):
        raise ValidationError(_("Start a dry run first and read its report; then switch the daily run on."))
    claim_version(current, version, enabled=enabled, changed_by=actor, changed_at=timezone.now())
    current.refresh_from_db()
    record(actor, "retention.enabled" if enabled else "retention.disabled", current,
           organisation_id=organisation.pk)
    return current


# --- The retention run -------------------------------------------------------------------

@transaction.atomic
def retention_run_request(*, actor, organisation, dry_run: bool) -> RetentionRun:
    """Queue a run of the organisation's rules: a dry run counts, a real run acts. A real run
    is refused until a dry run of the organisation has finished."""
    ensure_perm(actor, "privacy.manage", organisation.pk)
    return _queue_run(actor=actor, organisation_id=organisation.pk, dry_run=dry_run)


def _queue_run(*, actor, organisation_id: int, dry_run: bool) -> RetentionRun:
    if not dry_run and not dry_run_done(organisation_id):
        raise ValidationError(_("The first real run needs a dry run: start a dry run and read its report first."))
    if RetentionRun.objects.filter(organisation_id=organisation_id, status__in=PENDING).exists():
        raise ValidationError(_("A run of your organisation is already waiting or running."))
    run = RetentionRun.objects.create(organisation_id=organisation_id, dry_run=dry_run, requested_by=actor)
    record(actor, "retention_run.requested", run, organisation_id=organisation_id, details={"dry_run": dry_run})
    transaction.on_commit(lambda: _enqueue(run.pk, organisation_id))
    return run


def _enqueue(run_id: int, organisation_id: int) -> None:
    from apps.privacy.tasks import run_retention

    # organisation_id scopes the job on the jobs page of the organisation's administrators.
    result = run_retention.enqueue(run_id=run_id, organisation_id=organisation_id)
    RetentionRun.objects.filter(pk=run_id).update(task_id=result.id)


def retention_daily() -> int:
    """The daily job: a real run for every organisation whose officer switched it on.
    Returns how many runs were queued."""
    queued = 0
    for organisation_id in RetentionSettings.objects.filter(enabled=True).values_list("organisation_id", flat=True):
        try:
            with transaction.atomic():
                _queue_run(actor=None, organisation_id=organisation_id, dry_run=False)
            queued += 1
        except ValidationError as error:  # a run still pending; tomorrow's job tries again
            logger.info("retention run of organisation %s not queued: %s", organisation_id, error.messages[0])
    return queued


def _count(due) -> int:
    return due.count() if hasattr(due, "count") and not isinstance(due, list) else len(due)


def retention_run_execute(run_id: int) -> str:
    """Carry out one queued run. Each record type is counted (and, for a real run, acted on)
    in its own transaction, in registry order: a failure stops the run, keeps what the
    earlier types did (they are complete and consistent), rolls back the failing type's
    changes and marks the run failed with a message; the counts so far stay on the run."""
    now = timezone.now()
    if not RetentionRun.objects.filter(pk=run_id, status=RetentionRun.Status.WAITING).update(
            status=RetentionRun.Status.RUNNING, started_at=now):
        return "not waiting"  # a retried job, or a second worker: the run happens once
    run = RetentionRun.objects.select_related("requested_by").get(pk=run_id)
    if not run.dry_run and not dry_run_done(run.organisation_id):
        return _finish_failed(run, {}, _("The first real run needs a dry run: start a dry run and read its "
                                          "report first."))
    counts: dict[str, dict] = {}
    current = ""
    try:
        for kind in registry.record_types():
            current = kind.code
            entry = _run_type(run, kind)
            if entry is not None:
                counts[kind.code] = entry
                RetentionRun.objects.filter(pk=run.pk).update(counts=counts)  # progress for the page
    except Exception:  # noqa: BLE001 - the officer gets a message, the worker's log the traceback
        logger.exception("retention run %s failed at %s", run.pk, current)
        return _finish_failed(run, counts, _("The run stopped at “%(kind)s”. What was done before stays done; "
                                             "start the run again, and if it fails again, tell your "
                                             "administrator.") % {"kind": _kind_label(current)})
    with transaction.atomic():
        RetentionRun.objects.filter(pk=run.pk).update(status=RetentionRun.Status.DONE, counts=counts,
                                                      finished_at=timezone.now())
        record(run.requested_by, "retention_run.finished", run, organisation_id=run.organisation_id,
               details={"dry_run": run.dry_run, "counts": counts})
    return "done"


def _run_type(run: RetentionRun, kind) -> dict | None:
    rule = rule_for(run.organisation_id, kind.code)
    if rule is None or not rule.is_active:
        return None
    with transaction.atomic():
        scope = registry.RetentionScope(organisation_id=run.organisation_id, now=run.as_of, months=rule.months,
                                        held_case_ids=held_case_ids(run.organisation_id))
        due = kind.due(scope)
        entry = {"due": _count(due), "held": kind.held(scope), "action": rule.action, "months": rule.months,
                 "anonymised": 0, "deleted": 0}
        if not run.dry_run and entry["due"]:
            changed = kind.apply(due, rule.action)
            entry["anonymised" if rule.action == RetentionRule.Action.ANONYMISE else "deleted"] = changed
    return entry


def _finish_failed(run: RetentionRun, counts: dict, message: str) -> str:
    with transaction.atomic():
        RetentionRun.objects.filter(pk=run.pk).update(status=RetentionRun.Status.FAILED, counts=counts,
                                                      error=str(message)[:500], finished_at=timezone.now())
        record(run.requested_by, "retention_run.failed", run, organisation_id=run.organisation_id,
               details={"dry_run": run.dry_run, "counts": counts})
    return "failed"


def _kind_label(code: str) -> str:
    kind = registry.record_type(code)
    return str(kind.label) if kind else code

