"""The personal data of appointments as a privacy source and two retention record types
(apps.privacy.registry).

Collect: every booking of the person (booked by staff for the client, whether or not the
client has a case): day, place and time, status, the name and contacts given, the
language, the consent to be contacted, cancellation.

Erase and anonymise (registry order 90, first: a booking protects the person): bookings are
the person's own, never a household's or a case's, so whole and shared cases make no
difference, and a case's retention leaves them while the person stays for another case. ERASE
deletes the person's bookings; ANONYMISE clears the pseudonym, phone, e-mail and the reason
of a cancellation and invalidates the holder's link (status, time and place stay).

Record types with their own retention (the periods are proposals to confirm):
- bookings of people without a client record (the portal's pseudonymous bookings, the
  hotline's bookings for a caller): deleted 6 months after the appointment;
- cancelled bookings: deleted 3 months after the cancellation, except those of a person
  whose case is under a legal hold.
"""

import secrets

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.appointments.models import Appointment
from apps.core.templatetags.returnnet import language
from apps.mobile.models import Slot
from apps.privacy.registry import (
    ANONYMISE,
    DELETE,
    ErasureContext,
    ProcessingActivity,
    RecordType,
    RetentionScope,
    SubjectRecord,
    SubjectSource,
)
from apps.privacy.source_helpers import fields_of, ids_of, iso, label

CONTACT_FIELDS = ("pseudonym", "phone", "phone_hash", "email", "cancellation_reason")


# --- Subject access ------------------------------------------------------------------------------

def collect(person_id: int) -> list[SubjectRecord]:
    appointments = (Appointment.objects.filter(person_id=person_id)
                    .select_related("slot", "day__location").order_by("slot__starts_at", "id"))
    return [SubjectRecord(
        kind="appointment", title=_("Appointment"), at=appointment.slot.starts_at,
        fields=fields_of(appointment, (
            "status", "channel", "pseudonym", "phone", "email", "consent_given_at",
            "confirmation_code", "cancelled_at", "cancellation_reason", "reminder_sent_at"), more={
            _("created"): iso(appointment.created_at),  # the field has no translated verbose name
            _("Language"): language(appointment.language),
            _("Location"): str(appointment.day.location),
            _("Address"): appointment.day.location.address,
            label(Slot, "starts_at"): iso(appointment.slot.starts_at),
            label(Slot, "ends_at"): iso(appointment.slot.ends_at),
        })) for appointment in appointments]


# --- Erasure and anonymisation -------------------------------------------------------------------

def _anonymise(appointments) -> int:
    """Clear who booked and how to reach them; a new random token hash ends the holder's link."""
    count = 0
    for appointment in appointments:
        for name in CONTACT_FIELDS:
            setattr(appointment, name, "")
        appointment.manage_token_hash = secrets.token_hex(32)
        appointment.version += 1
        appointment.save(update_fields=[*CONTACT_FIELDS, "manage_token_hash", "version"])
        count += 1
    return count


def _person_stays(ctx: ErasureContext) -> bool:
    """Bookings belong to the person, not to a case: when only one case's retention runs,
    they stay exactly when the person stays (apps.clients.privacy) — on erasure while the
    person has another case, on anonymisation while another case is open."""
    if not ctx.other_case_ids:
        return False
    if ctx.mode != ANONYMISE:
        return True
    from apps.cases.models import Case

    return Case.objects.filter(pk__in=ctx.other_case_ids, closed_at__isnull=True).exists()


def erase(ctx: ErasureContext) -> None:
    if _person_stays(ctx):
        return
    theirs = Appointment.objects.filter(person_id=ctx.person_id)
    if ctx.mode == ANONYMISE:
        ctx.add("appointments.appointment.anonymised", _anonymise(theirs))
    else:
        ctx.add("appointments.appointment.deleted", theirs.delete()[0])


SOURCE = SubjectSource(code="appointments", label=gettext_lazy("Appointments"), collect=collect, erase=erase,
                       order=90)


# --- Retention -----------------------------------------------------------------------------------

