"""Writes of the country-information part: validated, saved and audited in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from apps.accounts.selectors import ensure_perm, user_has_perm
from apps.audit.services import record
from apps.cases.models import Case, Channel
from apps.cases.services import session_record
from apps.core.locking import claim_version
from apps.core.services import apply_changes
from apps.countryinfo.identifiers import find_identifiers, identifiers_for, messages_for
from apps.countryinfo.models import (
    ContactChannel,
    CountryInformationRequest,
    OriginCountryContact,
    RequestTopic,
    VirtualCounselling,
)
from apps.countryinfo.selectors import persons_without_consent_to

# --- Contacts in countries of origin ---------------------------------------------------------

CONTACT_FIELDS = ("country", "organisation_name", "contact_person", "languages", "channels", "phone",
                  "email", "video_link", "hours", "notes", "is_active")


def _ensure_directory_manager(actor) -> None:
    # The directory is network-wide: directory.manage in any organisation suffices.
    if not user_has_perm(actor, "directory.manage"):
        raise PermissionDenied("directory.manage")


def _check_contact(contact: OriginCountryContact) -> None:
    unknown = sorted(set(contact.channels) - set(ContactChannel.values))
    if unknown:
        raise ValidationError({"channels": _("Unknown channels: %(codes)s") % {"codes": ", ".join(unknown)}})
    contact.full_clean()


@transaction.atomic
def contact_create(*, actor, data: dict) -> OriginCountryContact:
    _ensure_directory_manager(actor)
    contact = OriginCountryContact(**{k: v for k, v in data.items() if k in CONTACT_FIELDS})
    _check_contact(contact)
    contact.save()
    record(actor, "country_contact.created", contact)
    return contact


@transaction.atomic
def contact_update(*, actor, contact: OriginCountryContact, expected_version: int,
                   data: dict) -> OriginCountryContact:
    _ensure_directory_manager(actor)
    changes = apply_changes(contact, data, CONTACT_FIELDS)
    _check_contact(contact)
    claim_version(contact, expected_version)
    contact.save()
    record(actor, "country_contact.updated", contact, details={"fields": sorted(changes)})
    return contact


# --- Virtual counselling -------------------------------------------------------------------------

@transaction.atomic
def virtual_counselling_schedule(*, actor, case: Case, contact: OriginCountryContact, scheduled_for,
                                 participants, language: str, duration_minutes: int = 60,
                                 interpreter_used: bool = False, interpreter_name: str = "") -> VirtualCounselling:
    """A counselling session with a counterpart abroad. The client's situation is discussed
    there, so every participant needs a valid consent to disclosure to a partner in the
    country of origin: cases.services.session_record enforces that for every session on
    this channel."""
    ensure_perm(actor, "case.write", case.organisation_id)
    participants = list(participants)
    if not participants:
        raise ValidationError({"participants": _("Choose who takes part.")})
    if not contact.is_active:
        raise ValidationError({"contact": _("This contact is no longer active.")})
    if interpreter_used and not interpreter_name.strip():
        raise ValidationError({"interpreter_name": _("Name the interpreter or the interpreting service.")})
    missing = persons_without_consent_to(participants, contact)
    if missing:
        raise ValidationError({"participants": _(
            "Virtual counselling with %(partner)s needs each participant's valid consent to disclosure to exactly "
            "this partner. Missing for: %(names)s. Record the consent naming this partner in the consents tab first."
        ) % {"partner": contact, "names": "; ".join(str(person) for person in missing)}})
    session = session_record(actor=actor, case=case, participants=participants, data={
        "started_at": scheduled_for, "duration_minutes": duration_minutes, "channel": Channel.VIRTUAL_ORIGIN,
        "location": contact.organisation_name[:200], "language": language,
        "interpreter_used": interpreter_used, "interpreter_name": interpreter_name,
    })
    virtual = VirtualCounselling.objects.create(session=session, contact=contact, scheduled_for=scheduled_for,
                                                created_by=actor)
    record(actor, "virtual_counselling.scheduled", virtual, organisation_id=case.organisation_id,
           case_id=case.pk, details={"contact_id": contact.pk, "participant_ids": sorted(p.pk for p in participants)})
    return virtual


@transaction.atomic
def virtual_counselling_record_outcome(*, actor, virtual: VirtualCounselling, expected_version: int,
                                       outcome: str) -> VirtualCounselling:
    """Mark the session as held with its outcome (or correct the outcome of a held one)."""
    case = virtual.session.case
    ensure_perm(actor, "case.write", case.organisation_id)
    if virtual.status == VirtualCounselling.Status.CANCELLED:
        raise ValidationError(_("A cancelled session has no outcome."))
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("Describe the outcome.")})
    claim_version(virtual, expected_version)
    virtual.status, virtual.outcome = VirtualCounselling.Status.HELD, outcome
    virtual.save(update_fields=["status", "outcome"])
    record(actor, "virtual_counselling.held", virtual, organisation_id=case.organisation_id, case_id=case.pk)
    return virtual


@transaction.atomic
def virtual_counselling_cancel(*, actor, virtual: VirtualCounselling, expected_version: int) -> VirtualCounselling:
    case = virtual.session.case
    ensure_perm(actor, "case.write", case.organisation_id)
    if virtual.status != VirtualCounselling.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled session can be cancelled."))
    claim_version(virtual, expected_version)
    virtual.status = VirtualCounselling.Status.CANCELLED
    virtual.save(update_fields=["status"])
    record(actor, "virtual_counselling.cancelled", virtual, organisation_id=case.organisation_id,
           case_id=case.pk)
    return virtual


# --- Country-information requests ----------------------------------------------------------------

REQUEST_FIELDS = ("country", "topic", "question", "recipient", "sent_to", "sent_on")


def check_text(field: str, text: str, request: CountryInformationRequest) -> None:
    """Block a text that carries identifiers, naming each one on the field. Names are those
    of the case's household, or without a case those of the organisation's persons."""
    identifiers = identifiers_for(text, case=request.case if request.case_id else None,
                                  organisation_id=request.organisation_id)
    findings = find_identifiers(text, identifiers=identifiers)
    if findings:
        raise ValidationError({field: messages_for(findings)})


def _check_request(request: CountryInformationRequest) -> None:
    if request.country and request.country.code not in countries:
        raise ValidationError({"country": _("Unknown country code.")})
    if request.topic not in RequestTopic.values:
        raise ValidationError({"topic": _("Choose a topic.")})
    if not request.question.strip():
        raise ValidationError({"question": _("Ask a question.")})
    if request.sent_on and not (request.recipient_id or request.sent_to.strip()):
        raise ValidationError({"sent_to": _("Say to whom the request was sent.")})
    request.full_clean(exclude=["organisation", "case", "created_by", "recipient"])


@transaction.atomic
def request_create(*, actor, organisation, case: Case | None = None, data: dict) -> CountryInformationRequest:
    """A new request (a draft, or sent when sent_on is given); the question must not
    identify anybody."""
    ensure_perm(actor, "case.write", organisation.pk)
    if case is not None and case.organisation_id != organisation.pk:
        raise ValidationError(_("The case belongs to another organisation."))
    request = CountryInformationRequest(organisation=organisation, case=case, created_by=actor,
                                        **{k: v for k, v in data.items() if k in REQUEST_FIELDS})
    _check_request(request)
    check_text("question", request.question, request)
    if request.sent_on:
        request.status = CountryInformationRequest.Status.SENT
    request.save()
    record(actor, "country_request.created", request, case_id=request.case_id)
    return request


@transaction.atomic
def request_update(*, actor, request: CountryInformationRequest, expected_version: int,
                   data: dict) -> CountryInformationRequest:
    """Change the question or record where and when it was sent (a draft then becomes sent)."""
    ensure_perm(actor, "case.write", request.organisation_id)
    changes = apply_changes(request, data, REQUEST_FIELDS)
    _check_request(request)
    check_text("question", request.question, request)
    if request.sent_on and request.status == CountryInformationRequest.Status.DRAFT:
        request.status = CountryInformationRequest.Status.SENT
    claim_version(request, expected_version)
    request.save()
    record(actor, "country_request.updated", request, case_id=request.case_id,
           details={"fields": sorted(changes)})
    return request


@transaction.atomic
def request_answer(*, actor, request: CountryInformationRequest, expected_version: int, answer: str,
                   answered_on=None) -> CountryInformationRequest:
    """Record the answer; it becomes knowledge for the whole organisation, so it must not
    identify anybody either."""
    ensure_perm(actor, "case.write", request.organisation_id)
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Enter the answer.")})
    check_text("answer", answer, request)
    request.answer = answer
    request.answered_on = answered_on or timezone.localdate()
    request.status = CountryInformationRequest.Status.ANSWERED
    if request.sent_on is None:
        request.sent_on = request.answered_on
    claim_version(request, expected_version)
    request.save()
    record(actor, "country_request.answered", request, case_id=request.case_id)
    return request
