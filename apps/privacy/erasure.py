"""Erasure on request (Art. 17 GDPR) and the orchestrators that erase or anonymise.

A request is "due" when the retention rules would remove the person's data anyway (see
`erasure_due`); then it is queued at once. Otherwise a second data protection officer must
approve it (two-person rule) before the job runs it. A person with a case under a legal hold
is refused, at the request and again when the job runs.

The orchestrators (`erase_person`, `anonymise_case`, `erase_case`) run every registered
subject source in registry order inside one transaction: a failing source rolls back the
whole erasure of that person or case. They write no audit entry themselves: their callers
(the erasure job, the retention run) do, with the counts.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import ensure_perm
from apps.audit.services import record
from apps.core.locking import claim_version
from apps.privacy import registry
from apps.privacy.models import ErasureRequest, LegalHold

logger = logging.getLogger(__name__)

R = ErasureRequest.Status
OPEN = (R.AWAITING_APPROVAL, R.QUEUED, R.RUNNING)


def held_case_ids(organisation_id: int | None = None) -> frozenset[int]:
    """Cases under an active legal hold (of one organisation, or of all)."""
    holds = LegalHold.objects.filter(lifted_at__isnull=True)
    if organisation_id is not None:
        holds = holds.filter(organisation_id=organisation_id)
    return frozenset(holds.values_list("case_id", flat=True))


def subject_label(info: registry.SubjectInfo) -> str:
    """What a request keeps about the person: ids, never a name (it outlives the erasure)."""
    cases = sorted(info.whole_case_ids | info.shared_case_ids)
    label = f"person #{info.person_id}"
    return f"{label} (case {', '.join(f'#{c}' for c in cases)})"[:120] if cases else label


def _ids(due, wanted: set[int]) -> set[int]:
    """Which of `wanted` are among a record type's due records (a queryset, ids or rows)."""
    if hasattr(due, "filter") and hasattr(due, "values_list"):
        return set(due.filter(pk__in=wanted).values_list("pk", flat=True))
    return {getattr(item, "pk", item) for item in due} & wanted


def erasure_due(info: registry.SubjectInfo, *, now=None) -> bool:
    """Whether the retention rules already let the person's data go: every case of the person
    is due under a rule of a record type whose records are cases (RecordType.subject "case");
    a person without a case is due when a record type of persons ("person", e.g. persons
    without a case) has them due. Without such record types nothing is due, so every
    erasure needs the second approval: the safe side."""
    from apps.privacy.services import rule_for

    now = now or timezone.now()
    cases = set(info.whole_case_ids | info.shared_case_ids)
    wanted = cases or {info.person_id}
    subject = registry.SUBJECT_CASE if cases else registry.SUBJECT_PERSON
    held = held_case_ids(info.organisation_id)
    found: set[int] = set()
    for kind in registry.record_types():
        rule = rule_for(info.organisation_id, kind.code) if kind.subject == subject else None
        if rule is None or not rule.is_active:
            continue
        scope = registry.RetentionScope(organisation_id=info.organisation_id, now=now, months=rule.months,
                                        held_case_ids=held)
        found |= _ids(kind.due(scope), wanted)
    return bool(found) and wanted <= found


def _describe(person_id: int, organisation_id: int) -> registry.SubjectInfo:
    info = registry.subject_finder().describe(person_id)
    if info is None or info.organisation_id != organisation_id:
        raise ValidationError(_("Your organisation has no person with this number."))
    return info


def _refuse_held(info: registry.SubjectInfo) -> None:
    held = held_case_ids(info.organisation_id) & (info.whole_case_ids | info.shared_case_ids)
    if held:
        references = LegalHold.objects.filter(case_id__in=held, lifted_at__isnull=True).values_list(
            "case_reference", flat=True)
        raise ValidationError(_("A case of this person is under a legal hold (%(cases)s). Lift the hold "
                                "before the person can be erased.") % {"cases": ", ".join(sorted(references))})


# --- Requests ----------------------------------------------------------------------------

@transaction.atomic
def erasure_request(*, actor, organisation, person_id: int, mode: str, reason: str) -> ErasureRequest:
    """Ask for the erasure (or anonymisation) of one person of the officer's organisation."""
    ensure_perm(actor, "privacy.erase", organisation.pk)
    if mode not in ErasureRequest.Mode.values:
        raise ValidationError({"mode": _("Choose erase or anonymise.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the erasure (for example the person's request "
                                           "and its date).")})
    info = _describe(person_id, organisation.pk)
    _refuse_held(info)
    if ErasureRequest.objects.filter(person_id=person_id, status__in=OPEN).exists():
        raise ValidationError(_("An erasure of this person is already open."))
    due = erasure_due(info)
    request = ErasureRequest.objects.create(
        organisation=organisation, person_id=person_id, subject_label=subject_label(info), mode=mode,
        reason=reason.strip(), due=due, requested_by=actor, status=R.QUEUED if due else R.AWAITING_APPROVAL)
    record(actor, "erasure_request.created", request, details={"mode": mode, "due": due})
    if due:
        transaction.on_commit(lambda: _enqueue(request.pk, organisation.pk))
    return request


@transaction.atomic
def erasure_approve(*, actor, request: ErasureRequest, version: int | None = None) -> ErasureRequest:
    """The second officer's approval of an erasure that is not yet due (two-person rule)."""
    ensure_perm(actor, "privacy.erase", request.organisation_id)
    if request.status != R.AWAITING_APPROVAL:
        raise ValidationError(_("This request is not waiting for an approval."))
    if actor.pk == request.requested_by_id:
        raise ValidationError(_("Another data protection officer must approve this erasure: you asked for it."))
    _refuse_held(_describe(request.person_id, request.organisation_id))
    claim_version(request, version, status=R.QUEUED, approved_by=actor, approved_at=timezone.now())
    request.refresh_from_db()
    record(actor, "erasure_request.approved", request)
    transaction.on_commit(lambda: _enqueue(request.pk, request.organisation_id))
    return request


