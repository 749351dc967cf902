"""The fixture for transactional tests: the guard holds during the test, the flush works after it.

The tests run in the order written (pytest-django keeps the order among transactional
tests): the second one checks what the first one's teardown left behind. They flush only the
audit table (available_apps), so the rows data migrations wrote (roles, topics) stay for the
transactional tests that come after them.
"""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from apps.audit.models import AuditEntry
from apps.audit.services import record
from apps.audit.testing import (
    append_only_guard_lifted,  # noqa: F401 (the fixture)
    lift_append_only_guard,
)

TRIGGERS = {
    "postgresql": (
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditentry'::regclass AND NOT tgisinternal",
        {"audit_no_update_delete"},
    ),
    "sqlite": (
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditentry'",
        {"audit_no_update", "audit_no_delete"},
    ),
}


def installed_triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(TRIGGERS[connection.vendor][0])
        return {name for (name,) in cursor.fetchall()}


transactional = pytest.mark.django_db(transaction=True, available_apps=["apps.audit"])


@pytest.fixture
def expected_triggers():
    """The triggers that migration audit.0002 installs (guard.py)."""
    return TRIGGERS[connection.vendor][1]


@transactional
@pytest.mark.usefixtures("append_only_guard_lifted")
def test_a_transactional_test_writes_entries_under_the_guard():
    first = record(None, "case.viewed", organisation_id=1, case_id=7)
    record(None, "case.viewed", organisation_id=1, case_id=8)

    assert AuditEntry.objects.count() == 2
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [first.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [first.pk])
    # Teardown flushes every table; an error there would fail this test.


@transactional
def test_after_it_the_tables_were_flushed_and_the_guard_is_back(expected_triggers):
    assert AuditEntry.objects.count() == 0
    assert installed_triggers() == expected_triggers
    entry = record(None, "case.viewed", organisation_id=1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
    lift_append_only_guard(connection)  # this test does not use the fixture; clean up as it would


@transactional
def test_lifting_the_guard_lets_the_flush_run_and_keeps_the_guard(expected_triggers):
    record(None, "case.viewed", organisation_id=1)

    lift_append_only_guard(connection)
    call_command("flush", interactive=False, verbosity=0)

    assert AuditEntry.objects.count() == 0
    assert installed_triggers() == expected_triggers
