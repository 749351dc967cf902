"""Sending short messages: an interface with exchangeable backends (like Django's mail).

settings.SMS_BACKEND names the backend class; the default logs each message (the number
masked to its last three digits) and keeps it in `outbox` for tests, as locmem mail does.
A real gateway implements `send(phone, text)` and is configured there.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "apps.appointments.sms.LoggingSmsBackend"

# Messages "sent" by the logging backend, newest last (cleared by tests).
outbox: list["SmsMessage"] = []


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


class BaseSmsBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


def masked(phone: str) -> str:
    return "…" + phone[-3:] if phone else ""


class LoggingSmsBackend(BaseSmsBackend):
    """Sends nothing: logs that a message went to a masked number and keeps it in `outbox`."""

    def send(self, phone: str, text: str) -> None:
        outbox.append(SmsMessage(phone=phone, text=text))
        logger.info("SMS to %s (%d characters)", masked(phone), len(text))


def get_backend() -> BaseSmsBackend:
    return import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()


def send_sms(phone: str, text: str) -> None:
    if phone:
        get_backend().send(phone, text)
