"""Logs an operator can ship anywhere: one JSON object per line in production
(`LOG_FORMAT=json`), plain text in development, and never personal data.

- `RequestLogMiddleware` gives every request an id (the proxy's `X-Request-ID` when it is a
  plain token, else a new one), answers with it, and writes one record per request with the
  route name, method, status, duration and user id — never the path (it can carry a token),
  never the query string (search terms are names), never a body, never an e-mail or name.
- `RequestContextFilter` adds the request id (and the user id, once known) to every record
  written while the request runs, whichever logger writes it.
- `PersonalDataFilter` masks what slips through anyway: e-mail addresses, phone numbers,
  query strings, tokens in paths — in the message, its arguments, extra fields and the
  traceback — before any formatter sees the record.

This module is loaded by the logging configuration before the apps are ready: no models.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.utils.functional import empty
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
# The running request, so that a record can name its user once the request has loaded it.
request_var: ContextVar = ContextVar("request", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is taken over only when it is a harmless token: anything else could inject into
# log lines or carry data.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Phone numbers start with + or 0 (E.164 or German national form) and have 7+ digits with
# spaces, slashes, dashes or brackets between; dates (2026-12-05) and ids do not start so.
PHONE = re.compile(r"(?<![\w.-])(?:\+|0)\d[\d ()/-]{5,}\d(?![\w-])")
# The query string of a URL or request line: search terms are names.
QUERY = re.compile(r"\?[^\s\"'<>]*")
# Routes whose next path segment is a secret (appointment manage links in the back office and
# the portal, calendar feeds, enrolment and password links, event registrations), and any long
# random-looking segment. docs/deploy/nginx/returnnet.conf logs none of these paths either.
TOKEN_PATH = re.compile(r"(/(?:appointments/manage|calendars/counsellor|calendars/location|accounts/enrol"
                        r"|accounts/password/set/[^/\s]+|[a-z]{2,3}(?:-latn)?/appointment"
                        r"|[a-z]{2,3}(?:-latn)?/events/registration|[a-z]{2,3}(?:-latn)?/events/register)/)[^/\s?\"']+")
LONG_TOKEN = re.compile(r"(?<=/)[A-Za-z0-9_-]{24,}(?=[/\s\"'?]|$)")

# Fields of our own that are safe as they are (and must stay machine-readable).
SAFE_FIELDS = {"request_id", "user_id", "status", "duration_ms", "route", "method", "organisation_id"}


def mask(text: str) -> str:
    """The text with e-mail addresses, phone numbers, query strings and path tokens masked."""
    text = EMAIL.sub("[email]", text)
    text = QUERY.sub("?[query]", text)
    text = TOKEN_PATH.sub(r"\1[token]", text)
    text = LONG_TOKEN.sub("[token]", text)
    return PHONE.sub("[phone]", text)


_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class PersonalDataFilter(logging.Filter):
    """Masks personal data in a record before it is formatted (attach it to the handlers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the format
            message = str(record.msg)
        record.msg, record.args = mask(message), None
        if record.exc_info:
            # Tracebacks quote values (an IntegrityError names the duplicate e-mail): the text
            # is formatted here, masked, and the formatters use it instead of exc_info.
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        for key, value in list(vars(record).items()):
            if key in _RECORD_ATTRIBUTES or key in SAFE_FIELDS:
                continue
            if isinstance(value, str):
                setattr(record, key, mask(value))
            elif not isinstance(value, int | float | bool | type(None)):
                setattr(record, key, mask(str(value)))
        return True


class RequestContextFilter(logging.Filter):
    """Adds the running request's id and user id to every record (None outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        if getattr(record, "user_id", None) is None:
            request = request_var.get()
            record.user_id = _user_id(request) if request is not None else None
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: time, level, logger, message and the extra fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)


request_logger = logging.getLogger("returnnet.request")


class RequestLogMiddleware:
    """Request id in and out, and one log record per request (see the module's docstring).

    First in the middleware list (after Prometheus' first one), so that its duration covers the
    whole stack and every other middleware's records carry the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if _VALID_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        id_token, request_token = request_id_var.set(request_id), request_var.set(request)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            self._log(request, response.status_code, started)
            return response
        finally:
            request_id_var.reset(id_token)
            request_var.reset(request_token)

    @staticmethod
    def _log(request, status: int, started: float) -> None:
        match = getattr(request, "resolver_match", None)
        request_logger.info(
            "%s %s %s", request.method, match.view_name if match else "-", status,
            extra={"route": match.view_name if match else None, "method": request.method, "status": status,
                   "duration_ms": round((time.monotonic() - started) * 1000, 1),
                   "user_id": _user_id(request)},
        )


def _user_id(request) -> int | None:
    """The signed-in user's id, read only once the request has loaded the user (the access
    check does for every page that is not public; API tokens sign in inside the view): logging
    never costs a query."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty:  # the lazy user was never loaded: not signed in through a session
        return None
    return wrapped.pk if getattr(wrapped, "is_authenticated", False) else None
