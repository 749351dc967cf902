"""Writes of the duplicate review: runs (a background job), decisions on pairs, merge and undo.

Each decision runs in one transaction, audited. A merge moves every row of the merged
person to the survivor (apps.duplicates.merge), sets `merged_into` and writes the audit entry
"person.merged" whose details are exactly what `merge_undo` needs to put everything back.
"""

import logging
from datetime import timedelta
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import ensure_perm
from apps.audit.models import AuditEntry
from apps.audit.services import record
from apps.clients.models import Person
from apps.clients.selectors import batch_pairs
from apps.clients.services import rebuild_household_tokens
from apps.duplicates import merge
from apps.duplicates.models import DuplicatePair, ReviewRun

logger = logging.getLogger(__name__)

PERMISSION = "person.merge"
CHUNK = 500
RUN_STALE_SECONDS = 3600


# --- Review runs -------------------------------------------------------------------------

def run_request(*, actor, organisation, threshold: int = 90, created_since=None) -> ReviewRun:
    """Queue a search for duplicate pairs in the organisation (all persons, or those created
    since a date, e.g. after an import). Refused while another run of it is waiting or running."""
    from apps.duplicates.tasks import find_duplicates

    ensure_perm(actor, PERMISSION, organisation.pk)
    stale = timezone.now() - timedelta(seconds=RUN_STALE_SECONDS)
    with transaction.atomic():
        # The organisation's row serialises two requests arriving at once.
        type(organisation).objects.select_for_update().filter(pk=organisation.pk).order_by().first()
        busy = ReviewRun.objects.filter(organisation=organisation, requested_at__gt=stale,
                                        state__in=[ReviewRun.State.QUEUED, ReviewRun.State.RUNNING])
        if busy.exists():
            raise ValidationError(_("A duplicate review of this organisation is already waiting or running."))
        run = ReviewRun.objects.create(organisation=organisation, requested_by=actor, threshold=threshold,
                                       created_since=created_since)
        record(actor, "duplicate_review.requested", run,
               details={"threshold": threshold, "created_since": str(created_since or "")})
        run_id, organisation_id = run.pk, organisation.pk
        transaction.on_commit(lambda: find_duplicates.enqueue(run_id=run_id, organisation_id=organisation_id))
    return run


def pairs_store(run: ReviewRun, scores) -> int:
    """Store one chunk of PairScores; a pair decided before (merged, not a duplicate) stays
    decided, an open one gets the new score. Returns the number of new pairs."""
    keys = [(s.a_id, s.b_id) for s in scores]
    ids = {i for key in keys for i in key}
    versions = dict(Person.objects.filter(pk__in=ids).values_list("pk", "version"))
    existing = {(p.person_a_id, p.person_b_id): p for p in DuplicatePair.objects.filter(
        person_a_id__in={a for a, _b in keys}, person_b_id__in={b for _a, b in keys})}
    new, update = [], []
    for s in scores:
        if s.a_id not in versions or s.b_id not in versions:
            continue
        values = {"score": s.score, "reasons": list(s.reasons), "name_similarity": s.name_similarity,
                  "version_a": versions[s.a_id], "version_b": versions[s.b_id], "run": run}
        pair = existing.get((s.a_id, s.b_id))
        if pair is None:
            new.append(DuplicatePair(organisation_id=run.organisation_id, person_a_id=s.a_id, person_b_id=s.b_id,
                                     **values))
        elif pair.state in (DuplicatePair.State.OPEN, DuplicatePair.State.LATER):
            for key, value in values.items():
                setattr(pair, key, value)
            update.append(pair)
    with transaction.atomic():
        DuplicatePair.objects.bulk_create(new, ignore_conflicts=True)
        DuplicatePair.objects.bulk_update(update, ["score", "reasons", "name_similarity", "version_a", "version_b",
                                                   "run"])
    return len(new)


