"""Writes of appointments: staff and public booking, cancel, rebook, outcome, calendar tokens.

Every write runs in one transaction and is audited; public actions are audited without an
actor, in the day's organisation. Notices leave on commit (see notices.py).
"""

import hashlib
import hmac
import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.selectors import ensure_perm
from apps.appointments.models import Appointment, CalendarToken
from apps.appointments.selectors import is_free, token_hash
from apps.audit.services import record
from apps.clients.selectors import persons_visible_to
from apps.core import phone as phone_numbers
from apps.core.client_languages import is_client_language
from apps.core.locking import claim_version
from apps.mobile.models import MobileCounsellingDay, Slot

# No 0/O, 1/I/L: codes are read out on the phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
SLOT_TAKEN = _("This slot has just been booked; choose another.")
# Active upcoming online bookings one phone number may hold; settings.PUBLIC_BOOKINGS_PER_PHONE overrides.
PUBLIC_BOOKINGS_PER_PHONE = 3


def phone_hash(phone: str) -> str:
    """A keyed hash of a normalised phone number: lets us count bookings per number without
    storing it readably (the phone field itself is encrypted and cannot be searched)."""
    if not phone:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"phone:{phone}".encode(), hashlib.sha256).hexdigest()


def new_confirmation_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Appointment.objects.filter(confirmation_code=code).exists():
            return code


def normalise_phone(raw: str) -> str:
    """E.164 form of a phone number (German numbers may omit +49; the rule of apps.core.phone),
    or a ValidationError on the field "phone"."""
    try:
        return phone_numbers.normalise(raw)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from error


def _check_bookable(slot: Slot) -> None:
    day = slot.day
    if not day.location.is_active:
        raise ValidationError(_("This slot cannot be booked online."))
    if day.status != MobileCounsellingDay.Status.PLANNED:
        raise ValidationError(_("This counselling day has been cancelled."))
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This slot lies in the past."))
    if not is_free(slot):
        raise ValidationError(SLOT_TAKEN, code="slot_taken")


def _language(value: str) -> str:
    """A client language of the portal (de, ar, sr-latn, …) or an ISO 639 code staff enter."""
    value = (value or "").strip().lower()
    if is_client_language(value) or (2 <= len(value) <= 3 and value.isascii() and value.isalpha()):
        return value
    raise ValidationError({"language": _("Enter a language code (ISO 639), e.g. fa or ar.")})


def _insert(appointment: Appointment) -> Appointment:
    """Save a new booking; losing the race for the slot is a clear ValidationError."""
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:
        raise ValidationError(SLOT_TAKEN, code="slot_taken") from error
    return appointment


@transaction.atomic
def appointment_book(*, actor, slot: Slot, person=None, data: dict) -> tuple[Appointment, str]:
    """Staff book a slot for a known client (`person`) or a caller (pseudonym and phone).

    Returns the appointment and the plain manage token (shown once)."""
    slot = Slot.objects.select_related("day", "day__location").get(pk=slot.pk)
    ensure_perm(actor, "case.write", slot.day.organisation_id)
    if person is not None and not persons_visible_to(actor).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("Choose a client you can see.")})
    pseudonym = (data.get("pseudonym") or "").strip()
    if person is None and not pseudonym:
        raise ValidationError({"pseudonym": _("Choose a client or enter a pseudonym.")})
    phone = normalise_phone(data.get("phone", ""))
    language = _language(data.get("language", ""))
    _check_bookable(slot)
    token = secrets.token_urlsafe(32)
    appointment = _insert(Appointment(
        slot=slot, day=slot.day, organisation_id=slot.day.organisation_id, person=person, pseudonym=pseudonym,
        phone=phone, phone_hash=phone_hash(phone), email=(data.get("email") or "").strip(), language=language,
        consent_given_at=timezone.now() if data.get("consent") else None, booked_by=actor,
        channel=Appointment.Channel.STAFF, confirmation_code=new_confirmation_code(),
        manage_token_hash=token_hash(token)))
    record(actor, "appointment.booked", appointment, details={"slot": slot.pk, "channel": "staff"})
    return appointment, token


def _check_phone_limit(phone: str) -> None:
    """One phone number may hold only a few upcoming online bookings (a bot cannot fill a day)."""
    limit = getattr(settings, "PUBLIC_BOOKINGS_PER_PHONE", PUBLIC_BOOKINGS_PER_PHONE)
    held = Appointment.objects.filter(
        phone_hash=phone_hash(phone), channel=Appointment.Channel.PUBLIC, cancelled_at__isnull=True,
        status=Appointment.Status.BOOKED, slot__starts_at__gt=timezone.now()).count()
    if held >= limit:
        raise ValidationError({"phone": _("This phone number already holds %(count)d upcoming appointments; "
                                          "please cancel one first.") % {"count": limit}})