def _cutoff(scope: RetentionScope):
    return scope.now - relativedelta(months=scope.months)


def _held_persons(scope: RetentionScope):
    from apps.clients.models import HouseholdMember

    return HouseholdMember.objects.filter(household__cases__id__in=scope.held_case_ids).values("person_id")


def _without_client(scope: RetentionScope):
    return Appointment.objects.filter(organisation_id=scope.organisation_id, person__isnull=True,
                                      slot__ends_at__lt=_cutoff(scope))


def _cancelled(scope: RetentionScope):
    return Appointment.objects.filter(organisation_id=scope.organisation_id, cancelled_at__lt=_cutoff(scope))


def _cancelled_due(scope: RetentionScope):
    return _cancelled(scope).exclude(person_id__in=_held_persons(scope))


def _cancelled_held(scope: RetentionScope) -> int:
    return _cancelled(scope).filter(person_id__in=_held_persons(scope)).count()


def apply(due, action: str) -> int:
    appointments = Appointment.objects.filter(pk__in=ids_of(due))
    if action == ANONYMISE:
        return _anonymise(appointments)
    return appointments.delete()[0]


WITHOUT_CLIENT = RecordType(
    code="appointments.without_client",
    label=gettext_lazy("Appointments of people without a case"),
    trigger=gettext_lazy("after the appointment"),
    actions=(DELETE, ANONYMISE), default_action=DELETE, default_months=6,
    default_legal_basis="Art. 5 Abs. 1 lit. c und e, Art. 17 Abs. 1 lit. a DSGVO",
    default_source="Vorschlag (ungeprüft): Der Zweck der Buchung endet mit dem Termin; sechs Monate decken "
                   "Rückfragen und Beschwerden ab. Kein Gesetz und keine Förderrichtlinie nennt eine Frist.",
    due=_without_client, apply=apply, order=90,
    categories=(gettext_lazy("Pseudonym, phone number and e-mail address given for a booking"),),
)

CANCELLED = RecordType(
    code="appointments.cancelled",
    label=gettext_lazy("Cancelled appointments"),
    trigger=gettext_lazy("after the cancellation"),
    actions=(DELETE, ANONYMISE), default_action=DELETE, default_months=3,
    default_legal_basis="Art. 5 Abs. 1 lit. c und e, Art. 17 Abs. 1 lit. a DSGVO",
    default_source="Vorschlag (ungeprüft): Eine abgesagte Buchung dient keinem Zweck mehr; drei Monate "
                   "decken Rückfragen zur Absage ab. Kein Gesetz und keine Förderrichtlinie nennt eine Frist.",
    due=_cancelled_due, apply=apply, held=_cancelled_held, order=90,
    categories=(gettext_lazy("Pseudonym, phone number and e-mail address given for a booking"),
                gettext_lazy("Reason for the cancellation")),
)

ACTIVITY = ProcessingActivity(
    code="appointments.bookings",
    name=gettext_lazy("Appointments and online bookings"),
    purpose=gettext_lazy(
        "Booking slots on counselling days for clients and for people who book online or through the "
        "hotline without a case; confirmations and reminders by text message or e-mail."),
    legal_basis="Art. 6 Abs. 1 lit. a und b DSGVO (Einwilligung in die Kontaktaufnahme; Anfrage der "
                "betroffenen Person)",
    persons=(gettext_lazy("Clients"), gettext_lazy("People who book without a case (pseudonymous)")),
    data=(gettext_lazy("Pseudonym, phone number and e-mail address given for a booking"),
          gettext_lazy("Language, day, place and time of the appointment, its status")),
    recipients=(gettext_lazy("The text message and e-mail providers that deliver confirmations and reminders "
                             "(processors)"),),
    record_types=(WITHOUT_CLIENT.code, CANCELLED.code),
)


def register() -> None:
    from apps.privacy.registry import (
        register_processing_activity,
        register_record_type,
        register_subject_source,
    )

    register_subject_source(SOURCE)
    register_record_type(WITHOUT_CLIENT)
    register_record_type(CANCELLED)
    register_processing_activity(ACTIVITY)
