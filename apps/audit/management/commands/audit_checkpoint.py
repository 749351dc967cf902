"""Write the next signed checkpoint of every organisation's audit log (periodic job).

Run it every few minutes (systemd timer or the job scheduler). Each line it prints names a
checkpoint's digest: kept in the journal, outside the database, they also reveal a
checkpoint that was later removed together with the entries it covered.
"""

from django.core.management.base import BaseCommand

from apps.audit.chain import create_checkpoints


class Command(BaseCommand):
    help = "Write signed checkpoints over the audit entries written since the last ones."

    def handle(self, *args, **options):
        checkpoints = create_checkpoints()
        for checkpoint in checkpoints:
            self.stdout.write(
                f"organisation {checkpoint.chain}: checkpoint {checkpoint.pk} covers entries "
                f"{checkpoint.first_id}-{checkpoint.last_id} ({checkpoint.entry_count}), digest {checkpoint.digest}"
            )
        if not checkpoints:
            self.stdout.write("no new audit entries to cover")
