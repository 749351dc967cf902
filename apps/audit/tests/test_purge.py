"""Retention of the audit log: whole checkpointed ranges go, a signed note stays, and the
log still verifies (apps.audit.purge, apps.audit.privacy)."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from apps.audit import privacy, purge
from apps.audit.chain import create_checkpoints, verify_chain
from apps.audit.models import AuditCheckpoint, AuditEntry
from apps.audit.services import record
from apps.audit.testing import guard_lifted, require_owner
from apps.privacy.registry import RetentionScope
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2023, 3, 2, 9, 0, tzinfo=UTC)
IOM, DIAKONIE = 1, 2


@pytest.fixture(autouse=True)
def organisations():
    for pk in (IOM, DIAKONIE):
        OrganisationFactory(id=pk, code=f"PURGE{pk}")


def write(at, organisation_id=IOM):
    with time_machine.travel(at, tick=False):
        return record(None, "case.viewed", organisation_id=organisation_id, case_id=7)


def checkpoint(at):
    with time_machine.travel(at, tick=False):
        return create_checkpoints()


@pytest.fixture
def log():
    """Two checkpointed months of two organisations, and a recent uncovered entry."""
    for month in (0, 1):
        for minute in range(3):
            for org in (IOM, DIAKONIE):
                write(T0 + timedelta(days=30 * month, minutes=minute), org)
        checkpoint(T0 + timedelta(days=30 * month, hours=1))
    write(T0 + timedelta(days=370))


def scope(months, now):
    return RetentionScope(organisation_id=IOM, now=now, months=months, held_case_ids=frozenset())


def test_only_whole_checkpointed_ranges_older_than_the_period_are_due(log):
    now = T0 + timedelta(days=20 + 365)  # 12 months back: only the first month's range
    due = privacy.entries_due(scope(12, now))

    assert due.count() == 3
    assert set(due.values_list("organisation_id", flat=True)) == {IOM}
    assert privacy.entries_due(scope(24, now)).count() == 0


def test_a_purge_deletes_the_range_leaves_a_signed_note_and_the_log_still_verifies(log):
    require_owner(connection)
    now = T0 + timedelta(days=20 + 365)
    first = AuditCheckpoint.objects.filter(chain=IOM).order_by("last_id").first()

    with time_machine.travel(now, tick=False):
        assert privacy.entries_apply(privacy.entries_due(scope(12, now)), "delete") == 3

    assert not AuditEntry.objects.filter(organisation_id=IOM, id__lte=first.last_id).exists()
    assert AuditEntry.objects.filter(organisation_id=DIAKONIE).count() == 6  # another chain untouched
    note = AuditEntry.objects.get(action=purge.ACTION)
    assert note.organisation_id == IOM and note.details["entries"] == 3 and note.details["anchor"] == first.pk
    assert AuditCheckpoint.objects.filter(pk=first.pk).exists()  # the anchor stays
    assert verify_chain(IOM) == []
    checkpoint(now + timedelta(hours=1))  # the note is covered by the next checkpoint
    assert verify_chain(IOM) == []
    assert privacy.entries_due(scope(12, now)).count() == 0  # nothing due twice


def test_without_a_valid_note_the_purged_entries_show_as_deleted(log):
    require_owner(connection)
    now = T0 + timedelta(days=20 + 365)
    with time_machine.travel(now, tick=False):
        purge.purge_before(IOM, now - timedelta(days=365))
    note = AuditEntry.objects.get(action=purge.ACTION)
    with guard_lifted(connection), connection.cursor() as cursor:  # forge the signature
        cursor.execute("UPDATE audit_auditentry SET details = %s WHERE id = %s",
                       [f'{{"chain": 1, "anchor": {note.details["anchor"]}, "mac": "forged"}}', note.pk])

    problems = verify_chain(IOM)
    assert problems and problems[0].kind == "deleted"


def test_the_command_counts_in_a_dry_run_and_refuses_nothing_when_nothing_is_due(log):
    out = io.StringIO()
    with time_machine.travel(T0 + timedelta(days=30), tick=False):
        call_command("purge_audit_log", "--dry-run", stdout=out)
    assert "organisation 1: 0 entries older than 36 months are due" in out.getvalue()


def test_the_command_refuses_a_role_that_may_not_delete(log, monkeypatch):
    monkeypatch.setattr(purge, "may_purge", lambda: False)
    with pytest.raises(CommandError, match="owner role"):
        call_command("purge_audit_log", stdout=io.StringIO())