@transaction.atomic
def appointment_book_public(*, slot: Slot, pseudonym: str, phone: str, language: str, consent: bool,
                            email: str = "") -> tuple[Appointment, str]:
    """An anonymous booking of a public slot; returns the appointment and the manage token once."""
    slot = Slot.objects.select_related("day", "day__location").get(pk=slot.pk)
    if not slot.day.is_public or not slot.day.location.is_active:
        raise ValidationError(_("This slot cannot be booked online."))
    errors = {}
    if not (pseudonym or "").strip():
        errors["pseudonym"] = _("Enter a name or pseudonym we may call you by.")
    if not consent:
        errors["consent"] = _("Please agree to be contacted about this appointment.")
    if not (phone or "").strip():
        errors["phone"] = _("Enter a phone number.")
    if errors:
        raise ValidationError(errors)
    phone = normalise_phone(phone)
    language = _language(language)
    _check_bookable(slot)
    _check_phone_limit(phone)
    token = secrets.token_urlsafe(32)
    appointment = _insert(Appointment(
        slot=slot, day=slot.day, organisation_id=slot.day.organisation_id, pseudonym=pseudonym.strip(),
        phone=phone, phone_hash=phone_hash(phone), email=(email or "").strip(), language=language,
        consent_given_at=timezone.now(),
        channel=Appointment.Channel.PUBLIC, confirmation_code=new_confirmation_code(),
        manage_token_hash=token_hash(token)))
    record(None, "appointment.booked", appointment, details={"slot": slot.pk, "channel": "public"})
    return appointment, token


def _authorise(appointment: Appointment, actor, token: str | None) -> None:
    if actor is not None:
        ensure_perm(actor, "case.write", appointment.organisation_id)
    elif token is None or not secrets.compare_digest(token_hash(token), appointment.manage_token_hash):
        raise ValidationError(_("This link is not valid."))


def _check_open(appointment: Appointment, *, holder: bool) -> None:
    """Only a booking still open can be cancelled; the holder also only before it begins."""
    if appointment.cancelled_at is not None or appointment.status == Appointment.Status.CANCELLED:
        raise ValidationError(_("This appointment has already been cancelled."))
    if appointment.status != Appointment.Status.BOOKED:
        raise ValidationError(_("This appointment has already taken place."))
    if holder and appointment.slot.starts_at <= timezone.now():
        raise ValidationError(_("This appointment has already begun; it can no longer be changed."))


def _cancel(appointment: Appointment, actor, reason: str, version: int | None = None) -> Appointment:
    if appointment.cancelled_at is not None:
        raise ValidationError(_("This appointment has already been cancelled."))
    now = timezone.now()
    claim_version(appointment, version, cancelled_at=now, status=Appointment.Status.CANCELLED,
                  cancelled_by=actor, cancellation_reason=reason[:300])
    appointment.cancelled_at, appointment.status = now, Appointment.Status.CANCELLED
    appointment.cancelled_by, appointment.cancellation_reason = actor, reason[:300]
    return appointment


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, actor=None, token: str | None = None, reason: str = "",
                       version: int | None = None) -> Appointment:
    """Cancel by staff (case.write in the organisation) or by the holder's manage token."""
    _authorise(appointment, actor, token)
    _check_open(appointment, holder=actor is None)
    _cancel(appointment, actor, reason, version)
    record(actor, "appointment.cancelled", appointment, details={"by": "staff" if actor else "holder"})
    return appointment


def _move(appointment: Appointment, new_slot: Slot) -> None:
    """Put an active booking onto another slot; the database refuses a taken one."""
    try:
        with transaction.atomic():
            claim_version(appointment, None, slot=new_slot, day=new_slot.day)
    except IntegrityError as error:
        raise ValidationError(SLOT_TAKEN, code="slot_taken") from error
    appointment.slot, appointment.day = new_slot, new_slot.day


