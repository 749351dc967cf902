"""Bot and abuse protection of the portal's forms, without third-party services and without
cookies (the issue: no cookie before a form is used, and none of a captcha provider).

- PortalForm: every portal form carries a signed, time-based challenge (when the form was
  issued; too fast means a script, too old means a stale page) and a honeypot field that
  people never see but form-filling scripts do. A refusal keeps every typed value.
- protected_post(scope): a POST must come from a page of this site (Origin, else Referer;
  Django's CSRF cookie is not used, see docs/operator-guide.md "Portal protection"), and
  each client address may send only so many per window (the shared cache).
- phone_limit_reached / phone_used: each phone number may be used only so many times a day;
  address_limit_reached / address_used: likewise each client address for bookings.
- A challenge opens one submission: the view spends it (claim_challenge) just before its
  write, so a correction after an error still goes through, but a replay of a sent form does
  not. Its salt names the form's target (the slot, the appointment), so a challenge of one
  slot's page does not open another's.
"""

import hashlib
import secrets
import time
from functools import wraps
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from apps.audit.context import address_of
from apps.core.forms import Form

# A person needs longer than this to fill a portal form; settings.PORTAL_MIN_FILL_SECONDS overrides.
MIN_FILL_SECONDS = 3
# A form left open longer than this is issued anew (its challenge expired).
MAX_FORM_AGE = 2 * 60 * 60
# POSTs per client address and scope and window (seconds); settings.PORTAL_POST_RATE and
# PORTAL_POST_RATES = {scope: (limit, window)} override. Generous: an AfA or a town hall
# puts many people behind one address.
POST_RATE = (30, 600)
# Accepted submissions per phone number, scope and day; settings.PORTAL_PHONE_RATE overrides.
PHONE_RATE = (3, 24 * 60 * 60)
# Accepted bookings per client address and day; settings.PORTAL_ADDRESS_BOOKING_RATE overrides.
ADDRESS_BOOKING_RATE = (5, 24 * 60 * 60)

# Field errors in our own words: Django's built-in messages have no Pashto or Kurmanji.
FIELD_MESSAGES = {
    "required": _("Please fill in this field."),
    "invalid": _("Please check this entry."),
    "invalid_choice": _("Please choose one of the options."),
    "max_length": _("This entry is too long."),
    "characters": _("This entry contains characters that cannot be stored."),
    "null_characters_not_allowed": _("This entry contains characters that cannot be stored."),
    "too_long": _("This entry is too long."),
}
TOO_FAST = _("Thank you. Please check your entries once more and then send the form again.")
TOO_OLD = _("This page was open for a long time. Please check your entries and send the form again.")
NOT_VALID = _("The form could not be sent. Please send it again.")

CHALLENGE_FIELD = "challenge"
HONEYPOT_FIELD = "website"


def _min_fill_seconds() -> float:
    return getattr(settings, "PORTAL_MIN_FILL_SECONDS", MIN_FILL_SECONDS)


def issue_challenge(form_name: str, issued: float | None = None) -> str:
    """A signed note of when the form was issued, with a nonce; the salt binds it to one form."""
    return signing.dumps({"t": time.time() if issued is None else issued, "n": secrets.token_hex(8)},
                         salt=f"portal.challenge.{form_name}")


def _nonce_key(form_name: str, nonce: str) -> str:
    digest = hashlib.sha256(f"{form_name}:{nonce}".encode()).hexdigest()[:32]
    return f"portal:challenge-used:{digest}"


def _payload(form_name: str, value: str | None) -> dict:
    try:
        payload = signing.loads(value or "", salt=f"portal.challenge.{form_name}", max_age=MAX_FORM_AGE)
    except signing.BadSignature:
        return {}
    return payload if isinstance(payload, dict) else {}


