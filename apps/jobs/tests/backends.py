"""Backends that fail the way real ones do (an SMTP server that refuses, a gateway that is down)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

from apps.jobs.sms import BaseSmsBackend


class RefusingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        recipient = email_messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({recipient: (450, b"mailbox busy, try again later")})


class DownSmsBackend(BaseSmsBackend):
    def send(self, phone, text):
        raise ConnectionError(f"gateway unreachable while sending to {phone}")
