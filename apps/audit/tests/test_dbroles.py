"""On PostgreSQL the application's role (dbroles.py) cannot truncate, change, delete or drop
the audit tables, nor touch their triggers; it can still append and read."""

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from apps.accounts.models import Organisation
from apps.audit.dbroles import app_role_grants, owns_audit_tables
from apps.audit.models import AuditCheckpoint, AuditEntry
from apps.audit.services import record
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TEST_ROLE = "returnnet_test_app"
INSUFFICIENT_PRIVILEGE = "42501"

REFUSED = [
    "TRUNCATE audit_auditentry",
    "TRUNCATE audit_auditcheckpoint",
    "UPDATE audit_auditentry SET action = 'x'",
    "DELETE FROM audit_auditentry",
    "UPDATE audit_auditcheckpoint SET digest = 'x'",
    "DELETE FROM audit_auditcheckpoint",
    "DROP TRIGGER audit_no_update_delete ON audit_auditentry",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_no_update_delete",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
    "ALTER TABLE audit_auditcheckpoint DISABLE TRIGGER audit_no_update_delete",
    "DROP TABLE audit_auditentry",
    "DROP TABLE audit_auditcheckpoint",
    "ALTER TABLE audit_auditentry RENAME TO audit_old",
    "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ "
    "LANGUAGE plpgsql",
    "SELECT setval(pg_get_serial_sequence('audit_auditentry', 'id'), 1)",
]


@pytest.fixture
def as_app_role():
    """The connection acting as the application's role for the rest of the test.

    In the normal PostgreSQL run (as a superuser) a role is created, granted exactly what
    dbroles.py grants, and taken on with SET LOCAL ROLE; all of it rolls back with the
    test. In .ci/run's run under returnnet_app the connection already is that role.
    """
    if connection.vendor != "postgresql":
        pytest.skip("database roles exist on PostgreSQL only")
    record(None, "case.viewed", organisation_id=1)
    if owns_audit_tables(connection):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            owner = cursor.fetchone()[0]
            cursor.execute(f"CREATE ROLE {TEST_ROLE} NOLOGIN")
            for statement in app_role_grants(TEST_ROLE, owner):
                cursor.execute(statement)
            cursor.execute(f"SET LOCAL ROLE {TEST_ROLE}")
    assert not owns_audit_tables(connection)


@pytest.mark.parametrize("statement", REFUSED)
@pytest.mark.usefixtures("as_app_role")
def test_the_application_role_is_refused(statement):
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)

    assert refused.value.__cause__.sqlstate == INSUFFICIENT_PRIVILEGE, refused.value
    assert AuditEntry.objects.count() == 1


@pytest.mark.usefixtures("as_app_role")
def test_the_application_role_appends_reads_and_writes_other_tables():
    record(None, "case.viewed", organisation_id=1)
    organisation = OrganisationFactory(name="Neu", code="NEU")
    Organisation.objects.filter(pk=organisation.pk).update(name="Umbenannt")
    organisation.delete()

    assert AuditEntry.objects.count() == 2
    assert AuditCheckpoint.objects.count() == 0  # SELECT allowed


def test_the_grants_can_be_printed_for_the_guide(settings):
    out = io.StringIO()
    call_command("grant_app_role", "returnnet_app", "--print", stdout=out)

    sql = out.getvalue()
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "returnnet_app";' in sql
    assert ('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_auditentry, audit_auditcheckpoint '
            'FROM "returnnet_app";') in sql