def challenge_problem(form_name: str, value: str | None):
    """None for a good challenge, else the message that refuses the submission."""
    try:
        payload = signing.loads(value or "", salt=f"portal.challenge.{form_name}", max_age=MAX_FORM_AGE)
    except signing.SignatureExpired:
        return TOO_OLD
    except signing.BadSignature:
        return NOT_VALID
    issued = payload.get("t") if isinstance(payload, dict) else None
    if not isinstance(issued, (int, float)) or issued > time.time() + 5:
        return NOT_VALID
    if time.time() - issued > MAX_FORM_AGE:
        return TOO_OLD
    if time.time() - issued < _min_fill_seconds():
        return TOO_FAST
    nonce = payload.get("n")
    if not isinstance(nonce, str) or cache.get(_nonce_key(form_name, nonce)):
        return NOT_VALID  # this challenge has been sent successfully before: a replay
    return None


def use_own_messages(field: forms.Field) -> None:
    """Replace Django's built-in field messages by ours; a message the form set itself stays."""
    builtin = {}
    for cls in reversed(type(field).__mro__):
        builtin.update(getattr(cls, "default_error_messages", {}))
    for code, text in FIELD_MESSAGES.items():
        if code not in field.error_messages or field.error_messages[code] is builtin.get(code):
            field.error_messages[code] = text


class PortalForm(Form):
    """The base of every portal form: shared text rules (apps.core.forms), our own field
    messages, a time-based challenge and a honeypot. `form_name` salts the challenge, so a
    challenge of one form does not open another."""

    challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(
        required=False, max_length=200, label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, form_name: str, **kwargs):
        kwargs.setdefault("label_suffix", "")  # no colon after a question ("When may we call you?:")
        super().__init__(*args, **kwargs)
        self.form_name = form_name
        for field in self.fields.values():
            use_own_messages(field)
        key = self.add_prefix(CHALLENGE_FIELD)
        if self.is_bound:
            self._submitted_challenge = self.data.get(key)
            # Re-render with the same challenge while it is good (a person correcting one
            # field is not "too fast" again), else with a fresh one (too old, forged).
            problem = challenge_problem(self.form_name, self._submitted_challenge)
            if problem is not None and problem != TOO_FAST:
                self.data = self.data.copy()
                self.data[key] = issue_challenge(form_name)
        else:
            self.initial[CHALLENGE_FIELD] = issue_challenge(form_name)

    def clean(self):
        cleaned = super().clean()
        if self.data.get(self.add_prefix(HONEYPOT_FIELD)):
            # Refused without saying why: a script learns nothing to adapt to.
            raise forms.ValidationError(NOT_VALID, code="refused")
        problem = challenge_problem(self.form_name, self._submitted_challenge)
        if problem is not None:
            raise forms.ValidationError(problem, code="challenge")
        return cleaned

    def claim_challenge(self) -> bool:
        """Spend the (valid) challenge just before the write: True the first time, False for
        a second submission with the same challenge (then a form error says to send again)."""
        payload = _payload(self.form_name, self._submitted_challenge)
        nonce = payload.get("n")
        claimed = isinstance(nonce, str) and cache.add(_nonce_key(self.form_name, nonce), 1, MAX_FORM_AGE + 60)
        if not claimed:
            self.add_error(None, NOT_VALID)
            self.renew_challenge()
        return claimed

    def renew_challenge(self) -> None:
        """After a spent challenge whose write failed: the re-rendered form gets a new nonce
        (with the first one's time, so the person is not "too fast" now)."""
        issued = _payload(self.form_name, self._submitted_challenge).get("t")
        self.data = self.data.copy()
        self.data[self.add_prefix(CHALLENGE_FIELD)] = issue_challenge(
            self.form_name, issued if isinstance(issued, (int, float)) else None)

    @property
    def visible_fields_without_protection(self):
        """The form's own visible fields, for templates that loop over them (not the honeypot)."""
        return [field for field in self.visible_fields() if field.name != HONEYPOT_FIELD]


# --- Origin check and address limit ---------------------------------------------------

def _good_origins(request) -> set[str]:
    return {f"{request.scheme}://{request.get_host()}", *getattr(settings, "CSRF_TRUSTED_ORIGINS", [])}


