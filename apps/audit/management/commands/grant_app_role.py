"""Grant the application's database role what it needs, and nothing on the audit tables
beyond SELECT and INSERT. Run as the owner role after every `migrate` (PostgreSQL only)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.audit.dbroles import app_role_grants


class Command(BaseCommand):
    help = "Grant the application's PostgreSQL role table privileges (run as the owner role)."

    def add_arguments(self, parser):
        parser.add_argument("app_role", help="the role the application connects as, e.g. returnnet_app")
        parser.add_argument("--print", action="store_true", help="print the SQL instead of running it")

    def handle(self, *args, app_role, **options):
        if connection.vendor != "postgresql" and not options["print"]:
            raise CommandError("database roles exist on PostgreSQL only")
        owner = connection.settings_dict["USER"] if options["print"] else self._current_user()
        statements = app_role_grants(app_role, owner or "returnnet_owner")
        if options["print"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"granted {app_role} table privileges; audit tables: SELECT and INSERT only")

    def _current_user(self) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            return cursor.fetchone()[0]