@transaction.atomic
def appointment_rebook(*, token: str, appointment: Appointment, new_slot: Slot) -> Appointment:
    """The holder moves the booking to another free public slot of the same location."""
    _authorise(appointment, None, token)
    if appointment.cancelled_at is not None:
        raise ValidationError(_("This appointment has been cancelled; please book anew."))
    _check_open(appointment, holder=True)
    new_slot = Slot.objects.select_related("day", "day__location").get(pk=new_slot.pk)
    if new_slot.day.location_id != appointment.day.location_id or not new_slot.day.is_public:
        raise ValidationError(_("Choose another time at the same place."))
    _check_bookable(new_slot)
    old_slot = appointment.slot_id
    _move(appointment, new_slot)
    record(None, "appointment.rebooked", appointment, details={"from_slot": old_slot, "to_slot": new_slot.pk})
    return appointment


def _set_outcome(actor, appointment: Appointment, status: str, version: int | None) -> Appointment:
    ensure_perm(actor, "case.write", appointment.organisation_id)
    if appointment.cancelled_at is not None:
        raise ValidationError(_("This appointment has been cancelled."))
    if appointment.slot.starts_at > timezone.now():
        raise ValidationError(_("The appointment has not begun yet."))
    claim_version(appointment, version, status=status)
    appointment.status = status
    record(actor, f"appointment.{status}", appointment)
    return appointment


@transaction.atomic
def mark_no_show(*, actor, appointment: Appointment, version: int | None = None) -> Appointment:
    return _set_outcome(actor, appointment, Appointment.Status.NO_SHOW, version)


@transaction.atomic
def mark_attended(*, actor, appointment: Appointment, version: int | None = None) -> Appointment:
    return _set_outcome(actor, appointment, Appointment.Status.ATTENDED, version)


# --- Reacting to changed counselling days (receivers in notices.py) -----------------------

def cancel_for_day(*, actor, day: MobileCounsellingDay, reason: str) -> list[Appointment]:
    """Cancel every active booking of a cancelled day; returns them (notices follow on commit)."""
    cancelled = []
    for appointment in Appointment.objects.filter(day=day, cancelled_at__isnull=True).select_related("slot"):
        _cancel(appointment, actor, reason)
        record(actor, "appointment.cancelled", appointment, details={"by": "day_cancelled"})
        cancelled.append(appointment)
    return cancelled


def _same_time_on(slot: Slot, new_day: MobileCounsellingDay) -> Slot | None:
    local = timezone.localtime(slot.starts_at)
    starts = timezone.make_aware(datetime.combine(new_day.date, local.time()))
    return Slot.objects.filter(day=new_day, starts_at=starts).select_related("day").first()


def move_for_day(*, actor, old_day: MobileCounsellingDay,
                 new_day: MobileCounsellingDay) -> list[tuple[Appointment, bool]]:
    """Rebook each active booking onto the same time on the new day if that slot is free,
    else cancel it. Returns (appointment, moved) pairs."""
    outcome = []
    for appointment in Appointment.objects.filter(day=old_day, cancelled_at__isnull=True).select_related("slot"):
        target = _same_time_on(appointment.slot, new_day)
        if target is not None and is_free(target):
            _move(appointment, target)
            record(actor, "appointment.rebooked", appointment, details={"by": "day_moved", "to_slot": target.pk})
            outcome.append((appointment, True))
        else:
            _cancel(appointment, actor, str(_("The counselling day was moved; no slot at the same time.")))
            record(actor, "appointment.cancelled", appointment, details={"by": "day_moved"})
            outcome.append((appointment, False))
    return outcome


# --- Calendar tokens --------------------------------------------------------------------

@transaction.atomic
def calendar_token_create(*, actor, user=None, location=None) -> tuple[CalendarToken, str]:
    """A new feed token for a counsellor (themself) or a location (mobile.plan in its organisation)."""
    if location is not None:
        ensure_perm(actor, "mobile.plan", location.organisation_id)
        kind = CalendarToken.Kind.LOCATION
    else:
        if user is None or user.pk != actor.pk:
            raise ValidationError(_("You can only create a calendar link for yourself."))
        kind = CalendarToken.Kind.COUNSELLOR
    plain = secrets.token_urlsafe(32)
    token = CalendarToken.objects.create(kind=kind, user=user if location is None else None, location=location,
                                         token_hash=token_hash(plain), created_by=actor)
    record(actor, "calendar_token.created", token,
           organisation_id=location.organisation_id if location is not None else None, details={"kind": kind})
    return token, plain


@transaction.atomic
def calendar_token_revoke(*, actor, token: CalendarToken) -> CalendarToken:
    if token.kind == CalendarToken.Kind.COUNSELLOR:
        if token.user_id != actor.pk:
            raise ValidationError(_("You can only revoke your own calendar links."))
    else:
        ensure_perm(actor, "mobile.plan", token.location.organisation_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor, "calendar_token.revoked", token, details={"kind": token.kind})
    return token