def run_execute(*, run_id: int) -> str:
    """The job behind run_request. Runs outside a transaction: every chunk of pairs and every
    progress update commits on its own, so the page shows them while it runs."""
    if not ReviewRun.objects.filter(pk=run_id, state=ReviewRun.State.QUEUED).update(
            state=ReviewRun.State.RUNNING, started_at=timezone.now(), progress=1):
        return "skipped"
    run = ReviewRun.objects.get(pk=run_id)
    persons = Person.objects.filter(organisation_id=run.organisation_id, merged_into__isnull=True,
                                    anonymised_at__isnull=True)
    person_ids = None
    if run.created_since:
        person_ids = list(persons.filter(created_at__date__gte=run.created_since).values_list("pk", flat=True))
    checked = len(person_ids) if person_ids is not None else persons.count()
    found = new = 0
    try:
        pairs = iter(batch_pairs(run.organisation_id, threshold=run.threshold, person_ids=person_ids))
        while chunk := list(islice(pairs, CHUNK)):
            new += pairs_store(run, chunk)
            found += len(chunk)
            ReviewRun.objects.filter(pk=run_id).update(pairs_found=found, pairs_new=new,
                                                       progress=min(95, 5 + found // CHUNK))
    except Exception:
        ReviewRun.objects.filter(pk=run_id).update(state=ReviewRun.State.FAILED, finished_at=timezone.now(),
                                                   error=_("The search stopped with an error."))
        raise
    ReviewRun.objects.filter(pk=run_id).update(state=ReviewRun.State.DONE, progress=100, persons_checked=checked,
                                               pairs_found=found, pairs_new=new, finished_at=timezone.now())
    record(run.requested_by, "duplicate_review.finished", run,
           details={"persons": checked, "pairs": found, "new": new})
    return ReviewRun.State.DONE


# --- Decisions ---------------------------------------------------------------------------

def _locked_pair(actor, pair: DuplicatePair, states) -> DuplicatePair:
    ensure_perm(actor, PERMISSION, pair.organisation_id)
    locked = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if locked.state not in states:
        raise ValidationError(_("This pair has already been decided by someone else. Reload the page."))
    return locked


@transaction.atomic
def pair_decide(*, actor, pair: DuplicatePair, decision: str) -> DuplicatePair:
    """Not a duplicate (dismissed: not proposed again) or later (stays in the queue, at its end)."""
    if decision not in (DuplicatePair.State.DISMISSED, DuplicatePair.State.LATER):
        raise ValidationError(_("Choose a decision."))
    pair = _locked_pair(actor, pair, (DuplicatePair.State.OPEN, DuplicatePair.State.LATER))
    pair.state, pair.reviewed_by, pair.reviewed_at = decision, actor, timezone.now()
    pair.save(update_fields=["state", "reviewed_by", "reviewed_at"])
    record(actor, f"duplicate_pair.{'dismissed' if decision == DuplicatePair.State.DISMISSED else 'deferred'}",
           pair, details={"persons": [pair.person_a_id, pair.person_b_id]})
    return pair


def _lock_persons(*ids) -> dict[int, Person]:
    persons = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    if len(persons) != len(set(ids)):
        raise ValidationError(_("One of the two persons no longer exists."))
    return persons


@transaction.atomic
def pair_merge(*, actor, pair: DuplicatePair, survivor_id: int, versions: dict[int, int]) -> DuplicatePair:
    """Merge the pair's other person into `survivor_id`. `versions` are the persons' versions
    the page showed: a person changed, merged or anonymised since is refused, nothing done."""
    pair = _locked_pair(actor, pair, (DuplicatePair.State.OPEN, DuplicatePair.State.LATER))
    if survivor_id not in (pair.person_a_id, pair.person_b_id):
        raise ValidationError(_("Choose which record is kept."))
    persons = _lock_persons(pair.person_a_id, pair.person_b_id)
    survivor, merged = persons[survivor_id], persons[pair.other(survivor_id)]
    for person in (survivor, merged):
        if person.merged_into_id or person.anonymised_at:
            raise ValidationError(_("One of the two persons has been merged or anonymised meanwhile."))
        if versions.get(person.pk) != person.version:
            raise ValidationError(_("One of the two persons has been changed since the page was loaded. "
                                    "Check the comparison again."))
    done = merge.move_all(merged=merged, survivor=survivor)
    Person.objects.filter(pk=merged.pk).update(merged_into=survivor, version=F("version") + 1,
                                               updated_at=timezone.now())
    Person.objects.filter(pk=survivor.pk).update(version=F("version") + 1, updated_at=timezone.now())
    rebuild_household_tokens(done["households"])
    entry = record(actor, "person.merged", survivor, person_id=survivor.pk,
                   details={"survivor": survivor.pk, "merged": merged.pk, "pair": pair.pk, **done})
    pair.state, pair.survivor_id, pair.merge_entry_id = DuplicatePair.State.MERGED, survivor.pk, entry.pk
    pair.reviewed_by, pair.reviewed_at, pair.unmerged_at = actor, timezone.now(), None
    pair.save(update_fields=["state", "survivor", "merge_entry_id", "reviewed_by", "reviewed_at", "unmerged_at"])
    return pair


@transaction.atomic
def merge_undo(*, actor, pair: DuplicatePair) -> DuplicatePair:
    """Undo the pair's merge from its audit entry: every moved row back, every removed row
    recreated, `merged_into` cleared. Refused (nothing done) when the records changed since
    in a way that makes the old state unreachable."""
    pair = _locked_pair(actor, pair, (DuplicatePair.State.MERGED,))
    entry = AuditEntry.objects.filter(pk=pair.merge_entry_id, action="person.merged").first()
    if entry is None:
        raise ValidationError(_("The record of this merge is gone (audit retention); it cannot be undone."))
    details = entry.details
    survivor_id, merged_id = details["survivor"], details["merged"]
    persons = _lock_persons(survivor_id, merged_id)
    if persons[merged_id].merged_into_id != survivor_id or persons[merged_id].anonymised_at:
        raise ValidationError(_("The merged record has been changed since; the merge cannot be undone."))
    if persons[survivor_id].merged_into_id:
        raise ValidationError(_("The kept record has been merged into another one since. Undo that merge first."))
    households = merge.undo(details=details, merged_id=merged_id, survivor_id=survivor_id)
    Person.objects.filter(pk=merged_id).update(merged_into=None, version=F("version") + 1, updated_at=timezone.now())
    Person.objects.filter(pk=survivor_id).update(version=F("version") + 1, updated_at=timezone.now())
    rebuild_household_tokens(households)
    record(actor, "person.unmerged", persons[survivor_id], person_id=survivor_id,
           details={"survivor": survivor_id, "merged": merged_id, "pair": pair.pk, "merge_entry": entry.pk})
    pair.state, pair.unmerged_at = DuplicatePair.State.OPEN, timezone.now()
    pair.reviewed_by, pair.reviewed_at = actor, timezone.now()
    # The persons changed with the undo: the page shows them afresh before a new decision.
    pair.version_a, pair.version_b = persons[pair.person_a_id].version + 1, persons[pair.person_b_id].version + 1
    pair.save(update_fields=["state", "unmerged_at", "reviewed_by", "reviewed_at", "version_a", "version_b"])
    return pair

