"""Tamper evidence for the audit log: signed periodic checkpoints per organisation.

Writers are not serialised and pay nothing: record() stays one INSERT. A periodic job
(`manage.py audit_checkpoint`) computes, per organisation ("chain"), an HMAC over the
previous checkpoint's digest and every entry written since, in id order, and stores it as
an AuditCheckpoint (append-only like the entries). `manage.py verify_audit_chain`
recomputes the digests and names the first broken entry per organisation:

- changed, deleted or inserted entries inside a checkpoint's range break its digest; the
  per-entry hashes stored with the checkpoint tell which entry and how;
- a removed or altered checkpoint breaks the link to its successor;
- a back-dated entry (a new row with an old time) has a time earlier than the cutoff of
  the checkpoint before it, or earlier than the entries before it (ids grow with time).

Entries younger than AUDIT_CHECKPOINT_GRACE are left for the next run, so that a
transaction still open when the job runs (its entries not yet visible) is not mistaken
for an insertion later. The HMAC key (AUDIT_CHECKPOINT_KEYS, else derived from
SECRET_KEY) is not in the database: whoever holds only the database cannot forge a
checkpoint.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from apps.audit.models import AuditCheckpoint, AuditEntry

FIELDS = ("id", "at", "actor_id", "actor_email", "organisation_id", "action", "object_type", "object_id",
          "object_label", "case_id", "person_id", "ip", "details")
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Problem:
    entry_id: int
    kind: str  # changed | deleted | inserted | back-dated | checkpoint
    detail: str

    def __str__(self):
        return f"entry #{self.entry_id}: {self.kind} ({self.detail})"


def keys() -> list[bytes]:
    """Newest first: new checkpoints use the first, verification accepts any."""
    configured = [key.encode() for key in settings.AUDIT_CHECKPOINT_KEYS]
    if configured:
        return configured
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [hmac.new(secret.encode(), b"returnnet.audit.checkpoint", hashlib.sha256).digest() for secret in secrets]


def canonical(row: dict) -> bytes:
    """One entry as bytes: every column, time in UTC, details with sorted keys."""
    values = {**row, "at": row["at"].astimezone(UTC).isoformat()}
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def entry_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def entries_of(chain: int) -> QuerySet:
    entries = AuditEntry.objects.filter(organisation_id=chain) if chain else AuditEntry.objects.filter(
        organisation_id__isnull=True)
    return entries.order_by("id")


def chains() -> list[int]:
    """Every chain that can have entries: each organisation, 0, and any chain checkpointed
    before (cheap: no scan of the log, which a periodic job must not do)."""
    from apps.accounts.models import Organisation

    organisations = Organisation.objects.order_by().values_list("id", flat=True)
    checkpointed = AuditCheckpoint.objects.order_by().values_list("chain", flat=True).distinct()
    return sorted({0, *organisations, *checkpointed})


def chains_in_log() -> list[int]:
    """Every chain the entries name (a full scan; verification reads everything anyway)."""
    ids = AuditEntry.objects.order_by().values_list("organisation_id", flat=True).distinct()
    return sorted({organisation_id or 0 for organisation_id in ids})


def _mac(previous_digest: str, key: bytes):
    return hmac.new(key, previous_digest.encode(), hashlib.sha256)


def create_checkpoint(chain: int, *, now=None) -> AuditCheckpoint | None:
    """The next checkpoint of one chain, or None when no entry is due (or another job
    wrote the same checkpoint at the same moment)."""
    cutoff = (now or timezone.now()) - settings.AUDIT_CHECKPOINT_GRACE
    last = AuditCheckpoint.objects.filter(chain=chain).order_by("-last_id").defer("entry_hashes").first()
    start = last.last_id if last else 0
    upper = entries_of(chain).filter(id__gt=start, at__lt=cutoff).aggregate(upper=Max("id"))["upper"]
    if upper is None:
        return None
    previous = last.digest if last else ""
    mac = _mac(previous, keys()[0])
    hashes = []
    for row in entries_of(chain).filter(id__gt=start, id__lte=upper).values(*FIELDS).iterator(CHUNK_SIZE):
        data = canonical(row)
        mac.update(data + b"\n")
        hashes.append([row["id"], entry_hash(data)])
    try:
        with transaction.atomic():
            return AuditCheckpoint.objects.create(
                chain=chain, first_id=hashes[0][0], last_id=upper, entry_count=len(hashes), cutoff=cutoff,
                previous_digest=previous, digest=mac.hexdigest(), entry_hashes=hashes,
            )
    except IntegrityError:
        return None


def create_checkpoints(*, now=None) -> list[AuditCheckpoint]:
    return [checkpoint for chain in chains() if (checkpoint := create_checkpoint(chain, now=now))]


class _Verifier:
    """One pass over a chain's entries in id order, checkpoint by checkpoint."""

    def __init__(self, chain: int, floor: AuditCheckpoint | None = None):
        # After a purge (apps.audit.purge) the chain starts after the anchor of its signed note.
        self.floor_id = floor.last_id if floor else 0
        # The per-entry hashes are read only for a checkpoint that fails (_diagnose).
        self.checkpoints = list(AuditCheckpoint.objects.filter(chain=chain, last_id__gt=self.floor_id)
                                .order_by("last_id").defer("entry_hashes"))
        self.keys = keys()
        self.tolerance = settings.AUDIT_CLOCK_TOLERANCE
        self.problems: list[Problem] = []
        self.index = 0
        self.previous: AuditCheckpoint | None = floor
        self.latest_at = None
        self._open_range()

    def _open_range(self):
        checkpoint = self.current
        self.macs = [_mac(checkpoint.previous_digest, key) for key in self.keys] if checkpoint else []
        self.seen: list[tuple[int, str]] = []

    @property
    def current(self) -> AuditCheckpoint | None:
        return self.checkpoints[self.index] if self.index < len(self.checkpoints) else None

    def add(self, row: dict) -> None:
        if row["id"] <= self.floor_id:
            self.problems.append(Problem(row["id"], "inserted", "lies in a range that was purged"))
            return
        while self.current and row["id"] > self.current.last_id:
            self._close_range()
        if self.current:  # entries after the last checkpoint are only checked for back-dating
            data = canonical(row)
            for mac in self.macs:
                mac.update(data + b"\n")
            self.seen.append((row["id"], entry_hash(data)))
        self._check_time(row)

    def _check_time(self, row: dict) -> None:
        at = row["at"]
        if self.previous and at < self.previous.cutoff:
            self.problems.append(Problem(row["id"], "back-dated", (
                f"time {at.isoformat()} lies before the cutoff of checkpoint {self.previous.pk}, "
                "which does not cover it")))
        elif self.latest_at and at < self.latest_at - self.tolerance:
            self.problems.append(Problem(row["id"], "back-dated", (
                f"time {at.isoformat()} lies before {self.latest_at.isoformat()} of an earlier entry")))
        if self.latest_at is None or at > self.latest_at:
            self.latest_at = at

    def _close_range(self) -> None:
        checkpoint = self.current
        expected_previous = self.previous.digest if self.previous else ""
        if checkpoint.previous_digest != expected_previous:
            self.problems.append(Problem(checkpoint.first_id, "checkpoint", (
                f"checkpoint {checkpoint.pk} does not follow its predecessor: a checkpoint was removed or altered")))
        elif not any(hmac.compare_digest(mac.hexdigest(), checkpoint.digest) for mac in self.macs):
            self.problems.append(self._diagnose(checkpoint))
        self.previous = checkpoint
        self.index += 1
        self._open_range()

    def _diagnose(self, checkpoint: AuditCheckpoint) -> Problem:
        """Which entry broke the digest, from the per-entry hashes the checkpoint stored."""
        stored = AuditCheckpoint.objects.filter(pk=checkpoint.pk).values_list("entry_hashes", flat=True).get()
        expected = dict(map(tuple, stored))
        actual = dict(self.seen)
        for entry_id in sorted(expected.keys() | actual.keys()):
            if entry_id not in actual:
                return Problem(entry_id, "deleted", f"covered by checkpoint {checkpoint.pk}, now missing")
            if entry_id not in expected:
                return Problem(entry_id, "inserted", f"not among the entries of checkpoint {checkpoint.pk}")
            if actual[entry_id] != expected[entry_id]:
                return Problem(entry_id, "changed", f"differs from what checkpoint {checkpoint.pk} covered")
        return Problem(checkpoint.first_id, "checkpoint", (
            f"checkpoint {checkpoint.pk} was altered or signed with a key that is not configured"))

    def finish(self) -> list[Problem]:
        while self.current:
            self._close_range()
        return sorted(self.problems, key=lambda problem: problem.entry_id)


def verify_chain(chain: int) -> list[Problem]:
    """Every problem found in one organisation's log, the first broken entry first."""
    from apps.audit.purge import floor_of

    verifier = _Verifier(chain, floor_of(chain))
    for row in entries_of(chain).values(*FIELDS).iterator(CHUNK_SIZE):
        verifier.add(row)
    return verifier.finish()


def verify_chains() -> dict[int, list[Problem]]:
    """Problems per organisation (0: entries without organisation), only where there are any."""
    results = {chain: verify_chain(chain) for chain in sorted(set(chains()) | set(chains_in_log()))}
    return {chain: problems for chain, problems in results.items() if problems}
