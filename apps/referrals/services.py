"""Writes of the referrals app: directory entries, outgoing and incoming referrals.

Each write validates, saves and audits in one transaction. The consent gate lives in
referral_send(): nothing leaves the case without the client's valid consent to a referral
to exactly this provider (DESIGN.md §2).
"""

import json
import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Organisation
from apps.accounts.selectors import ensure_perm, user_has_perm
from apps.audit.services import record
from apps.cases.models import Case, FirstContactSource
from apps.cases.services import case_open, task_create
from apps.clients.models import Consent, Person
from apps.clients.selectors import valid_consent_exists
from apps.clients.services import household_create, person_create
from apps.core.languages import language_choices
from apps.core.locking import claim_version
from apps.referrals.models import (
    DeclineReason,
    IncomingReferral,
    IncomingStatus,
    Referral,
    ReferralStatus,
    Service,
    SharedField,
)
from apps.referrals.selectors import follow_up_days, receiving_organisations

# --- Service directory --------------------------------------------------------------------

SERVICE_FIELDS = ("name", "statewide", "languages", "street", "postcode", "city", "phone", "email",
                  "website", "opening_hours", "accessibility", "notes", "is_active")


def _ensure_directory_manager(actor) -> None:
    # The directory is network-wide: a directory manager of any organisation edits it.
    if not user_has_perm(actor, "directory.manage"):
        raise PermissionDenied("directory.manage")


