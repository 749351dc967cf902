"""Database triggers that refuse UPDATE and DELETE on the audit tables.

The application never changes an entry or a checkpoint; these triggers make sure nothing
else does either (raw SQL, a shell, a bug). Installed by migration on SQLite and
PostgreSQL. They do not stop the tables' owner (who may drop them) or TRUNCATE: the
application's database role must therefore not own the tables (dbroles.py).
"""

TABLE = "audit_auditentry"
CHECKPOINT_TABLE = "audit_auditcheckpoint"
TABLES = (TABLE, CHECKPOINT_TABLE)
# SQLite names triggers per database, PostgreSQL per table.
_SQLITE_PREFIX = {TABLE: "audit", CHECKPOINT_TABLE: "audit_checkpoint"}


def _sqlite(table: str) -> list[str]:
    prefix = _SQLITE_PREFIX[table]
    return [
        f"CREATE TRIGGER IF NOT EXISTS {prefix}_no_update BEFORE UPDATE ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
        f"CREATE TRIGGER IF NOT EXISTS {prefix}_no_delete BEFORE DELETE ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
    ]


def _sqlite_drop(table: str) -> list[str]:
    prefix = _SQLITE_PREFIX[table]
    return [f"DROP TRIGGER IF EXISTS {prefix}_no_update;", f"DROP TRIGGER IF EXISTS {prefix}_no_delete;"]


def _postgres(table: str) -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;",
        f"CREATE OR REPLACE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();",
    ]


def _postgres_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS audit_no_update_delete ON {table};"]


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection, tables=TABLES) -> None:
    build = _postgres if connection.vendor == "postgresql" else _sqlite
    _run(connection, [statement for table in tables for statement in build(table)])


def uninstall(connection, tables=TABLES) -> None:
    """Only for test teardown, which must empty every table between browser tests."""
    build = _postgres_drop if connection.vendor == "postgresql" else _sqlite_drop
    _run(connection, [statement for table in tables for statement in build(table)])
