"""Remind clients of tomorrow's appointments by e-mail and SMS now (the outbox delivers them);
running it twice sends nothing new. The scheduler (`manage.py enqueue_due_jobs`) does this
daily as a job; this command is for running it by hand."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.appointments.notices import send_reminders


class Command(BaseCommand):
    help = "Send reminders for tomorrow's appointments (idempotent)."

    def handle(self, *args, **options):
        sent = send_reminders(timezone.localdate() + timedelta(days=1))
        self.stdout.write(f"{sent} reminder(s) sent")
