"""Short messages for appointment notices: the interface lives in apps.jobs.sms (the outbox
delivers every SMS through settings.SMS_BACKEND with retries); re-exported here for the
callers and backends that import it from appointments."""

from apps.jobs.sms import BaseSmsBackend, LoggingSmsBackend, SmsMessage, masked, outbox, send_sms

__all__ = ["BaseSmsBackend", "LoggingSmsBackend", "SmsMessage", "masked", "outbox", "send_sms"]
