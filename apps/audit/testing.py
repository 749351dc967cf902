"""Pytest fixtures for tests that cannot roll back (browser and live-server tests).

Use: `from apps.audit.testing import append_only_guard_lifted  # noqa: F401` in the test
module and `@pytest.mark.usefixtures("append_only_guard_lifted")` on the test (or list
this module in `pytest_plugins` of the root conftest).
"""

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from apps.audit import guard


def lift_append_only_guard(connection) -> None:
    """Empty the audit table and put the append-only guard straight back.

    The triggers are dropped only for the one DELETE this function runs, so the guard is
    never left off for the tests that follow.
    """
    guard.uninstall(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry")  # guard.TABLE
    finally:
        guard.install(connection)


@pytest.fixture
def append_only_guard_lifted(transactional_db):
    """Let a transactional test write audit entries although its database is flushed afterwards.

    A transactional test (`transaction=True`, `live_server`, browser tests) commits for
    real, and pytest-django then empties every table with Django's `flush`. On SQLite that
    is a DELETE, which the append-only triggers refuse (audit entries are append-only), so
    the teardown would fail. (PostgreSQL's TRUNCATE fires no row triggers, but the fixture
    behaves the same there.)

    Setup installs the guard (idempotent), so the test runs with the same protection as
    production: a raw UPDATE or DELETE of an entry is still refused. Teardown runs before
    the flush (this fixture depends on `transactional_db`, so it is torn down first):
    it lifts the guard, empties the audit table and reinstalls the guard. The flush then has
    no audit row left to delete, and later tests still find the guard in place.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    guard.install(connection)
    yield
    lift_append_only_guard(connection)