@transaction.atomic
def erasure_reject(*, actor, request: ErasureRequest, reason: str, version: int | None = None) -> ErasureRequest:
    """Turn down (or, by the requester, withdraw) a request that waits for its approval."""
    ensure_perm(actor, "privacy.erase", request.organisation_id)
    if request.status != R.AWAITING_APPROVAL:
        raise ValidationError(_("This request is not waiting for an approval."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    claim_version(request, version, status=R.REJECTED)
    request.refresh_from_db()
    request.rejected_reason = reason.strip()
    request.save(update_fields=["rejected_reason"])
    record(actor, "erasure_request.rejected", request)
    return request


def _enqueue(request_id: int, organisation_id: int) -> None:
    from apps.privacy.tasks import run_erasure

    result = run_erasure.enqueue(request_id=request_id, organisation_id=organisation_id)
    ErasureRequest.objects.filter(pk=request_id).update(task_id=result.id)


def erasure_execute(request_id: int) -> str:
    """Carry out a queued request (the job). The erasure, the request's new state and its
    audit entry commit together; on failure nothing of the erasure stays, and the request
    shows a message."""
    if not ErasureRequest.objects.filter(pk=request_id, status=R.QUEUED).update(status=R.RUNNING):
        return "not queued"
    request = ErasureRequest.objects.select_related("requested_by").get(pk=request_id)
    try:
        with transaction.atomic():
            info = _describe(request.person_id, request.organisation_id)
            _refuse_held(info)  # a hold set after the approval still wins
            counts = _erase(info, mode=request.mode, now=timezone.now())
            ErasureRequest.objects.filter(pk=request.pk).update(status=R.DONE, counts=counts,
                                                                executed_at=timezone.now())
            record(request.requested_by, "erasure_request.executed", request, details={
                "mode": request.mode, "counts": counts})
    except ValidationError as error:
        return _failed(request, " ".join(error.messages))
    except Exception:  # noqa: BLE001 - the officer gets a message, the worker's log the traceback
        logger.exception("erasure request %s failed", request.pk)
        return _failed(request, _("The erasure failed; nothing was changed. Start it again, and if it fails again, "
                                  "tell your administrator."))
    return "done"


def _failed(request: ErasureRequest, message: str) -> str:
    with transaction.atomic():
        ErasureRequest.objects.filter(pk=request.pk).update(status=R.FAILED, error=str(message)[:500])
        record(request.requested_by, "erasure_request.failed", request, details={"mode": request.mode})
    return "failed"


# --- Orchestrators -----------------------------------------------------------------------

def _run_sources(context: registry.ErasureContext) -> None:
    for source in registry.subject_sources():
        source.erase(context)


def _erase(info: registry.SubjectInfo, *, mode: str, now) -> dict[str, int]:
    context = registry.ErasureContext(
        person_id=info.person_id, organisation_id=info.organisation_id, mode=mode, names=list(info.names),
        whole_case_ids=set(info.whole_case_ids), shared_case_ids=set(info.shared_case_ids), now=now)
    with transaction.atomic():
        _run_sources(context)
    return context.counts


def erase_person(*, person_id: int, mode: str, now=None) -> dict[str, int]:
    """Erase (ERASE) or anonymise (ANONYMISE) one person across every app, in one transaction:
    wholly the cases of which the person is the only member, on shared cases only the
    person's own records (the others' stay). Returns the counts ("<source>.<record>": n)."""
    info = registry.subject_finder().describe(person_id)
    if info is None:
        raise ValidationError(_("This person no longer exists."))
    return _erase(info, mode=mode, now=now or timezone.now())


def anonymise_case(*, case_id: int, organisation_id: int, now=None, member_ids=None) -> dict[str, int]:
    """A case's retention: anonymise the case and everything the apps hold about it, for
    every member (the sources see whole_case_ids = {case}). Members with other cases keep
    their own rows (ErasureContext.other_case_ids). A case under a legal hold is skipped."""
    return _case(case_id, organisation_id, registry.ANONYMISE, now, member_ids)


def erase_case(*, case_id: int, organisation_id: int, now=None, member_ids=None) -> dict[str, int]:
    """As anonymise_case, deleting instead."""
    return _case(case_id, organisation_id, registry.ERASE, now, member_ids)


def _case(case_id: int, organisation_id: int, mode: str, now, member_ids) -> dict[str, int]:
    if case_id in held_case_ids(organisation_id):
        logger.warning("case %s is under a legal hold: its retention is skipped", case_id)
        return {}
    now = now or timezone.now()
    members = registry.case_members(case_id) if member_ids is None else list(member_ids)
    finder = registry.subject_finder()
    # Described before anything changes: the first member's pass may remove the case.
    infos = {person_id: finder.describe(person_id) for person_id in members}
    counts: dict[str, int] = {}
    with transaction.atomic():
        for person_id, info in infos.items():
            others = (info.whole_case_ids | info.shared_case_ids) - {case_id} if info else set()
            context = registry.ErasureContext(
                person_id=person_id, organisation_id=organisation_id, mode=mode,
                names=list(info.names) if info else [], whole_case_ids={case_id}, shared_case_ids=set(),
                now=now, other_case_ids=set(others))
            _run_sources(context)
            for key, number in context.counts.items():
                counts[key] = counts.get(key, 0) + number
    return counts
