"""Backends that fail the way real ones do (an SMTP server that refuses, a gateway that is down)."""

import smtplib

from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend

from apps.jobs.sms import BaseSmsBackend


class RefusingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        recipient = email_messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({recipient: (450, b"mailbox busy, try again later")})


class DownSmsBackend(BaseSmsBackend):
    def send(self, phone, text):
        raise ConnectionError(f"gateway unreachable while sending to {phone}")


class SlowEmailBackend(locmem.EmailBackend):
    """locmem that remembers the timeout it was opened with, and runs `meanwhile` (once) while
    "sending": what other workers do while this one waits for a slow server."""

    timeouts: list = []
    meanwhile = None

    def __init__(self, *args, timeout=None, **kwargs):
        super().__init__(*args, **kwargs)
        SlowEmailBackend.timeouts.append(timeout)

    def send_messages(self, messages):
        meanwhile, SlowEmailBackend.meanwhile = SlowEmailBackend.meanwhile, None
        if meanwhile:
            meanwhile()
        return super().send_messages(messages)
