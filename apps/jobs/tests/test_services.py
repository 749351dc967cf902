from datetime import timedelta

import time_machine
from django.core import mail
from django.core.mail import send_mail
from django.db import connection
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.jobs import services, sms
from apps.jobs.models import OutboundMessage
from apps.jobs.services import sending_for
from apps.jobs.testing import queued_tasks, run_jobs

START = timezone.make_aware(timezone.datetime(2026, 5, 4, 9, 0))
DELIVERY = "apps.jobs.tasks.deliver_message"


def queue_mail(capture, to="holder@example.org", organisation_id=None):
    with capture(execute=True), sending_for(organisation_id=organisation_id, purpose="test.notice"):
        send_mail("Your appointment", "Dear Ms Hosseini, see you on Monday.", None, [to])
    return OutboundMessage.objects.latest("pk")


def test_a_mail_waits_in_the_outbox_until_the_worker_delivers_it(db, django_capture_on_commit_callbacks):
    message = queue_mail(django_capture_on_commit_callbacks)
    assert not mail.outbox and message.status == "pending" and message.recipient_hint == "h…@example.org"
    assert queued_tasks(DELIVERY).count() == 1
    assert run_jobs() == 1
    assert [m.to for m in mail.outbox] == [["holder@example.org"]]
    assert mail.outbox[0].body == "Dear Ms Hosseini, see you on Monday."
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1 and message.sent_at is not None
    assert run_jobs() == 0 and len(mail.outbox) == 1  # delivered once


def test_the_stored_message_is_encrypted(db, django_capture_on_commit_callbacks):
    message = queue_mail(django_capture_on_commit_callbacks)
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM jobs_outboundmessage WHERE id = %s", [message.pk])
        raw = cursor.fetchone()[0]
    assert "Hosseini" not in raw and "holder@example.org" not in raw
    assert "Hosseini" in message.payload


