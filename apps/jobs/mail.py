"""E-mail through the outbox. settings.EMAIL_BACKEND is QueuedEmailBackend: Django's
send_mail(), password-reset mails and every other sender store the message in the outbox
instead of talking to a server; the delivery job sends it through JOBS_EMAIL_BACKEND."""

import base64
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from apps.jobs.models import OutboundMessage
        from apps.jobs.services import message_queue

        queued = 0
        for message in email_messages:
            attachments = [_stored_attachment(attachment) for attachment in message.attachments]
            recipients = message.recipients()
            if not recipients:
                continue
            message_queue(channel=OutboundMessage.Channel.EMAIL, recipient=recipients[0], payload={
                "subject": str(message.subject), "body": str(message.body), "from_email": message.from_email,
                "to": list(message.to), "cc": list(message.cc), "bcc": list(message.bcc),
                "reply_to": list(message.reply_to), "headers": dict(message.extra_headers),
                "alternatives": [[str(content), mimetype]
                                 for content, mimetype in getattr(message, "alternatives", [])],
                "attachments": attachments,
            })
            queued += 1
        return queued


# Attachments travel in the (encrypted) payload: meant for small files such as calendar
# entries, not documents (those stay behind audited download links).
ATTACHMENT_MAX_BYTES = 256 * 1024


def _stored_attachment(attachment) -> list:
    """[filename, base64 content, mimetype] of one attachment (bytes or text)."""
    if isinstance(attachment, MIMEBase):
        raise ValueError("the outbox takes attachments as (filename, content, mimetype), not MIME parts")
    filename, content, mimetype = attachment
    data = content.encode() if isinstance(content, str) else bytes(content)
    if len(data) > ATTACHMENT_MAX_BYTES:
        raise ValueError(f"attachment {filename!r} is larger than the outbox takes ({ATTACHMENT_MAX_BYTES} bytes)")
    return [filename, base64.b64encode(data).decode("ascii"), mimetype or "application/octet-stream"]


def deliver(payload: dict) -> None:
    """Send one stored message now through the configured real backend; errors propagate."""
    message = EmailMultiAlternatives(
        subject=payload["subject"], body=payload["body"], from_email=payload["from_email"], to=payload["to"],
        cc=payload["cc"], bcc=payload["bcc"], reply_to=payload["reply_to"], headers=payload["headers"])
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in payload.get("attachments", []):
        message.attach(filename, base64.b64decode(content), mimetype)
    # A hung server must not outlive the outbox's staleness window (services.STALE_AFTER):
    # recovery would hand the message to another worker and it would go out twice.
    timeout = getattr(settings, "JOBS_SEND_TIMEOUT", 60)
    get_connection(settings.JOBS_EMAIL_BACKEND, fail_silently=False, timeout=timeout).send_messages([message])