def _check_languages(languages) -> None:
    known = {code for code, _name in language_choices()}
    unknown = sorted(set(languages) - known)
    if unknown:
        raise ValidationError({"languages": _("Unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)}})


def _unique_code(name: str) -> str:
    base = re.sub(r"[^A-Z0-9]", "", name.upper())[:8] or "ORG"
    code, n = base, 1
    while Organisation.objects.filter(code=code).exists():
        n += 1
        code = f"{base[:12 - len(str(n))]}{n}"
    return code


# Who may offer a directory entry: the organisations a client's consent to a referral can
# name. Authorities and funders receive no referrals.
PROVIDER_KINDS = (Organisation.Kind.PARTNER, Organisation.Kind.COUNSELLING_PROVIDER,
                  Organisation.Kind.COMPETENCE_CENTRE)
OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.NO_RESPONSE)


def provider_choices():
    """Active organisations that may offer a directory entry."""
    return Organisation.objects.filter(is_active=True, kind__in=PROVIDER_KINDS)


def _check_provider(provider: Organisation) -> None:
    if provider.kind not in PROVIDER_KINDS:
        raise ValidationError({"provider": _(
            "A service can be offered by a partner organisation, a counselling provider or a competence centre.")})


def provider_create(*, actor, name: str) -> Organisation:
    """A partner organisation for a directory entry whose provider is not in ReturnNet yet."""
    _ensure_directory_manager(actor)
    name = name.strip()
    if not name:
        raise ValidationError({"provider_name": _("Name the provider.")})
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError({"provider_name": _("An organisation with this name exists; choose it instead.")})
    organisation = Organisation.objects.create(name=name, code=_unique_code(name), kind=Organisation.Kind.PARTNER)
    record(actor, "organisation.created", organisation, details={"via": "service directory"})
    return organisation


def _apply_service(service: Service, data: dict) -> None:
    for key, value in data.items():
        if key in SERVICE_FIELDS:
            setattr(service, key, value)
    _check_languages(service.languages)
    service.full_clean(exclude=["provider"])


def _check_types(service_types) -> None:
    if not list(service_types):
        raise ValidationError({"service_types": _("Choose at least one service type.")})


@transaction.atomic
def service_create(*, actor, data: dict, service_types, districts=(), provider: Organisation | None = None,
                   provider_name: str = "") -> Service:
    """A directory entry; without `provider`, a partner organisation named `provider_name` is created."""
    _ensure_directory_manager(actor)
    _check_types(service_types)
    if provider is None:
        provider = provider_create(actor=actor, name=provider_name)
    _check_provider(provider)
    service = Service(provider=provider)
    _apply_service(service, data)
    service.save()
    service.service_types.set(service_types)
    service.districts.set(districts)
    record(actor, "service.created", service, organisation_id=provider.pk)
    return service


def _change_provider(service: Service, provider: Organisation) -> None:
    """A new provider only while no referral is under way: the client consented to a
    referral to the old one, and the referral stays addressed to it."""
    _check_provider(provider)
    if service.referrals.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError({"provider": _(
            "The provider cannot be changed while referrals to this service are under way. Wait until they "
            "have been answered, or add the service of the new provider as a new entry.")})
    service.provider = provider


@transaction.atomic
def service_update(*, actor, service: Service, expected_version: int, data: dict, service_types=None,
                   districts=None, provider: Organisation | None = None) -> Service:
    _ensure_directory_manager(actor)
    if service_types is not None:
        _check_types(service_types)
    previous_provider_id = service.provider_id
    if provider is not None and provider.pk != service.provider_id:
        _change_provider(service, provider)
    _apply_service(service, data)
    claim_version(service, expected_version)
    service.save()
    if service_types is not None:
        service.service_types.set(service_types)
    if districts is not None:
        service.districts.set(districts)
    record(actor, "service.updated", service, organisation_id=service.provider_id,
           details={"fields": sorted(k for k in data if k in SERVICE_FIELDS),
                    **({"provider_from": previous_provider_id, "provider_to": service.provider_id}
                       if service.provider_id != previous_provider_id else {})})
    return service


# --- Outgoing referrals -------------------------------------------------------------------

S = ReferralStatus
SENDER, PROVIDER = "sender", "provider"
# from → {to: who may set it}. The sender may record any answer (a provider outside
# ReturnNet answers by phone or letter); only the sender decides there was no response.
TRANSITIONS: dict[str, dict[str, set[str]]] = {
    S.PROPOSED: {},  # leaves "proposed" only through referral_send()
    S.SENT: {S.ACCEPTED: {SENDER, PROVIDER}, S.DECLINED: {SENDER, PROVIDER}, S.NO_RESPONSE: {SENDER}},
    S.ACCEPTED: {S.COMPLETED: {SENDER, PROVIDER}, S.DECLINED: {SENDER, PROVIDER}},
    S.NO_RESPONSE: {S.ACCEPTED: {SENDER, PROVIDER}, S.DECLINED: {SENDER, PROVIDER}},
    S.COMPLETED: {},
    S.DECLINED: {},
}


def allowed_referral_transitions(referral: Referral, side: str) -> list[str]:
    return [to for to, sides in TRANSITIONS[referral.status].items() if side in sides]


def _check_person_in_case(case: Case, person: Person) -> None:
    if not case.household.members.filter(person_id=person.pk).exists():
        raise ValidationError({"person": _("The person must be a member of the case's household.")})


def _check_shared_fields(fields) -> list[str]:
    fields = list(dict.fromkeys(fields))
    if not fields:
        raise ValidationError({"shared_fields": _("Choose at least the information that goes with the referral.")})
    unknown = sorted(set(fields) - set(SharedField.values))
    if unknown:
        raise ValidationError({"shared_fields": _("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)}})
    return [f for f in SharedField.values if f in fields]


@transaction.atomic
def referral_create(*, actor, case: Case, service: Service, person: Person, reason: str,
                    shared_fields) -> Referral:
    """A proposed referral; nothing is shared until it is sent."""
    ensure_perm(actor, "case.write", case.organisation_id)
    _check_person_in_case(case, person)
    if not service.is_active:
        raise ValidationError({"service": _("This service is no longer in the directory.")})
    if service.is_sensitive:
        ensure_perm(actor, "case.sensitive.read", case.organisation_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the referral.")})
    referral = Referral.objects.create(
        case=case, service=service, person=person, reason=reason.strip(),
        shared_fields=_check_shared_fields(shared_fields), created_by=actor,
    )
    record(actor, "referral.created", referral, organisation_id=case.organisation_id,
           details={"service_id": service.pk, "shared_fields": referral.shared_fields})
    return referral


def snapshot(referral: Referral) -> dict:
    """Exactly the shared fields of the person, as they are now."""
    person = referral.person
    values = {
        SharedField.NAME: lambda: {"family_name": person.family_name, "given_names": person.given_names},
        SharedField.BIRTH_DATE: lambda: person.display_birth_date,
        SharedField.NATIONALITIES: lambda: [c.code for c in person.nationalities],
        SharedField.LANGUAGES: lambda: list(person.languages.values_list("language", flat=True)),
        SharedField.PHONE: lambda: str(person.phone or ""),
        SharedField.EMAIL: lambda: person.email,
        SharedField.ADDRESS: lambda: {"street": person.street, "postcode": person.postcode, "city": person.city,
                                      "district": person.district.name if person.district_id else ""},
        SharedField.REASON: lambda: referral.reason,
    }
    return {field: values[field]() for field in referral.shared_fields}


@transaction.atomic
def referral_send(*, actor, referral: Referral, expected_version: int | None = None) -> Referral:
    """Send a proposed referral: refused without the client's valid consent to a referral
    to this very provider. Takes the snapshot and creates the follow-up task."""
    case = referral.case
    ensure_perm(actor, "case.write", case.organisation_id)
    if referral.status != S.PROPOSED:
        raise ValidationError(_("This referral has already been sent."))
    provider = referral.service.provider
    if not valid_consent_exists(referral.person, Consent.Purpose.REFERRAL, recipient_id=provider.pk):
        raise ValidationError(
            _("%(person)s has not given a valid consent to a referral to %(provider)s. Record the consent "
              "(purpose “Referral to a specialist service”, recipient %(provider)s) before sending.")
            % {"person": referral.person, "provider": provider.name},
            code="consent_missing",
        )
    claim_version(referral, expected_version)
    referral.recipient_organisation = provider
    referral.consent = referral.person.consents.filter(
        purpose=Consent.Purpose.REFERRAL, recipient_id=provider.pk, withdrawn_at__isnull=True
    ).order_by("-given_at").first()
    referral.shared_data = json.dumps(snapshot(referral), ensure_ascii=False)
    referral.status, referral.sent_at, referral.sent_by = S.SENT, timezone.now(), actor
    referral.follow_up_task = task_create(
        actor=actor, case=case, assignee=actor,
        # Neutral: tasks are shown to everyone who reads the case, and the service may
        # reveal special categories of data.
        title=_("Follow up referral %(number)s") % {"number": referral.number},
        due_date=timezone.localdate() + timedelta(days=follow_up_days()),
    )
    referral.save()
    record(actor, "referral.sent", referral, organisation_id=case.organisation_id,
           details={"recipient_id": provider.pk, "consent_id": referral.consent_id,
                    "shared_fields": referral.shared_fields})
    return referral


def _is_recipient(actor, referral: Referral) -> bool:
    """Only the organisation the referral was sent to answers for the provider (a proposed
    referral has no recipient yet)."""
    return (referral.recipient_organisation_id is not None
            and user_has_perm(actor, "referral.receive", referral.recipient_organisation_id))


def _side(actor, referral: Referral) -> str:
    if user_has_perm(actor, "case.write", referral.case.organisation_id):
        return SENDER
    if _is_recipient(actor, referral):
        return PROVIDER
    raise PermissionDenied("referral")


@transaction.atomic
def referral_set_status(*, actor, referral: Referral, to_status: str, note: str = "",
                        expected_version: int | None = None, side: str | None = None) -> Referral:
    """Move a sent referral along the table above; the provider may add a short note."""
    side = side or _side(actor, referral)
    if side == PROVIDER and not _is_recipient(actor, referral):
        raise PermissionDenied("referral.receive")
    if side == SENDER:
        ensure_perm(actor, "case.write", referral.case.organisation_id)
    if to_status not in allowed_referral_transitions(referral, side):
        labels = dict(S.choices)
        raise ValidationError(_("A referral cannot move from “%(from)s” to “%(to)s”.") % {
            "from": labels.get(referral.status, referral.status), "to": labels.get(to_status, to_status)})
    from_status = referral.status
    claim_version(referral, expected_version)
    referral.status = to_status
    if from_status == S.SENT:
        referral.answered_at = timezone.now()
    if note.strip():
        referral.provider_note = note.strip()
    referral.save()
    record(actor, "referral.status_changed", referral, organisation_id=referral.case.organisation_id,
           details={"from": from_status, "to": to_status, "side": side})
    return referral


# --- Incoming referrals -------------------------------------------------------------------

I = IncomingStatus  # noqa: E741
INCOMING_TRANSITIONS: dict[str, set[str]] = {
    I.RECEIVED: {I.APPOINTMENT_OFFERED, I.COUNSELLING_STARTED, I.DECLINED},
    I.APPOINTMENT_OFFERED: {I.COUNSELLING_STARTED, I.DECLINED},
    I.COUNSELLING_STARTED: set(),
    I.DECLINED: set(),
}
INCOMING_FIELDS = ("family_name", "given_names", "phone", "email", "language", "district", "reason",
                   "urgency", "consent_confirmed", "consent_form")


@transaction.atomic
def incoming_submit(*, actor, from_organisation: Organisation, to_organisation: Organisation,
                    data: dict) -> IncomingReferral:
    """Partner or authority staff refer a person to counselling, with the person's consent."""
    ensure_perm(actor, "referral.submit", from_organisation.pk)
    if not receiving_organisations().filter(pk=to_organisation.pk).exists():
        raise ValidationError({"to_organisation": _("Choose a counselling organisation.")})
    incoming = IncomingReferral(from_organisation=from_organisation, to_organisation=to_organisation,
                                submitted_by=actor, **{k: v for k, v in data.items() if k in INCOMING_FIELDS})
    if not incoming.consent_confirmed:
        raise ValidationError({"consent_confirmed": _(
            "A referral needs the person's consent to be referred and to this data being passed on.")})
    incoming.full_clean(exclude=["from_organisation", "to_organisation", "submitted_by", "case"])
    incoming.save()
    record(actor, "incoming_referral.submitted", incoming, organisation_id=to_organisation.pk,
           details={"from_organisation_id": from_organisation.pk, "urgency": incoming.urgency})
    return incoming


def _incoming_move(actor, incoming: IncomingReferral, to_status: str, expected_version: int | None,
                   **values) -> IncomingReferral:
    ensure_perm(actor, "case.write", incoming.to_organisation_id)
    if to_status not in INCOMING_TRANSITIONS[incoming.status]:
        labels = dict(I.choices)
        raise ValidationError(_("An incoming referral cannot move from “%(from)s” to “%(to)s”.") % {
            "from": labels[incoming.status], "to": labels.get(to_status, to_status)})
    claim_version(incoming, expected_version)
    from_status = incoming.status
    incoming.status = to_status
    for key, value in values.items():
        setattr(incoming, key, value)
    incoming.save()
    record(actor, "incoming_referral.status_changed", incoming, details={"from": from_status, "to": to_status})
    return incoming


@transaction.atomic
def incoming_offer_appointment(*, actor, incoming: IncomingReferral, appointment_at=None,
                               expected_version: int | None = None) -> IncomingReferral:
    return _incoming_move(actor, incoming, I.APPOINTMENT_OFFERED, expected_version, appointment_at=appointment_at)


@transaction.atomic
def incoming_decline(*, actor, incoming: IncomingReferral, reason: str,
                     expected_version: int | None = None) -> IncomingReferral:
    if reason not in DeclineReason.values:
        raise ValidationError({"decline_reason": _("Choose a reason.")})
    return _incoming_move(actor, incoming, I.DECLINED, expected_version, decline_reason=reason)


def _source(incoming: IncomingReferral) -> str:
    if incoming.from_organisation.kind == Organisation.Kind.AUTHORITY:
        return FirstContactSource.AUTHORITY
    return FirstContactSource.PARTNER


@transaction.atomic
def incoming_open_case(*, actor, incoming: IncomingReferral, office=None,
                       expected_version: int | None = None) -> Case:
    """Accept: a new person, household and case from the referral's minimal data.
    (The view runs the duplicate check first and offers linking instead.)"""
    ensure_perm(actor, "case.write", incoming.to_organisation_id)
    if incoming.status not in (I.RECEIVED, I.APPOINTMENT_OFFERED):
        raise ValidationError(_("This referral has already been dealt with."))
    person = person_create(
        actor=actor, organisation=incoming.to_organisation,
        data={"family_name": incoming.family_name, "given_names": incoming.given_names,
              "phone": incoming.phone, "email": incoming.email, "district": incoming.district},
        languages=[(incoming.language, "native")] if incoming.language else [],
    )
    household = household_create(actor=actor, principal=person)
    case = case_open(actor=actor, household=household, office=office, first_contact_source=_source(incoming))
    _incoming_move(actor, incoming, I.COUNSELLING_STARTED, expected_version, case=case)
    return case


@transaction.atomic
def incoming_link_case(*, actor, incoming: IncomingReferral, case: Case,
                       expected_version: int | None = None) -> IncomingReferral:
    """Accept: the person already has a case in the receiving organisation."""
    if case.organisation_id != incoming.to_organisation_id:
        raise ValidationError({"case": _("The case belongs to another organisation.")})
    return _incoming_move(actor, incoming, I.COUNSELLING_STARTED, expected_version, case=case)
