"""Pytest fixtures for tests that cannot roll back (browser and live-server tests).

Use: `from apps.audit.testing import append_only_guard_lifted  # noqa: F401` in the test
module and `@pytest.mark.usefixtures("append_only_guard_lifted")` on the test (or list
this module in `pytest_plugins` of the root conftest).
"""

from contextlib import contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from apps.audit import guard


def lift_append_only_guard(connection) -> None:
    """Empty the audit tables and put the append-only guard straight back.

    The triggers are dropped only for the one DELETE this function runs, so the guard is
    never left off for the tests that follow.
    """
    guard.uninstall(connection)
    try:
        with connection.cursor() as cursor:
            for table in guard.TABLES:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (constant names)
    finally:
        guard.install(connection)


def require_owner(connection) -> None:
    """Skip a test that needs the audit tables' owner when run as the application's role
    (.ci/run's third run), which by design may not touch the guard."""
    from apps.audit.dbroles import owns_audit_tables

    if not owns_audit_tables(connection):
        pytest.skip("needs the owner of the audit tables")


@contextmanager
def guard_lifted(connection):
    """Tamper with the log in a test (change, delete, back-date): the guard is off only
    inside the block. Needs the tables' owner, as a real attacker would."""
    guard.uninstall(connection)
    try:
        yield
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
