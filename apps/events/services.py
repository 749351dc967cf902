"""Writes of events: organising (create, edit, publish, cancel, public link), registrations
with a waiting list, attendance, feedback and materials.

Each write checks the actor's permission in the organising organisation (or the participant's
manage token), validates, saves and audits in one transaction; mails are enqueued on commit
(apps.events.mails writes them into the outbox from a job, never in the request).

Places: `Event.seats_taken` counts the registrations holding a seat (confirmed, attended). A
seat is taken only by `UPDATE … SET seats_taken = seats_taken + 1 WHERE seats_taken < capacity`
with the event row locked first (select_for_update): of two registrations for the last seat
exactly one gets it, the other joins the waiting list. Every change of a seat goes through here.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.accounts.selectors import ensure_perm, organisations_with, user_has_perm
from apps.audit.services import record
from apps.core.client_languages import client_language_or_default
from apps.core.fields import keyed_hash
from apps.core.locking import claim_version
from apps.core.services import apply_changes
from apps.core.validation import SHORT_TEXT_MAX, clean_text
from apps.events.models import Event, EventMaterial, Feedback, Registration

MANAGE = "network.manage"
PARTICIPATE = "network.participate"
R = Registration.Status
ACTIVE = (R.CONFIRMED, R.WAITING, R.ATTENDED, R.NO_SHOW)
MATERIAL_TYPES = {"application/pdf": "pdf",
                  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
                  "image/png": "png", "image/jpeg": "jpg"}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_public_token() -> str:
    return secrets.token_urlsafe(24)


# --- Organising ------------------------------------------------------------------------------

EVENT_FIELDS = ("title", "description", "kind", "format", "target_group", "starts_at", "ends_at", "place",
                "address", "district", "online_link", "capacity", "registration_deadline")


def _check_event(event: Event) -> None:
    event.title = clean_text(event.title or "", SHORT_TEXT_MAX)
    event.description = clean_text(event.description or "", 5000)
    errors = {}
    if not event.title:
        errors["title"] = _("Give the event a title.")
    if event.kind not in Event.Kind.values:
        errors["kind"] = _("Choose a kind.")
    if event.format not in Event.Format.values:
        errors["format"] = _("Choose a format.")
    if event.target_group not in Event.TargetGroup.values:
        errors["target_group"] = _("Choose a target group.")
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = _("The end must lie after the start.")
    if event.format != Event.Format.ONLINE and not (event.place or event.address):
        errors["place"] = _("Give the place of an event in person.")
    if event.format != Event.Format.IN_PERSON and not event.online_link:
        errors["online_link"] = _("Give the link of an online event.")
    if not event.capacity or event.capacity < 1:
        errors["capacity"] = _("An event needs at least one place.")
    elif event.capacity < event.seats_taken:
        errors["capacity"] = _("%(count)d people already hold a place; the event needs at least as many places.") % {
            "count": event.seats_taken}
    if event.registration_deadline and event.starts_at and event.registration_deadline > event.starts_at:
        errors["registration_deadline"] = _("The registration deadline must lie before the start.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(*, actor, organisation, data: dict) -> Event:
    ensure_perm(actor, MANAGE, organisation.pk)
    event = Event(organisation=organisation, created_by=actor, public_token=new_public_token())
    apply_changes(event, data, EVENT_FIELDS)
    _check_event(event)
    event.save()
    record(actor, "event.created", event)
    return event


@transaction.atomic
def event_update(*, actor, event: Event, data: dict, expected_version: int) -> Event:
    ensure_perm(actor, MANAGE, event.organisation_id)
    event = Event.objects.select_for_update().get(pk=event.pk)
    changes = apply_changes(event, data, EVENT_FIELDS)
    _check_event(event)
    claim_version(event, expected_version)
    event.save()
    record(actor, "event.updated", event, details={"fields": sorted(changes)})
    # More places: the waiting list moves up at once.
    for registration in _promote(event):
        _notify(registration, "promoted")
    return event


STATUS_MOVES = {
    Event.Status.DRAFT: {Event.Status.PUBLISHED, Event.Status.CANCELLED},
    Event.Status.PUBLISHED: {Event.Status.CANCELLED, Event.Status.DONE},
    Event.Status.DONE: {Event.Status.PUBLISHED},
    Event.Status.CANCELLED: set(),
}


@transaction.atomic
def event_set_status(*, actor, event: Event, status: str) -> Event:
    """Publish, cancel (every active registrant is told, with a calendar cancellation) or
    mark as done."""
    ensure_perm(actor, MANAGE, event.organisation_id)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if status not in STATUS_MOVES.get(event.status, set()):
        raise ValidationError(_("The event cannot change from “%(old)s” to this status.")
                              % {"old": event.get_status_display()})
    previous = event.status
    event.status = status
    claim_version(event, event.version)
    event.save()
    record(actor, "event.status_changed", event, details={"from": previous, "to": status})
    if status == Event.Status.CANCELLED:
        for registration in event.registrations.filter(status__in=(R.CONFIRMED, R.WAITING)):
            _notify(registration, "event_cancelled")
    return event


@transaction.atomic
def event_regenerate_link(*, actor, event: Event) -> Event:
    """A new public registration link; the old one stops working at once."""
    ensure_perm(actor, MANAGE, event.organisation_id)
    Event.objects.filter(pk=event.pk).update(public_token=new_public_token())
    event.refresh_from_db()
    record(actor, "event.public_link_regenerated", event)
    return event


# --- Registering -----------------------------------------------------------------------------

def registration_closed_reason(event: Event, now=None) -> str | None:
    """Why nobody can register now, or None while registration is open."""
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        return _("This event has been cancelled.")
    if event.status != Event.Status.PUBLISHED:
        return _("This event is not open for registration.")
    if event.starts_at <= now:
        return _("This event has already begun.")
    if event.registration_deadline and event.registration_deadline < now:
        return _("The registration deadline has passed.")
    return None


def _manage_link(base_url: str, token: str, language: str) -> str:
    # The portal's page by its URL name: events sit below the portal and never import it.
    with translation.override(language):
        return base_url.rstrip("/") + reverse("portal:event_registration", args=[token])


def _register(*, event: Event, fields: dict, base_url: str, actor=None) -> tuple[Registration, str]:
    """Lock the event, check that registration is open and the address is new, take a seat
    if one is free (else the waiting list), save, audit, queue the mail."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    reason = registration_closed_reason(event)
    if reason:
        raise ValidationError(reason, code="closed")
    address_hash = registration_email_hash(fields["email"])
    if event.registrations.filter(status__in=ACTIVE, email_hash=address_hash).exists():
        raise ValidationError({"email": _("This e-mail address is already registered for this event.")},
                              code="duplicate")
    seat = Event.objects.filter(pk=event.pk, seats_taken__lt=F("capacity")).update(
        seats_taken=F("seats_taken") + 1)
    token = secrets.token_urlsafe(32)
    registration = Registration.objects.create(
        event=event, status=R.CONFIRMED if seat else R.WAITING, consent_at=timezone.now(),
        manage_token_hash=token_hash(token),
        manage_link=_manage_link(base_url, token, fields["language"]), email_hash=address_hash, **fields)
    record(actor, "event.registered", registration, organisation_id=event.organisation_id,
           details={"event": event.pk, "status": registration.status, "channel": registration.channel})
    _notify(registration, "confirmed" if seat else "waiting")
    return registration, token


