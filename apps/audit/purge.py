"""Retention of the audit log: deleting whole checkpointed ranges, leaving a signed note.

The log is append-only (triggers, the application role's privileges) and tamper-evident
(signed checkpoints, apps.audit.chain). Old entries still have to go once their retention
period ends. They go only as whole checkpointed ranges of one organisation ("chain"):

- the *anchor* is the newest checkpoint of the chain whose cutoff lies before the limit, so
  every entry it and its predecessors cover is older than the limit;
- every entry of the chain up to the anchor's last id and every checkpoint before the
  anchor are deleted; the anchor stays, so the chain after it still links to a digest;
- a note is appended to the same chain (action ``audit.purged``): anchor, its digest, how
  many entries and checkpoints went, signed with the checkpoint key (HMAC). The verifier
  starts after the anchor of the newest valid note. Without a note, or with a forged one,
  the missing entries are reported as deleted.

Deleting needs the table owner (PostgreSQL: `returnnet_owner`), who may lift the append-only
triggers for the one transaction; the application's role may not, so its retention run only
counts what is due and the owner runs ``manage.py purge_audit_log`` (docs/data-protection.md,
section 4). On SQLite whoever may write the file is the owner: the retention run purges.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from django.db import connection, transaction

from apps.audit import guard
from apps.audit.chain import keys
from apps.audit.models import AuditCheckpoint, AuditEntry

ACTION = "audit.purged"


@dataclass(frozen=True)
class Purge:
    chain: int
    anchor: AuditCheckpoint
    entries: int
    checkpoints: int


def _signed(fields: dict, key: bytes) -> str:
    data = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, b"returnnet.audit.purge\n" + data, hashlib.sha256).hexdigest()


def _note_fields(chain: int, anchor: AuditCheckpoint) -> dict:
    return {"chain": chain, "anchor": anchor.pk, "anchor_last_id": anchor.last_id, "anchor_digest": anchor.digest}


def floor_of(chain: int) -> AuditCheckpoint | None:
    """The anchor of the newest valid purge note of the chain: the verifier starts after it.
    A note whose signature or anchor does not check out is ignored (so what it claims to have
    purged shows as deleted)."""
    entries = AuditEntry.objects.filter(action=ACTION)
    entries = entries.filter(organisation_id=chain) if chain else entries.filter(organisation_id__isnull=True)
    for details in entries.order_by("-id").values_list("details", flat=True):
        fields = {name: details.get(name) for name in ("chain", "anchor", "anchor_last_id", "anchor_digest")}
        if fields["chain"] != chain or not any(
                hmac.compare_digest(_signed(fields, key), str(details.get("mac", ""))) for key in keys()):
            continue
        anchor = AuditCheckpoint.objects.filter(pk=fields["anchor"], chain=chain).defer("entry_hashes").first()
        if anchor and anchor.last_id == fields["anchor_last_id"] and anchor.digest == fields["anchor_digest"]:
            return anchor
    return None


def anchor_for(chain: int, before) -> AuditCheckpoint | None:
    """The newest checkpoint of the chain that covers only entries older than `before`, if it
    lies beyond the current floor (else nothing is due)."""
    anchor = (AuditCheckpoint.objects.filter(chain=chain, cutoff__lte=before).order_by("-last_id")
              .defer("entry_hashes").first())
    floor = floor_of(chain)
    if anchor is None or (floor is not None and anchor.last_id <= floor.last_id):
        return None
    return anchor


def entries_due(chain: int, before):
    """The entries a purge up to `before` would delete (a queryset, for counting)."""
    anchor = anchor_for(chain, before)
    if anchor is None:
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.filter(organisation_id=chain) if chain else AuditEntry.objects.filter(
        organisation_id__isnull=True)
    return entries.filter(id__lte=anchor.last_id)


def may_purge() -> bool:
    from apps.audit.dbroles import owns_audit_tables

    return owns_audit_tables(connection)


def purge_through(anchor: AuditCheckpoint, *, actor=None) -> Purge:
    """Delete the chain's entries up to the anchor and the checkpoints before it, and append
    the signed note, in one transaction with the triggers lifted only inside it."""
    chain = anchor.chain
    where_chain = "organisation_id = %s" if chain else "organisation_id IS NULL"
    chain_params = [chain] if chain else []
    with transaction.atomic():
        guard.uninstall(connection)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {guard.TABLE} WHERE {where_chain} AND id <= %s",  # noqa: S608 (constants)
                           [*chain_params, anchor.last_id])
            entries = cursor.rowcount
            cursor.execute(f"DELETE FROM {guard.CHECKPOINT_TABLE} WHERE chain = %s AND last_id < %s",  # noqa: S608
                           [chain, anchor.last_id])
            checkpoints = cursor.rowcount
        guard.install(connection)
        fields = _note_fields(chain, anchor)
        from apps.audit.services import record

        record(actor, ACTION, organisation_id=chain or None,
               details={**fields, "entries": entries, "checkpoints": checkpoints,
                        "cutoff": anchor.cutoff.isoformat(), "mac": _signed(fields, keys()[0])})
    return Purge(chain, anchor, entries, checkpoints)


def purge_before(chain: int, before, *, actor=None) -> Purge | None:
    anchor = anchor_for(chain, before)
    return purge_through(anchor, actor=actor) if anchor else None
