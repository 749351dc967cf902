from datetime import timedelta

import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from apps.appointments import services as appointment_services
from apps.appointments.tests.factories import make_day, make_location
from apps.jobs.models import ScheduledRun
from apps.jobs.schedule import enqueue_due
from apps.jobs.testing import queued_tasks, run_jobs

REMINDERS = "apps.appointments.tasks.send_reminders_for"
MONDAY_EVENING = timezone.make_aware(timezone.datetime(2026, 5, 4, 18, 0))


def test_the_scheduler_enqueues_each_periodic_job_once_per_period(db):
    with time_machine.travel(MONDAY_EVENING, tick=False) as clock:
        assert "appointment_reminders:2026-05-04" in enqueue_due()
        assert enqueue_due() == []  # again the same day: nothing new
        call_command("enqueue_due_jobs", verbosity=0)
        assert queued_tasks(REMINDERS).count() == 1
        assert queued_tasks(REMINDERS).get().args_kwargs["kwargs"] == {"day": "2026-05-05"}
        clock.shift(timedelta(hours=7))  # after midnight: the next day's run
        assert "appointment_reminders:2026-05-05" in enqueue_due()
    assert ScheduledRun.objects.filter(name="appointment_reminders").count() == 2


def test_the_scheduler_signs_the_audit_log_every_five_minutes(personas, orgs):
    from apps.audit.models import AuditCheckpoint
    from apps.audit.services import record

    with time_machine.travel(MONDAY_EVENING, tick=False) as clock:
        record(personas.counsellor, "case.viewed", organisation_id=orgs.iom.pk)
        clock.shift(timedelta(minutes=10))  # past the grace period of open transactions
        assert "audit_checkpoints:2026-05-04T18:10:00+02:00" in enqueue_due()
        clock.shift(timedelta(minutes=3))
        assert not any(run.startswith("audit_checkpoints") for run in enqueue_due())  # same five minutes
        run_jobs()
    assert AuditCheckpoint.objects.filter(chain=orgs.iom.pk).exists()
    call_command("verify_audit_chain", verbosity=0)


def test_the_daily_job_reminds_tomorrows_bookings_through_the_outbox(personas, orgs):
    with time_machine.travel(MONDAY_EVENING, tick=False):
        location = make_location(orgs.iom)
        tomorrow = make_day(location, personas.team_lead, on=timezone.localdate() + timedelta(days=1))
        appointment_services.appointment_book_public(slot=tomorrow.slots.first(), pseudonym="A",
                                                     phone="015123456789", language="en", consent=True,
                                                     email="holder@example.org")
        enqueue_due()
        assert not mail.outbox
        run_jobs()  # the reminder job queues the messages, their delivery jobs send them
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["holder@example.org"], "Reminder: your counselling appointment tomorrow")]
