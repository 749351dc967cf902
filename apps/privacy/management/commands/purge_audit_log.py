"""Delete the audit entries whose retention period has ended (run as the database owner).

The application's database role may not delete audit entries (docs/operator-guide.md,
section 3), so the daily retention run only counts them on PostgreSQL. The owner role runs
this command (e.g. monthly, at a quiet hour: it locks the audit table for the transaction).
It uses each organisation's rule for "audit.entries" (its own, else the default) and deletes
whole checkpointed ranges only, leaving a signed note (apps.audit.purge), so that
`verify_audit_chain` still verifies what remains.
"""

from dateutil.relativedelta import relativedelta
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.audit import purge
from apps.privacy.services import rule_for

CODE = "audit.entries"


class Command(BaseCommand):
    help = "Delete audit entries past their retention period, as whole checkpointed ranges (owner role)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", type=int, help="only this organisation's log (id)")
        parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")

    def handle(self, *args, organisation=None, dry_run=False, **options):
        if not dry_run and not purge.may_purge():
            raise CommandError("this database role may not delete audit entries: run the command as the owner role")
        organisations = Organisation.objects.order_by("pk")
        if organisation is not None:
            organisations = organisations.filter(pk=organisation)
        now = timezone.now()
        for org in organisations:
            rule = rule_for(org.pk, CODE)
            if rule is None or not rule.is_active:
                self.stdout.write(f"organisation {org.pk}: no active rule for {CODE}")
                continue
            before = now - relativedelta(months=rule.months)
            due = purge.entries_due(org.pk, before).count()
            if dry_run or not due:
                self.stdout.write(f"organisation {org.pk}: {due} entries older than {rule.months} months are due")
                continue
            self._purge(org.pk, before)
        default = rule_for(None, CODE)
        if organisation is None and default is not None and default.is_active:
            # Entries without an organisation (e.g. failed sign-ins with an unknown address).
            before = now - relativedelta(months=default.months)
            due = purge.entries_due(0, before).count()
            if dry_run or not due:
                self.stdout.write(f"without organisation: {due} entries older than {default.months} months are due")
            else:
                self._purge(0, before)

    def _purge(self, chain: int, before) -> None:
        done = purge.purge_before(chain, before)
        self.stdout.write(
            f"organisation {chain}: deleted {done.entries} entries and {done.checkpoints} checkpoints "
            f"through checkpoint {done.anchor.pk} (digest {done.anchor.digest})")
