"""Writes of the partner directory: profiles, contacts with their consent to be listed, and
agreements with their signed PDF. Holders of network.manage (in any organisation: the
directory is the network's) maintain it; every write is validated, saved and audited in one
transaction; edits name the version they were based on.

(Expert questions and the knowledge base: apps.network.questions.)
"""

import hashlib

import filetype
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Organisation
from apps.accounts.selectors import user_has_perm
from apps.audit.services import record
from apps.core.languages import language_choices
from apps.core.locking import claim_version
from apps.core.uploads import read_upload
from apps.core.validation import SHORT_TEXT_MAX, check_date, clean_text
from apps.network.models import Agreement, AgreementKind, NetworkProfile, NetworkRole, PartnerContact

MANAGE = "network.manage"


def ensure_manager(actor) -> None:
    if not user_has_perm(actor, MANAGE):
        raise PermissionDenied(MANAGE)


# --- Profiles -------------------------------------------------------------------------------

def profile_of(organisation: Organisation) -> NetworkProfile:
    return NetworkProfile.objects.get_or_create(organisation=organisation)[0]


@transaction.atomic
def profile_update(*, actor, organisation: Organisation, roles, districts, description: str,
                   expected_version: int) -> NetworkProfile:
    """Set an organisation's roles in the network, the districts it serves and its description."""
    ensure_manager(actor)
    roles = sorted(set(roles or ()))
    unknown = [code for code in roles if code not in NetworkRole.values]
    if unknown:
        raise ValidationError({"roles": _("Choose roles from the list.")})
    profile = profile_of(organisation)
    claim_version(profile, expected_version, updated_at=timezone.now())
    profile.roles = roles
    profile.description = clean_text(description or "", 2000)
    profile.save(update_fields=["roles", "description"])
    profile.districts.set(districts or ())
    record(actor, "network_profile.updated", profile, organisation_id=organisation.pk,
           details={"roles": roles, "district_ids": sorted(d.pk for d in districts or ())})
    return profile


# --- Contacts -------------------------------------------------------------------------------

CONTACT_FIELDS = ("name", "function", "email", "phone", "languages")


def _check_contact(contact: PartnerContact) -> None:
    contact.name = clean_text(contact.name or "", SHORT_TEXT_MAX)
    contact.function = clean_text(contact.function or "", SHORT_TEXT_MAX)
    contact.phone = clean_text(contact.phone or "", 40)
    if not contact.name:
        raise ValidationError({"name": _("Enter the contact's name.")})
    known = {code for code, _name in language_choices()}
    if not isinstance(contact.languages, list) or not set(contact.languages) <= known:
        raise ValidationError({"languages": _("Choose languages from the list.")})
    contact.full_clean(exclude=["organisation", "consent_recorded_by", "version"])


@transaction.atomic
def contact_create(*, actor, organisation: Organisation, data: dict) -> PartnerContact:
    ensure_manager(actor)
    contact = PartnerContact(organisation=organisation, **{k: v for k, v in data.items() if k in CONTACT_FIELDS})
    _check_contact(contact)
    contact.save()
    record(actor, "partner_contact.created", contact)
    return contact


@transaction.atomic
def contact_update(*, actor, contact: PartnerContact, data: dict, expected_version: int) -> PartnerContact:
    ensure_manager(actor)
    for key in CONTACT_FIELDS:
        if key in data:
            setattr(contact, key, data[key])
    _check_contact(contact)
    claim_version(contact, expected_version)
    contact.save()
    record(actor, "partner_contact.updated", contact,
           details={"fields": sorted(k for k in data if k in CONTACT_FIELDS)})
    return contact


@transaction.atomic
def contact_consent_record(*, actor, contact: PartnerContact, given_on, expected_version: int) -> PartnerContact:
    """Record the contact's consent to be listed in the directory (from then on shown)."""
    ensure_manager(actor)
    if given_on is None:
        raise ValidationError({"given_on": _("Enter the date the consent was given.")})
    check_date(given_on)
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The consent cannot be given in the future.")})
    claim_version(contact, expected_version, consent_given_on=given_on, consent_recorded_by=actor,
                  consent_withdrawn_at=None)
    contact.consent_given_on, contact.consent_recorded_by, contact.consent_withdrawn_at = given_on, actor, None
    record(actor, "partner_contact.consent_recorded", contact, details={"given_on": given_on.isoformat()})
    return contact


@transaction.atomic
def contact_consent_withdraw(*, actor, contact: PartnerContact, expected_version: int) -> PartnerContact:
    """The contact withdrew the consent: hidden from the directory at once."""
    ensure_manager(actor)
    now = timezone.now()
    claim_version(contact, expected_version, consent_withdrawn_at=now)
    contact.consent_withdrawn_at = now
    record(actor, "partner_contact.consent_withdrawn", contact)
    return contact


# --- Agreements -----------------------------------------------------------------------------

def _check_agreement(agreement: Agreement) -> None:
    if agreement.kind not in AgreementKind.values:
        raise ValidationError({"kind": _("Choose a kind of agreement.")})
    if agreement.valid_from is None:
        raise ValidationError({"valid_from": _("Enter the date from which the agreement is valid.")})
    check_date(agreement.valid_from)
    if agreement.valid_until is not None:
        check_date(agreement.valid_until)
        if agreement.valid_until < agreement.valid_from:
            raise ValidationError({"valid_until": _("The end must not lie before the start.")})
    agreement.note = clean_text(agreement.note or "", 500)


def _attach_pdf(agreement: Agreement, uploaded_file) -> None:
    data = read_upload(uploaded_file)
    kind = filetype.guess(data)
    if kind is None or kind.mime != "application/pdf":
        raise ValidationError({"file": _("Upload the agreement as a PDF file.")})
    agreement.original_name = clean_text(getattr(uploaded_file, "name", "") or "agreement.pdf", 255)
    agreement.size = len(data)
    agreement.sha256 = hashlib.sha256(data).hexdigest()
    agreement.file.save("agreement", ContentFile(data), save=False)


@transaction.atomic
def agreement_create(*, actor, organisation: Organisation, kind: str, valid_from, valid_until=None,
                     note: str = "", uploaded_file=None) -> Agreement:
    """Record an agreement (optionally with its PDF, stored encrypted like case documents)."""
    ensure_manager(actor)
    agreement = Agreement(organisation=organisation, kind=kind, valid_from=valid_from, valid_until=valid_until,
                          note=note, created_by=actor)
    _check_agreement(agreement)
    if uploaded_file is not None:
        _attach_pdf(agreement, uploaded_file)
    agreement.save()
    record(actor, "agreement.created", agreement, details={"kind": kind, "file": bool(agreement.file)})
    return agreement


@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, data: dict, expected_version: int,
                     uploaded_file=None) -> Agreement:
    ensure_manager(actor)
    for key in ("kind", "valid_from", "valid_until", "note"):
        if key in data:
            setattr(agreement, key, data[key])
    _check_agreement(agreement)
    claim_version(agreement, expected_version)
    if uploaded_file is not None:
        old = agreement.file.name if agreement.file else ""
        _attach_pdf(agreement, uploaded_file)
        if old:
            transaction.on_commit(lambda: agreement.file.storage.delete(old))
    agreement.save()
    record(actor, "agreement.updated", agreement, details={"file_replaced": uploaded_file is not None})
    return agreement


@transaction.atomic
def agreement_delete(*, actor, agreement: Agreement) -> None:
    ensure_manager(actor)
    name, storage = (agreement.file.name, agreement.file.storage) if agreement.file else ("", None)
    record(actor, "agreement.deleted", agreement)
    agreement.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
