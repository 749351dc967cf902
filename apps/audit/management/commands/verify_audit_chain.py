"""Check the audit log against its checkpoints; exit non-zero on the first sign of tampering.

Names, per organisation, the first broken entry: changed, deleted or inserted inside a
checkpointed range, back-dated, or a checkpoint removed or altered.
"""

from django.core.management.base import BaseCommand, CommandError

from apps.audit.chain import verify_chains


class Command(BaseCommand):
    help = "Verify the audit log against its signed checkpoints."

    def handle(self, *args, **options):
        broken = verify_chains()
        for chain, problems in broken.items():
            more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
            self.stderr.write(f"organisation {chain}: first broken {problems[0]}{more}")
        if broken:
            raise CommandError(f"the audit log of {len(broken)} organisation(s) fails verification")
        self.stdout.write("audit log verified: every checkpoint matches, no back-dated entry")
