"""Enqueue the periodic jobs that are due (idempotent), put back outbox messages a crashed
worker left behind and jobs a killed worker left "running". Run every minute or so: systemd
timer in production, `make run` locally."""

from django.core.management.base import BaseCommand

from apps.jobs.schedule import enqueue_due
from apps.jobs.services import jobs_recover, messages_recover


class Command(BaseCommand):
    help = "Enqueue due periodic jobs (once per period) and recover stuck outbox messages."

    def handle(self, *args, **options):
        enqueued = enqueue_due()
        recovered = messages_recover()
        requeued = jobs_recover()
        if options["verbosity"] >= 1:
            self.stdout.write(f"enqueued: {', '.join(enqueued) or 'nothing'}; messages re-queued: {recovered}; "
                              f"abandoned jobs re-queued: {requeued}")