def origin_verified(request) -> bool:
    """Like Django's CsrfViewMiddleware: the Origin header names this site (or a trusted
    origin); a browser that sends no Origin must send a Referer of this site."""
    try:
        good = _good_origins(request)
    except Exception:  # DisallowedHost: an unknown host is no origin of ours
        return False
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin in good
    referer = request.META.get("HTTP_REFERER")
    if not referer:
        return False
    try:
        parts = urlsplit(referer)
    except ValueError:
        return False
    return bool(parts.scheme and parts.netloc) and f"{parts.scheme}://{parts.netloc}" in good


def _count(key: str, window: int, *, add: bool = True) -> int:
    if not add:
        return cache.get(key, 0)
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def _post_rate(scope: str) -> tuple[int, int]:
    rates = getattr(settings, "PORTAL_POST_RATES", {}) or {}
    return rates.get(scope) or getattr(settings, "PORTAL_POST_RATE", POST_RATE)


def address_allowed(scope: str, request) -> bool:
    """Count one POST from the request's address; False once it sent too many."""
    limit, window = _post_rate(scope)
    return _count(f"portal:post:{scope}:{address_of(request) or ''}", window) <= limit


def refusal(request, status: int, scope: str = ""):
    """The translated portal page for a refused POST (403: not from this site; 429: too many)."""
    response = render(request, "portal/refused.html", {"status": status}, status=status)
    if status == 429:
        response["Retry-After"] = str(_post_rate(scope)[1])
    return response


def refused_input(request):
    """The portal's page for an address (or, outside its forms, data) with characters that
    cannot be stored: 400, in the visitor's language, not cacheable."""
    response = refusal(request, 400)
    response["Cache-Control"] = "no-store"
    return response


def protected_post(scope: str):
    """Guard a portal view's POST: origin of this site and the address limit; GET passes.

    Django's CSRF middleware is switched off for the view (csrf_exempt): it needs a cookie,
    and the portal sets none before a form is used."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                if not origin_verified(request):
                    return refusal(request, 403)
                if not address_allowed(scope, request):
                    return refusal(request, 429, scope)
            return view(request, *args, **kwargs)

        return csrf_exempt(wrapped)

    return decorator


# --- Per phone number ----------------------------------------------------------------

def _phone_key(scope: str, phone: str) -> str:
    # Hashed with the secret key: cache backends may log or expose keys, a number must not show.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:portal-phone:{phone}".encode()).hexdigest()[:32]
    return f"portal:phone:{scope}:{digest}"


def _phone_rate() -> tuple[int, int]:
    return getattr(settings, "PORTAL_PHONE_RATE", PHONE_RATE)


def phone_limit_reached(scope: str, phone: str) -> bool:
    """True when this (normalised) phone number was used `limit` times today in `scope`.
    Only accepted submissions count (phone_used): a typo elsewhere costs nothing."""
    limit, window = _phone_rate()
    return bool(phone) and _count(_phone_key(scope, phone), window, add=False) >= limit


def phone_used(scope: str, phone: str) -> None:
    """Count one accepted submission for this phone number."""
    if phone:
        _count(_phone_key(scope, phone), _phone_rate()[1])


# --- Per client address (bookings) ------------------------------------------------------

def _address_key(scope: str, request) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:portal-address:{address_of(request) or ''}".encode())
    return f"portal:address:{scope}:{digest.hexdigest()[:32]}"


def _address_rate() -> tuple[int, int]:
    return getattr(settings, "PORTAL_ADDRESS_BOOKING_RATE", ADDRESS_BOOKING_RATE)


def address_limit_reached(scope: str, request) -> bool:
    """True when this client address made `limit` accepted submissions in `scope` today."""
    limit, window = _address_rate()
    return _count(_address_key(scope, request), window, add=False) >= limit


def address_used(scope: str, request) -> None:
    """Count one accepted submission from the request's address."""
    _count(_address_key(scope, request), _address_rate()[1])
