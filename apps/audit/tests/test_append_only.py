"""Audit entries are append-only: the ORM refuses changes, and so does the database."""

import pytest
from django.db import DatabaseError, connection, transaction

from apps.audit import guard
from apps.audit.models import AuditEntry
from apps.audit.services import record
from apps.audit.testing import require_owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return record(None, "case.viewed", organisation_id=1, case_id=7, details={"n": 1})


def test_saving_an_existing_entry_is_refused(entry):
    entry.action = "case.updated"
    with pytest.raises(PermissionError):
        entry.save()


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(PermissionError):
        entry.delete()


def test_queryset_update_is_refused(entry):
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="case.updated")


def test_queryset_delete_is_refused(entry):
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_bulk_update_is_refused(entry):
    entry.action = "case.updated"
    with pytest.raises(PermissionError):
        AuditEntry.objects.bulk_update([entry], ["action"])


def test_raw_sql_update_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["case.updated", entry.pk])

    assert AuditEntry.objects.get(pk=entry.pk).action == "case.viewed"


def test_raw_sql_delete_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_every_entry_with_raw_sql_is_refused(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")

    assert AuditEntry.objects.count() == 1


def test_the_orm_bypassing_the_guarded_queryset_still_hits_the_trigger(entry):
    """_base_manager is a plain manager without the append-only queryset."""
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry._base_manager.filter(pk=entry.pk).update(action="case.updated")

    assert AuditEntry.objects.get(pk=entry.pk).action == "case.viewed"


def test_installing_the_guard_again_changes_nothing(entry):
    require_owner(connection)
    guard.install(connection)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])


def test_new_entries_can_still_be_appended(entry):
    record(None, "case.viewed", organisation_id=1)

    assert AuditEntry.objects.count() == 2
