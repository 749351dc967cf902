"""Pytest plugin for the suite run under the application's PostgreSQL role (.ci/run).

The test database is created and migrated by the owner role beforehand and reused
(`--reuse-db`), exactly as in production, where the application never runs DDL. Tests
that cannot roll back are skipped here: pytest-django empties the tables after them with
TRUNCATE, and tearing down their audit rows needs the owner (apps/audit/testing.py),
which is precisely what this role must not be able to do. So are the demo-seeding tests
(see _seeds_the_demo). They all run in the other two runs.

Use: `pytest -p apps.audit.pytest_app_role --reuse-db` with DATABASE_URL naming the
application's role.
"""

import pytest

OWNER_ONLY_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences", "append_only_guard_lifted"}
REASON = "needs the owner role (TRUNCATE at teardown); runs in the owner runs"


def _needs_owner(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool(OWNER_ONLY_FIXTURES & set(getattr(item, "fixturenames", ())))


DEMO_REASON = "the demo seeding moves id sequences past explicit ids (setval), which only the owner may"


def _seeds_the_demo(item) -> bool:
    """The demo is loaded by `seed_demo`, a set-up command (refused in production); its
    bulk inserts with explicit ids reset the sequences, and the application's role holds
    USAGE on sequences only (no setval: it must not rewind the audit log's ids)."""
    path = item.path.as_posix()
    return item.path.name == "test_demo.py" or "/apps/demo/tests/" in path


def pytest_collection_modifyitems(config, items):
    skip, skip_demo = pytest.mark.skip(reason=REASON), pytest.mark.skip(reason=DEMO_REASON)
    for item in items:
        if _needs_owner(item):
            item.add_marker(skip)
        elif _seeds_the_demo(item):
            item.add_marker(skip_demo)


def pytest_report_header(config):
    return "database role: the application's (owner-only tests skipped)"