def test_a_rolled_back_write_queues_nothing(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                send_mail("S", "B", None, ["x@example.org"])
                raise RuntimeError
        except RuntimeError:
            pass
    assert not OutboundMessage.objects.exists() and not queued_tasks().exists()


def test_a_refusing_smtp_server_is_retried_with_back_off_then_the_message_fails_visibly(
        db, settings, personas, django_capture_on_commit_callbacks):
    settings.JOBS_EMAIL_BACKEND = "apps.jobs.tests.backends.RefusingEmailBackend"
    settings.JOBS_MAX_ATTEMPTS, settings.JOBS_RETRY_SECONDS = 3, 60
    with time_machine.travel(START, tick=False) as clock:
        message = queue_mail(django_capture_on_commit_callbacks)
        assert run_jobs() == 1
        message.refresh_from_db()
        assert message.status == "pending" and message.attempts == 1
        assert message.next_attempt_at == START + timedelta(seconds=60)
        assert "SMTPRecipientsRefused" in message.last_error and "holder@example.org" not in message.last_error
        assert run_jobs() == 0  # not due yet
        clock.shift(timedelta(seconds=61))
        assert run_jobs() == 1
        message.refresh_from_db()
        assert message.attempts == 2 and message.next_attempt_at == START + timedelta(seconds=61 + 120)
        clock.shift(timedelta(seconds=121))
        run_jobs()
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 3 and not mail.outbox
    assert not queued_tasks(DELIVERY).exists()
    assert AuditEntry.objects.filter(action="outbound_message.failed", object_id=str(message.pk)).exists()
    # Nothing is lost: once the server takes mail again, an administrator sends it again.
    settings.JOBS_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message.organisation_id = personas.iom_admin.memberships.get().organisation_id
    message.save(update_fields=["organisation"])
    with django_capture_on_commit_callbacks(execute=True):
        services.message_retry(actor=personas.iom_admin, message=message)
    run_jobs()
    message.refresh_from_db()
    assert message.status == "sent" and [m.to for m in mail.outbox] == [["holder@example.org"]]
    assert AuditEntry.objects.filter(action="outbound_message.retried", actor=personas.iom_admin).exists()


def test_a_gateway_that_is_down_delays_the_sms_and_masks_the_number_in_the_error(
        db, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "apps.jobs.tests.backends.DownSmsBackend"
    with time_machine.travel(START, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            sms.send_sms("+4915123456789", "Your appointment moved")
        run_jobs()
        message = OutboundMessage.objects.get()
        assert message.status == "pending" and "15123456789" not in message.last_error
        assert message.recipient_hint == "…789"
        settings.SMS_BACKEND = "apps.jobs.sms.LoggingSmsBackend"
        clock.shift(timedelta(minutes=2))
        run_jobs()
    assert sms.outbox == [sms.SmsMessage(phone="+4915123456789", text="Your appointment moved")]


def test_recovery_requeues_messages_whose_job_was_lost_or_whose_worker_died(db):
    from apps.jobs.models import OutboundMessage as M

    with time_machine.travel(START, tick=False) as clock:
        lost = M.objects.create(channel="email", payload='{"x": 1}')  # committed, never enqueued
        stuck = M.objects.create(channel="email", payload='{"x": 1}', status="sending", attempts=1,
                                 attempted_at=START, task_id=services.enqueue_delivery(0))
        # The worker died while sending: its job stays "running".
        queued_tasks(DELIVERY).update(status="RUNNING")
        fresh = M.objects.create(channel="email", payload='{"x": 1}')
        assert services.messages_recover() == 0  # too young to be called lost
        clock.shift(timedelta(minutes=16))
        fresh.created_at = timezone.now()
        fresh.save(update_fields=["created_at"])
        assert services.messages_recover() == 2
    stuck.refresh_from_db()
    assert stuck.status == "pending"
    assert sorted(queued_tasks(DELIVERY).values_list("args_kwargs", flat=True), key=str) == sorted(
        [{"args": [lost.pk], "kwargs": {}}, {"args": [stuck.pk], "kwargs": {}}], key=str)
    assert services.messages_recover(now=timezone.now() + timedelta(hours=1)) == 1  # only `fresh`; the others wait


def test_back_off_doubles():
    assert [services.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_the_real_backend_is_opened_with_a_timeout_far_below_the_staleness_window(
        db, settings, django_capture_on_commit_callbacks):
    from apps.jobs.tests.backends import SlowEmailBackend

    settings.JOBS_EMAIL_BACKEND = "apps.jobs.tests.backends.SlowEmailBackend"
    SlowEmailBackend.timeouts = []
    queue_mail(django_capture_on_commit_callbacks)
    run_jobs()
    assert SlowEmailBackend.timeouts == [60] and timedelta(seconds=60) < services.STALE_AFTER / 10
    settings.JOBS_SEND_TIMEOUT = 5
    queue_mail(django_capture_on_commit_callbacks)
    run_jobs()
    assert SlowEmailBackend.timeouts == [60, 5]


def test_a_worker_whose_claim_was_taken_over_does_not_overwrite_the_newer_claim(
        db, settings, django_capture_on_commit_callbacks):
    """Worker 1 hangs past STALE_AFTER; recovery hands the message to worker 2; worker 1's
    late completion leaves worker 2's claim alone, and worker 2 finishes it."""
    from apps.jobs.tests.backends import SlowEmailBackend

    settings.JOBS_EMAIL_BACKEND = "apps.jobs.tests.backends.SlowEmailBackend"
    second = []
    with time_machine.travel(START, tick=False) as clock:
        message = queue_mail(django_capture_on_commit_callbacks)

        def meanwhile():
            clock.shift(services.STALE_AFTER + timedelta(minutes=1))
            services.messages_recover()
            second.append(services.message_claim(message_id=message.pk))

        SlowEmailBackend.meanwhile = meanwhile
        assert services.message_deliver(message_id=message.pk) == "superseded"
        message.refresh_from_db()
        assert message.status == "sending" and message.attempts == 2 and message.sent_at is None
        assert services.message_send_claimed(second[0]) == "sent"
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 2


def test_a_late_failure_of_a_superseded_worker_schedules_no_retry(db, settings, django_capture_on_commit_callbacks):
    settings.JOBS_EMAIL_BACKEND = "apps.jobs.tests.backends.RefusingEmailBackend"
    with time_machine.travel(START, tick=False) as clock:
        message = queue_mail(django_capture_on_commit_callbacks)
        first = services.message_claim(message_id=message.pk)
        clock.shift(services.STALE_AFTER + timedelta(minutes=1))
        services.messages_recover()
        services.message_claim(message_id=message.pk)
        waiting = queued_tasks(DELIVERY).count()
        assert services.message_send_claimed(first) == "superseded"
    message.refresh_from_db()
    assert message.status == "sending" and message.attempts == 2 and not message.last_error
    assert queued_tasks(DELIVERY).count() == waiting


def test_with_sms_switched_off_nothing_is_queued_or_sent(db, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "none"
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sms.send_sms("+4915123456789", "Ihr Termin am 7. Dezember")
    run_jobs()
    assert not OutboundMessage.objects.filter(channel=OutboundMessage.Channel.SMS).exists()
    assert sms.outbox == []


def test_jobs_a_killed_worker_left_running_run_again_after_the_stale_time(db, settings):
    from django_tasks_db.models import DBTaskResult

    from apps.jobs.tasks import expire_exports

    settings.JOB_STALE_AFTER_MINUTES = 60
    with time_machine.travel(START, tick=False) as clock:
        abandoned = _uuid(expire_exports.enqueue().id)
        busy = _uuid(expire_exports.enqueue().id)
        delivery = services.enqueue_delivery(0)
        # A worker took all three and was killed (kill -9): their rows stay "running".
        DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
        clock.shift(timedelta(minutes=30))
        DBTaskResult.objects.filter(id=busy).update(started_at=timezone.now())
        assert services.jobs_recover() == 0  # nobody has run for an hour yet
        clock.shift(timedelta(minutes=31))
        assert services.jobs_recover() == 1
        statuses = dict(DBTaskResult.objects.values_list("id", "status"))
        assert statuses[abandoned] == "READY" and statuses[busy] == "RUNNING"
        assert statuses[_uuid(delivery)] == "RUNNING"  # deliveries: messages_recover knows their messages
        assert run_jobs() == 1
        assert DBTaskResult.objects.get(id=abandoned).status == "SUCCESSFUL"


def _uuid(task_id: str):
    import uuid

    return uuid.UUID(task_id)