def registration_email_hash(email: str) -> str:
    """The keyed hash of an address as typed (case does not matter): the duplicate check, since
    the address itself is encrypted."""
    return keyed_hash("event-registration-email", (email or "").strip().casefold())


def _check_person(name: str, email: str, consent: bool) -> tuple[str, str]:
    errors = {}
    name = clean_text(name or "", SHORT_TEXT_MAX)
    email = (email or "").strip()
    if not name:
        errors["name"] = _("Enter your name.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if not consent:
        errors["consent"] = _("Please agree to the processing of your registration.")
    if errors:
        raise ValidationError(errors)
    return name, email


@transaction.atomic
def registration_create_for_user(*, actor, event: Event, accessibility_needs: str = "", consent: bool,
                                 base_url: str, language: str = "de") -> tuple[Registration, str]:
    """A network user registers themself (name, e-mail and organisation from the account)."""
    if not user_has_perm(actor, PARTICIPATE):
        raise PermissionDenied
    organisations = organisations_with(actor, PARTICIPATE)
    name, email = _check_person(actor.full_name or actor.email, actor.email, consent)
    return _register(event=event, actor=actor, base_url=base_url, fields={
        "user": actor, "organisation": organisations[0] if organisations else None,
        "organisation_name": organisations[0].name if organisations else "", "name": name, "email": email,
        "accessibility_needs": clean_text(accessibility_needs or "", 2000),
        "channel": Registration.Channel.NETWORK, "language": language if language in ("de", "en") else "de"})


@transaction.atomic
def registration_create_public(*, event: Event, name: str, organisation_name: str, email: str,
                               accessibility_needs: str, consent: bool, language: str,
                               base_url: str) -> tuple[Registration, str]:
    """Registration through the event's public link (portal): returns the registration and the
    plain manage token (shown once; the mails carry the link)."""
    name, email = _check_person(name, email, consent)
    return _register(event=event, base_url=base_url, fields={
        "name": name, "email": email, "organisation_name": clean_text(organisation_name or "", SHORT_TEXT_MAX),
        "accessibility_needs": clean_text(accessibility_needs or "", 2000),
        "channel": Registration.Channel.PUBLIC, "language": client_language_or_default(language)})


def _promote(event: Event) -> list[Registration]:
    """Give free seats to the waiting list, first come first served (event row locked by the caller)."""
    promoted = []
    if event.status != Event.Status.PUBLISHED or event.starts_at <= timezone.now():
        return promoted
    for registration in event.registrations.filter(status=R.WAITING).order_by("created_at", "pk"):
        if not Event.objects.filter(pk=event.pk, seats_taken__lt=F("capacity")).update(
                seats_taken=F("seats_taken") + 1):
            break
        Registration.objects.filter(pk=registration.pk).update(status=R.CONFIRMED, promoted_at=timezone.now())
        registration.status = R.CONFIRMED
        record(None, "event.registration_promoted", registration, organisation_id=event.organisation_id,
               details={"event": event.pk})
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration, actor=None, token: str | None = None) -> Registration:
    """Cancel by the registrant (their manage token, or the network user themself) or by an
    organiser; a freed seat goes to the first on the waiting list (they are told by mail)."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if token is not None:
        if not secrets.compare_digest(token_hash(token), registration.manage_token_hash):
            raise PermissionDenied
    elif actor is None or (registration.user_id != actor.pk
                           and not user_has_perm(actor, MANAGE, event.organisation_id)):
        raise PermissionDenied
    if registration.status not in (R.CONFIRMED, R.WAITING) or event.starts_at <= timezone.now():
        raise ValidationError(_("This registration can no longer be cancelled."))
    held = registration.holds_seat
    registration.status = R.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if held:
        Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") - 1)
    record(actor, "event.registration_cancelled", registration, organisation_id=event.organisation_id,
           details={"event": event.pk, "by": "token" if token is not None else "user"})
    _notify(registration, "cancelled")
    for promoted in _promote(event):
        _notify(promoted, "promoted")
    return registration


@transaction.atomic
def attendance_mark(*, actor, event: Event, marks: dict[int, str]) -> int:
    """Mark confirmed (or already marked) registrations as attended or not; returns how many changed."""
    ensure_perm(actor, MANAGE, event.organisation_id)
    if event.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the event has begun."))
    changed = 0
    for registration in event.registrations.filter(pk__in=marks, status__in=(R.CONFIRMED, R.ATTENDED, R.NO_SHOW)):
        status = marks[registration.pk]
        if status not in (R.ATTENDED, R.NO_SHOW, R.CONFIRMED) or status == registration.status:
            continue
        # attended holds the seat like confirmed; a no-show gives it back (the event is under way).
        delta = int(status != R.NO_SHOW) - int(registration.status != R.NO_SHOW)
        Registration.objects.filter(pk=registration.pk).update(status=status)
        if delta:
            Event.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") + delta)
        changed += 1
    record(actor, "event.attendance_recorded", event, details={"changed": changed})
    return changed


@transaction.atomic
def feedback_submit(*, registration: Registration, overall: int, usefulness: int, comment: str = "") -> Feedback:
    """The attendee's feedback, once, after the event (the caller established who they are)."""
    event = registration.event
    if registration.status != R.ATTENDED or event.ends_at > timezone.now():
        raise ValidationError(_("Feedback is open to attendees after the event."))
    errors = {}
    for field, value in (("overall", overall), ("usefulness", usefulness)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[field] = _("Choose a rating from 1 to 5.")
    if errors:
        raise ValidationError(errors)
    if Feedback.objects.filter(registration=registration).exists():
        raise ValidationError(_("Thank you, your feedback has already been recorded."), code="duplicate")
    feedback = Feedback.objects.create(event=event, registration=registration, overall=overall,
                                       usefulness=usefulness, comment=clean_text(comment or "", 2000))
    record(None, "event.feedback_given", event)
    return feedback


# --- Materials -------------------------------------------------------------------------------

@transaction.atomic
def material_upload(*, actor, event: Event, title: str, uploaded_file) -> EventMaterial:
    import filetype

    from apps.core.fields import cipher
    from apps.core.uploads import read_upload

    ensure_perm(actor, MANAGE, event.organisation_id)
    data = read_upload(uploaded_file)
    kind = filetype.guess(data)
    if kind is None or kind.mime not in MATERIAL_TYPES:
        raise ValidationError({"file": _("Only PDF, PowerPoint, Word, PNG and JPEG files can be uploaded.")})
    original_name = (uploaded_file.name or "").rsplit("/", 1)[-1][:255]
    title = clean_text(title or "", SHORT_TEXT_MAX) or original_name[:SHORT_TEXT_MAX]
    material = EventMaterial.objects.create(
        event=event, title=title, data=cipher().encrypt(data), content_type=kind.mime,
        original_name=original_name, size=len(data), uploaded_by=actor)
    record(actor, "event.material_uploaded", material, details={"event": event.pk, "size": len(data)})
    return material


def material_bytes(material: EventMaterial) -> bytes:
    from apps.core.fields import cipher

    return cipher().decrypt(bytes(material.data))


# --- Mails -----------------------------------------------------------------------------------

def _notify(registration: Registration, kind: str) -> None:
    """Queue the mail on commit (the job writes it into the outbox in the registrant's language)."""
    from apps.events.tasks import send_registration_mail

    registration_id, organisation_id = registration.pk, registration.event.organisation_id
    transaction.on_commit(lambda: send_registration_mail.enqueue(
        registration_id=registration_id, kind=kind, organisation_id=organisation_id))



def material_filename(material: EventMaterial) -> str:
    """The uploader's file name made harmless, with the extension of the stored content."""
    from apps.core.storage import safe_filename

    stem = safe_filename(material.original_name, material.content_type).rpartition(".")[0]
    return f"{stem}.{MATERIAL_TYPES.get(material.content_type, 'bin')}"
