"""Attachments through the outbox: stored (encrypted, in the payload) with the message and
delivered byte for byte; too large ones are refused rather than dropped."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection
from django.test import TestCase

from apps.jobs.mail import ATTACHMENT_MAX_BYTES
from apps.jobs.models import OutboundMessage
from apps.jobs.testing import run_jobs


@pytest.mark.django_db
def test_text_and_binary_attachments_arrive_unchanged():
    message = EmailMessage("Termin", "Siehe Anhang", to=["a@example.org"])
    message.attach("event.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.attach("blob.bin", bytes(range(256)), "application/octet-stream")
    with TestCase.captureOnCommitCallbacks(execute=True):
        message.send()
    stored = OutboundMessage.objects.get()
    assert stored.status == OutboundMessage.Status.PENDING
    with connection.cursor() as cursor:  # the stored row is ciphertext, attachment included
        cursor.execute("SELECT payload FROM jobs_outboundmessage WHERE id = %s", [stored.pk])
        assert "VCALENDAR" not in cursor.fetchone()[0]
    run_jobs()
    [sent] = mail.outbox
    assert sent.attachments[0] == ("event.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    assert sent.attachments[1][1] == bytes(range(256))


@pytest.mark.django_db
def test_a_too_large_attachment_is_refused():
    message = EmailMessage("Gross", "x", to=["a@example.org"])
    message.attach("big.bin", b"x" * (ATTACHMENT_MAX_BYTES + 1), "application/octet-stream")
    with pytest.raises(ValueError, match="larger"):
        message.send()
    assert not OutboundMessage.objects.exists()
