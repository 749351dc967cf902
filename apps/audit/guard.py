"""Database triggers that refuse UPDATE and DELETE on the audit table.

The application never changes an entry; these triggers make sure nothing else does either
(raw SQL, a shell, a bug). Installed by migration on SQLite and PostgreSQL.
"""

TABLE = "audit_auditentry"

_SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
    f"CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
]
_SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_no_update;", "DROP TRIGGER IF EXISTS audit_no_delete;"]

_POSTGRES = [
    "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;",
    f"CREATE OR REPLACE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();",
]
_POSTGRES_DROP = [f"DROP TRIGGER IF EXISTS audit_no_update_delete ON {TABLE};"]


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection) -> None:
    _run(connection, _POSTGRES if connection.vendor == "postgresql" else _SQLITE)


def uninstall(connection) -> None:
    """Only for test teardown, which must empty every table between browser tests."""
    _run(connection, _POSTGRES_DROP if connection.vendor == "postgresql" else _SQLITE_DROP)
