"""The PostgreSQL roles of a secure installation (docs/operator-guide.md, .ci/run).

Migrations run as an owner role; the application runs as a role that holds table
privileges only. It is not the owner of anything, so it cannot drop or disable the
append-only triggers, drop the audit tables or replace the trigger function; and on the
audit tables it holds only SELECT and INSERT, so TRUNCATE, UPDATE and DELETE are refused
before any trigger runs.
"""

from apps.audit.guard import TABLES


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def app_role_grants(app_role: str, owner_role: str) -> list[str]:
    """Statements the owner runs after every `migrate` (all idempotent). The default
    privileges cover tables that later migrations create (audit tables excepted: run
    them again after a migration adds one)."""
    app, owner = quote(app_role), quote(owner_role)
    return [
        f"GRANT USAGE ON SCHEMA public TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {', '.join(TABLES)} FROM {app}",
    ]


def owns_audit_tables(connection) -> bool:
    """Whether the connection's role may drop the guard (owner or superuser): tests that
    tamper with the log need it; the application's role must not have it."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(current_user, tableowner, 'USAGE') OR "
            "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
            "FROM pg_tables WHERE tablename = %s", [TABLES[0]],
        )
        return bool(cursor.fetchone()[0])
