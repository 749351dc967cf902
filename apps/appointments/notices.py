"""Telling holders of bookings that their counselling day changed, and reminding them.

Receivers of apps.mobile.signals run inside the day's transaction: they change the bookings
there and enqueue one notice job per booking on commit; the job writes the e-mail and SMS,
in the holder's language where a translation exists (else German), into the outbox, whose
own jobs deliver them with retries. Nothing is sent inside the request.
"""

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.appointments import services
from apps.appointments.models import Appointment
from apps.audit.services import record
from apps.core.client_languages import client_language, client_language_or_default
from apps.core.links import absolute_url
from apps.jobs.services import sending_for
from apps.jobs.sms import send_sms


def language_of(appointment: Appointment) -> str:
    """The client language the holder reads (a portal booking's own, or the language staff
    booked in), else German."""
    return client_language_or_default(appointment.language)


def manage_path(appointment: Appointment, token: str) -> str:
    """The portal's manage page of the booking in the holder's language (/ar/appointment/…/).
    The portal's URL name as a string: appointments never imports the portal (a higher layer)."""
    with translation.override(language_of(appointment)):
        return reverse("portal:manage", kwargs={"manage_token": token})


def manage_link(appointment: Appointment, token: str) -> str:
    """manage_path() under SITE_URL, for notices and for staff to pass on."""
    return absolute_url(manage_path(appointment, token))


def _with_draft_note(body: str) -> str:
    """A notice in a language no native speaker has reviewed yet says so, discreetly, at the end
    (call inside the language's override: the note is in that language)."""
    language = client_language(translation.get_language())
    if language is None or language.reviewed:
        return body
    return f"{body}\n\n({_('Draft translation, not yet checked by a native speaker.')})"


def _where_when(appointment: Appointment) -> dict:
    location = appointment.day.location
    start = timezone.localtime(appointment.slot.starts_at)
    return {"date": start.strftime("%d.%m.%Y"), "time": start.strftime("%H:%M"), "place": location.name,
            "address": " ".join(p for p in (location.street, location.postcode, location.city) if p),
            "code": appointment.confirmation_code}


def notice_html(subject: str, body: str) -> str:
    """The e-mail's HTML part, rendered in the active (the holder's) language: it carries the
    language and, for Arabic, Persian and Pashto, the right-to-left direction, which a plain
    text part cannot; mail programs then lay the message out right to left."""
    return render_to_string("appointments/notice_email.html", {
        "subject": subject, "paragraphs": [part for part in body.split("\n\n") if part.strip()]})


def _text(kind: str, appointment: Appointment) -> tuple[str, str]:
    subject, body = _plain_text(kind, appointment)
    return subject, _with_draft_note(body)


def _plain_text(kind: str, appointment: Appointment) -> tuple[str, str]:
    # Never the planner's free-text reason: it may say more about staff or clients than an
    # SMS or e-mail to the holder should.
    values = _where_when(appointment)
    if kind == "cancelled":
        return (_("Your counselling appointment has been cancelled"),
                _("Your counselling appointment %(code)s on %(date)s at %(time)s at %(place)s has been "
                  "cancelled. Please book a new appointment.") % values)
    if kind == "moved":
        return (_("Your counselling appointment has been moved"),
                _("Your counselling appointment %(code)s has been moved to %(date)s at %(time)s, "
                  "%(place)s, %(address)s.") % values)
    return (_("Reminder: your counselling appointment tomorrow"),
            _("Reminder: your counselling appointment %(code)s is tomorrow, %(date)s at %(time)s, "
              "%(place)s, %(address)s.") % values)


def send_confirmation(appointment: Appointment, manage_url: str) -> None:
    """Queue the confirmation of a new booking (SMS, and e-mail if given) in the holder's
    language. Runs inside the booking's transaction: the plain manage link exists only there,
    and a booking that rolls back sends nothing."""
    if appointment.consent_given_at is None:
        return
    with translation.override(language_of(appointment)):
        values = _where_when(appointment) | {"link": manage_url}
        subject = _("Your counselling appointment is booked")
        body = _("Your counselling appointment is booked: %(date)s at %(time)s, %(place)s, %(address)s. "
                 "Your confirmation code is %(code)s. To cancel or change the appointment, open this "
                 "link: %(link)s") % values
        body = _with_draft_note(body)
        html = notice_html(subject, body)
    email = holder_email(appointment)
    with sending_for(organisation_id=appointment.organisation_id, purpose="appointment.confirmation"):
        if email:
            send_mail(subject, body, None, [email], html_message=html)
        if appointment.phone:
            send_sms(appointment.phone, body)
    record(None, "appointment.confirmation_sent", appointment,
           details={"email": bool(email), "sms": bool(appointment.phone)})


def holder_email(appointment: Appointment) -> str:
    """Only the address given for this booking, never one from the case file."""
    return appointment.email


@transaction.atomic
def send_notice(appointment_id: int, kind: str) -> None:
    """Queue e-mail and SMS to the holder of one booking, only if they agreed to be contacted;
    records that the notice went out (the outbox delivers it, retrying on failure)."""
    appointment = (Appointment.objects.select_related("day", "day__location", "slot")
                   .get(pk=appointment_id))
    if appointment.consent_given_at is None:
        return
    with translation.override(language_of(appointment)):
        subject, body = _text(kind, appointment)
        html = notice_html(subject, body)
    email = holder_email(appointment)
    with sending_for(organisation_id=appointment.organisation_id, purpose=f"appointment.{kind}"):
        if email:
            send_mail(subject, body, None, [email], html_message=html)
        send_sms(appointment.phone, body)
    now = timezone.now()
    field = "reminder_sent_at" if kind == "reminder" else "notice_sent_at"
    Appointment.objects.filter(pk=appointment.pk).update(**{field: now})
    record(None, f"appointment.{kind}_notice_sent", appointment,
           details={"email": bool(email), "sms": bool(appointment.phone)})


def _notify_on_commit(appointment: Appointment, kind: str) -> None:
    from apps.appointments.tasks import send_appointment_notice

    if appointment.consent_given_at is None:
        return
    appointment_id, organisation_id = appointment.pk, appointment.organisation_id
    transaction.on_commit(lambda: send_appointment_notice.enqueue(
        appointment_id=appointment_id, kind=kind, organisation_id=organisation_id))


def on_day_cancelled(sender, *, actor, day, reason="", **kwargs) -> None:
    for appointment in services.cancel_for_day(actor=actor, day=day, reason=reason):
        _notify_on_commit(appointment, "cancelled")


def on_day_moved(sender, *, actor, old_day, new_day, **kwargs) -> None:
    for appointment, moved in services.move_for_day(actor=actor, old_day=old_day, new_day=new_day):
        _notify_on_commit(appointment, "moved" if moved else "cancelled")


def send_reminders(day) -> int:
    """Queue a reminder for every active booking on `day` not reminded yet; claims each first
    (idempotent). Runs as a job (apps.appointments.tasks), enqueued daily by the scheduler."""
    from apps.appointments.selectors import appointments_due_for_reminder

    sent = 0
    for appointment in appointments_due_for_reminder(day):
        # Claim and queue together: a reminder is either queued in the outbox or still due.
        with transaction.atomic():
            claimed = Appointment.objects.filter(pk=appointment.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now())
            if claimed:
                send_notice(appointment.pk, "reminder")
                sent += 1
    return sent
