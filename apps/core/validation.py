"""The one set of rules for text and dates typed by people, used by the API schemas
(`apps.api.schemas.common`) and by every web form (`apps.core.forms`).

Why: a lone surrogate cannot be encoded (the database write fails), PostgreSQL refuses NUL,
control characters break the spreadsheet and PDF exports, a year-1 time cannot be converted
to UTC, and an unbounded free text gets encrypted and stored whatever its size. Each of
these must be a 422 / a form error with a translated message, never a server error.
"""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Lengths by kind of text; a model field with a smaller max_length keeps its own.
SHORT_TEXT_MAX = 200  # names, titles, places, references: one line
LONG_TEXT_MAX = 20_000  # summaries, notes, descriptions: about ten pages
SEARCH_MAX = 200  # a search term
PASSWORD_MAX = 4096  # only hashed, never stored: long enough for any password manager

# The first and last day a date typed into ReturnNet may name (birth dates included).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

# NUL and the other C0 controls except tab, line feed and carriage return; lone UTF-16
# surrogates; the Unicode non-characters (U+FDD0..U+FDEF and the last two of every plane).
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)

MESSAGES = {
    "characters": _("This text contains characters that cannot be stored (control characters or invalid "
                    "Unicode)."),
    "too_long": _("This text is too long: at most %(limit)d characters (it has %(length)d)."),
    "date_range": _("Enter a date between %(earliest)s and %(latest)s."),
    "request": _("This request contains characters that cannot be processed."),
    "bidi": _("This text contains invisible characters that change the direction of the text (bidirectional "
              "controls). Please type it again without them."),
}

# The bidirectional embedding, override and isolate controls (U+202A..U+202E, U+2066..U+2069):
# in a name or reference they can make a line show something else than it holds ("Trojan
# Source"), e.g. a reversed file number. Refused in one-line texts. Allowed on purpose: the
# zero-width non-joiner and joiner (U+200C, U+200D; Persian and Pashto spelling needs them)
# and the direction marks U+200E, U+200F, U+061C: keyboards for right-to-left languages type
# them, and a mark only sets the direction of the characters next to it without opening an
# embedding that could reorder the rest of the line.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
BIDI_CONTROLS = "\\u202a-\\u202e\\u2066-\\u2069"  # as escapes, for the API's documented pattern


def forbidden_characters(value: str) -> bool:
    """Whether the text holds a character ReturnNet refuses to store."""
    return _FORBIDDEN.search(value) is not None


def check_characters(value: str) -> str:
    if forbidden_characters(value):
        raise ValidationError(MESSAGES["characters"], code="characters")
    return value


def check_bidi_controls(value: str) -> str:
    """A one-line text must hold no bidirectional control (see _BIDI_CONTROLS)."""
    if _BIDI_CONTROLS.search(value):
        raise ValidationError(MESSAGES["bidi"], code="bidi")
    return value


def check_length(value: str, limit: int) -> str:
    if len(value) > limit:
        raise ValidationError(MESSAGES["too_long"], code="too_long",
                              params={"limit": limit, "length": len(value)})
    return value


# Word and Excel paste a manual line break as U+000B (vertical tab) and a page break as
# U+000C: in a free text they become a line feed, in a one-line text a space, instead of
# being refused as control characters.
_PASTED_BREAKS = re.compile("[\x0b\x0c]")


def normalise_breaks(value: str, *, multiline: bool) -> str:
    return _PASTED_BREAKS.sub("\n" if multiline else " ", value)


def clean_text(value: str, limit: int = LONG_TEXT_MAX) -> str:
    """The text without surrounding white space, if it holds only storable characters and
    is at most `limit` characters long; else ValidationError. Pasted breaks become line
    feeds in a long text, spaces in a one-line one (up to SHORT_TEXT_MAX), which must hold no
    bidirectional control either."""
    one_line = limit <= SHORT_TEXT_MAX
    value = normalise_breaks(value, multiline=not one_line).strip()
    check_characters(value)
    if one_line:
        check_bidi_controls(value)
    return check_length(value, limit)


def check_date(value: date | datetime) -> date | datetime:
    """The date (or the day of the time) lies between EARLIEST_DATE and LATEST_DATE."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(MESSAGES["date_range"], code="date_range",
                              params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()})
    return value


def message(error: ValidationError) -> str:
    """The translated text of a ValidationError raised above (for pydantic's ValueError)."""
    return " ".join(error.messages)


class RefuseUnstorableInputMiddleware:
    """A 400 for a page request whose path or query holds a character refused above, or
    whose form data holds NUL: views pass search terms and filters straight to the database,
    and PostgreSQL fails on NUL. Form fields refuse the other characters themselves, with a
    message beside the field. The API validates its input itself (422); only an API path
    with such a character is answered here, as an unknown resource (404)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponseBadRequest, JsonResponse

        if request.path.startswith("/api/"):
            if forbidden_characters(request.path):
                return JsonResponse({"detail": "Not found."}, status=404)
            return self.get_response(request)
        bad_address = forbidden_characters(request.path) or _any_in(request.GET, forbidden_characters)
        if bad_address or (request.method == "POST" and _any_in(request.POST, lambda text: "\x00" in text)):
            # A view may answer for itself (the public portal, in the visitor's language):
            # `checks_form_characters` = its forms refuse such POST data beside the field, with
            # the input kept; `refuse_unstorable_input(request)` = its own refusal page.
            view = _view_of(request)
            if not bad_address and getattr(view, "checks_form_characters", False):
                return self.get_response(request)
            refuse = getattr(view, "refuse_unstorable_input", None)
            if refuse is not None:
                return refuse(request)
            return HttpResponseBadRequest(str(MESSAGES["request"]), content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _view_of(request):
    """The view the path leads to (URL patterns only: nothing is read from the database)."""
    from django.urls import Resolver404, resolve

    try:
        return resolve(request.path_info).func
    except (Resolver404, ValueError):
        return None


def _any_in(query_dict, test) -> bool:
    return any(test(key) or any(test(value) for value in values) for key, values in query_dict.lists())
