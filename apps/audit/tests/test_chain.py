"""Signed checkpoints make a changed, deleted or back-dated audit entry detectable."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from apps.audit.chain import create_checkpoint, create_checkpoints, verify_chain, verify_chains
from apps.audit.models import AuditCheckpoint, AuditEntry
from apps.audit.services import record
from apps.audit.testing import guard_lifted, require_owner
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
IOM, DIAKONIE = 1, 2


@pytest.fixture(autouse=True)
def organisations():
    """The checkpoint job walks the organisations (and 0 for entries without one)."""
    for pk in (IOM, DIAKONIE):
        OrganisationFactory(id=pk, code=f"CHAIN{pk}")


def write(at: datetime, organisation_id: int | None = IOM, **details) -> AuditEntry:
    with time_machine.travel(at, tick=False):
        return record(None, "case.viewed", organisation_id=organisation_id, case_id=7, details=details)


def checkpoint(at: datetime) -> list[AuditCheckpoint]:
    with time_machine.travel(at, tick=False):
        return create_checkpoints()


def tamper(sql: str, params: list) -> None:
    """What only the tables' owner can do (the application's role cannot: test_dbroles)."""
    require_owner(connection)
    with guard_lifted(connection), connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit_chain", stdout=out, stderr=err)
    except CommandError as error:
        return "failed", err.getvalue() + str(error)
    return "ok", out.getvalue()


@pytest.fixture
def log():
    """Entries of two organisations and of none, every minute for ten minutes, and a
    checkpoint twenty minutes later."""
    entries = [write(T0 + timedelta(minutes=minute), organisation_id=org)
               for minute in range(10) for org in (IOM, DIAKONIE, None)]
    checkpoint(T0 + timedelta(minutes=20))
    return entries


def test_an_untouched_log_verifies(log):
    write(T0 + timedelta(minutes=25))  # not yet covered: fine

    assert verify() == ("ok", "audit log verified: every checkpoint matches, no back-dated entry\n")


def test_one_checkpoint_per_organisation_covers_its_entries(log):
    checkpoints = {c.chain: c for c in AuditCheckpoint.objects.all()}

    assert set(checkpoints) == {0, IOM, DIAKONIE}
    assert checkpoints[IOM].entry_count == 10
    assert [entry_id for entry_id, _hash in checkpoints[IOM].entry_hashes] == [
        e.pk for e in log if e.organisation_id == IOM]


def test_entries_younger_than_the_grace_period_wait_for_the_next_checkpoint(settings):
    settings.AUDIT_CHECKPOINT_GRACE = timedelta(minutes=5)
    old, young = write(T0), write(T0 + timedelta(minutes=8))

    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        first = create_checkpoint(IOM)
    with time_machine.travel(T0 + timedelta(minutes=20), tick=False):
        second = create_checkpoint(IOM)
        assert create_checkpoint(IOM) is None  # nothing new

    assert (first.first_id, first.last_id) == (old.pk, old.pk)
    assert (second.first_id, second.last_id, second.previous_digest) == (young.pk, young.pk, first.digest)
    assert verify_chain(IOM) == []


def test_a_changed_entry_is_named(log):
    victim = log[12]  # IOM, minute 4
    tamper("UPDATE audit_auditentry SET actor_email = %s WHERE id = %s", ["someone@else.test", victim.pk])

    status, output = verify()

    assert status == "failed"
    assert f"organisation {IOM}: first broken entry #{victim.pk}: changed" in output
    assert [p.kind for p in verify_chain(IOM)] == ["changed"]
    assert verify_chain(DIAKONIE) == []


def test_a_deleted_entry_is_named(log):
    victim = log[4]  # DIAKONIE, minute 1
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])

    status, output = verify()

    assert status == "failed"
    assert f"organisation {DIAKONIE}: first broken entry #{victim.pk}: deleted" in output


def test_a_back_dated_entry_after_a_checkpoint_is_named(log):
    # INSERT is what the application's role may do: a new row that claims an old time.
    forged = write(T0 + timedelta(minutes=3), note="forged")

    status, output = verify()

    assert status == "failed"
    assert f"organisation {IOM}: first broken entry #{forged.pk}: back-dated" in output
    # Covering it by a later checkpoint does not hide it.
    checkpoint(T0 + timedelta(hours=1))
    assert [(p.entry_id, p.kind) for p in verify_chain(IOM)] == [(forged.pk, "back-dated")]


def test_a_back_dated_entry_is_named_before_any_checkpoint():
    write(T0 + timedelta(hours=2))
    forged = write(T0)

    assert [(p.entry_id, p.kind) for p in verify_chain(IOM)] == [(forged.pk, "back-dated")]


def test_back_dating_an_existing_entry_is_named(log):
    victim = log[15]
    tamper("UPDATE audit_auditentry SET at = %s WHERE id = %s", [T0 - timedelta(days=30), victim.pk])

    kinds = {(p.entry_id, p.kind) for p in verify_chain(IOM)}

    assert (victim.pk, "changed") in kinds and (victim.pk, "back-dated") in kinds


def test_entries_a_little_out_of_order_are_not_back_dating(settings):
    settings.AUDIT_CLOCK_TOLERANCE = timedelta(seconds=60)
    write(T0 + timedelta(seconds=30))
    write(T0)  # two workers: the id and the clock disagree by seconds

    assert verify_chain(IOM) == []


def test_a_removed_checkpoint_is_detected(log):
    checkpoint(T0 + timedelta(hours=1))  # nothing new: no second checkpoint
    write(T0 + timedelta(hours=1))
    checkpoint(T0 + timedelta(hours=2))
    first = AuditCheckpoint.objects.filter(chain=IOM).order_by("last_id").first()
    tamper("DELETE FROM audit_auditcheckpoint WHERE id = %s", [first.pk])

    problems = verify_chain(IOM)

    assert problems[0].kind == "checkpoint"
    assert "does not follow its predecessor" in problems[0].detail


def test_checkpoints_under_an_unknown_key_fail_and_a_rotated_key_still_verifies(log, settings):
    settings.AUDIT_CHECKPOINT_KEYS = ["another key"]
    assert {p.kind for p in verify_chain(IOM)} == {"checkpoint"}

    settings.AUDIT_CHECKPOINT_KEYS = []
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a new secret key"
    assert verify_chains() == {}


def test_entries_of_an_organisation_without_a_row_are_still_verified():
    write(T0 + timedelta(hours=2), organisation_id=99)
    forged = write(T0, organisation_id=99)

    assert [(p.entry_id, p.kind) for p in verify_chains()[99]] == [(forged.pk, "back-dated")]


def test_two_jobs_at_once_write_one_checkpoint(log):
    write(T0 + timedelta(hours=1))
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        first = create_checkpoint(IOM)
        # The second job computed the same successor; the unique constraint refuses it.
        duplicate = AuditCheckpoint(chain=IOM, first_id=first.first_id, last_id=first.last_id, entry_count=1,
                                    cutoff=first.cutoff, previous_digest=first.previous_digest, digest="x")
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()


def test_checkpoints_are_append_only(log):
    checkpoint_row = AuditCheckpoint.objects.first()
    with pytest.raises(PermissionError):
        checkpoint_row.save()
    with pytest.raises(PermissionError):
        AuditCheckpoint.objects.all().delete()


def test_the_checkpoint_command_prints_the_digests():
    write(T0)
    out = io.StringIO()
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        call_command("audit_checkpoint", stdout=out)
        call_command("audit_checkpoint", stdout=out)

    lines = out.getvalue().splitlines()
    digest = AuditCheckpoint.objects.get().digest
    assert lines == [f"organisation {IOM}: checkpoint {AuditCheckpoint.objects.get().pk} covers entries "
                     f"{AuditEntry.objects.get().pk}-{AuditEntry.objects.get().pk} (1), digest {digest}",
                     "no new audit entries to cover"]
