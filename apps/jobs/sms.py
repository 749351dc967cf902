"""Short messages: an interface with exchangeable backends (like Django's mail), behind the outbox.

send_sms() only queues: the message is stored (encrypted) and a background job delivers it
through settings.SMS_BACKEND, with retries. The default backend logs each message (the
number masked to its last three digits) and keeps it in `outbox` for tests, as locmem mail
does. A real gateway implements `send(phone, text)`, raising on failure, and is named there.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "apps.jobs.sms.LoggingSmsBackend"

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


def sms_enabled() -> bool:
    """False with SMS_BACKEND=none: an installation without an SMS gateway (notices go by
    e-mail only, where the person gave an address)."""
    return getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND).strip().lower() not in {"", "none"}


def send_sms(phone: str, text: str) -> None:
    """Queue a short message (in the caller's transaction; delivered after the commit)."""
    from apps.jobs.models import OutboundMessage
    from apps.jobs.services import message_queue

    if phone and not sms_enabled():
        logger.info("SMS switched off (SMS_BACKEND=none): nothing sent to %s", masked(phone))
        return
    if phone:
        message_queue(channel=OutboundMessage.Channel.SMS, recipient=phone, payload={"phone": phone, "text": text})


def deliver(phone: str, text: str) -> None:
    """Send now through the configured gateway; errors propagate (the job retries)."""
    get_backend().send(phone, text)
