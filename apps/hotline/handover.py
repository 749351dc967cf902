"""One-step handovers from the hotline desk: open a case for a caller, or book a slot.

Both run in one transaction with the cases/appointments services they call, then link the
result to the call or callback it came from (audited as a hotline write of its own).
"""

from collections.abc import Callable

from django.db import transaction
from django.urls import reverse
from django.utils import translation

from apps.appointments import notices
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
    """The caller's language as the desk recorded it: appointments keep client codes as they are
    ("sr-latn", "kmr"; up to 8 characters), so the notices go out in exactly that language."""
    return (code or "de").strip().lower()


@transaction.atomic
def slot_book_for_caller(*, actor, source: Call | CallbackRequest, slot, pseudonym: str, phone: str = "",
                         language: str = "", consent: bool = False, person=None,
                         absolute_url: Callable[[str], str] | None = None):
    """Book a free slot for the caller and link the appointment. Returns (appointment, manage token).

    Only a caller who agreed to be contacted gets notices: then the confirmation with the portal's
    manage link (in the caller's language; `absolute_url` makes the path absolute) is queued in this
    transaction, the only place where the plain token exists."""
    language = booking_language(language or source.language)
    appointment, token = appointment_book(actor=actor, slot=slot, person=person, data={
        "pseudonym": pseudonym, "phone": phone, "language": language, "consent": consent})
    _link(actor, source, appointment=appointment)
    if consent and absolute_url is not None:
        with translation.override(notices.language_of(appointment)):
            path = reverse("portal:manage", kwargs={"manage_token": token})
        notices.send_confirmation(appointment, absolute_url(path))
    return appointment, token
