"""One-step handovers from the hotline desk: open a case for a caller, or book a slot.

Both run in one transaction with the cases/appointments services they call, then link the
result to the call or callback it came from (audited as a hotline write of its own).
"""

from django.db import transaction

from apps.appointments.services import appointment_book
from apps.audit.services import record
from apps.cases.models import Case, FirstContactSource
from apps.cases.services import case_open
from apps.clients import services as client_services
from apps.hotline.models import Call, CallbackRequest


def _link(actor, source: Call | CallbackRequest, *, case=None, appointment=None) -> None:
    """Attach the case or appointment to the call/callback; a call also records the outcome."""
    values = {}
    if case is not None:
        values["case"] = case
    if appointment is not None:
        values["appointment"] = appointment
    if isinstance(source, Call):
        outcome = Call.Outcome.CASE if case is not None else Call.Outcome.APPOINTMENT
        if outcome not in source.outcomes:
            values["outcomes"] = [*source.outcomes, outcome]
    for name, value in values.items():
        setattr(source, name, value)
    # A link is an addition, never a conflicting edit: it bumps the version without demanding one.
    type(source).objects.filter(pk=source.pk).update(version=source.version + 1, **values)
    source.version += 1
    noun = source.audit_noun
    record(actor, f"{noun}.linked", source, details={
        "case": case.pk if case is not None else None,
        "appointment": appointment.pk if appointment is not None else None})


@transaction.atomic
def case_open_for_caller(*, actor, source: Call | CallbackRequest, person=None, person_data: dict | None = None,
                         languages=()) -> Case:
    """Open a case for the caller: for a person the agent recognised (duplicate check), or a new one."""
    organisation = source.organisation
    if person is None:
        person = client_services.person_create(actor=actor, organisation=organisation, data=person_data or {},
                                               languages=languages)
    membership = person.memberships.filter(is_principal=True).select_related("household").first()
    household = membership.household if membership else client_services.household_create(
        actor=actor, principal=person)
    case = case_open(actor=actor, household=household, first_contact_source=FirstContactSource.HOTLINE)
    _link(actor, source, case=case)
    return case


def booking_language(code: str) -> str:
    """Appointments keep an ISO 639 code ("sr-latn" is Serbian, "sr")."""
    return (code or "de").split("-")[0][:3]


@transaction.atomic
def slot_book_for_caller(*, actor, source: Call | CallbackRequest, slot, pseudonym: str, phone: str = "",
                         language: str = "", person=None):
    """Book a free slot for the caller and link the appointment. Returns (appointment, manage token)."""
    appointment, token = appointment_book(actor=actor, slot=slot, person=person, data={
        "pseudonym": pseudonym, "phone": phone, "language": booking_language(language or source.language),
        "consent": bool(phone)})
    _link(actor, source, appointment=appointment)
    return appointment, token
