"""Writes of the disclosures app: disclosing to an authority, revoking, and what the
authority does with a disclosure (confirm, ask, record the GÜB).

Each write validates, saves and audits in one transaction. The consent gate lives in
disclosure_create(): nothing is disclosed without a valid consent of a household member to a
disclosure to exactly this authority (DESIGN.md §4, §6).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Organisation
from apps.accounts.selectors import ensure_perm
from apps.audit.services import record
from apps.cases.models import Case
from apps.clients.models import Consent
from apps.core.locking import claim_version
from apps.disclosures import selectors
from apps.disclosures.fields import DISCLOSABLE_FIELDS, ordered_fields
from apps.disclosures.models import BorderCrossingCertificate, Disclosure, DisclosureMessage, DisclosurePurpose

MAX_MESSAGE = 4000


def _audit(actor, action: str, obj, disclosure_or_case, **details) -> None:
    case = disclosure_or_case if isinstance(disclosure_or_case, Case) else disclosure_or_case.case
    record(actor, action, obj, organisation_id=case.organisation_id, case_id=case.pk, details=details)


def _check_recipient(recipient: Organisation) -> None:
    if recipient.kind != Organisation.Kind.AUTHORITY or not recipient.is_active:
        raise ValidationError({"recipient": _("Disclosures go to an active authority (Ausländerbehörde).")})


def _check_consent(case: Case, consent: Consent, recipient: Organisation) -> None:
    if not case.household.members.filter(person_id=consent.person_id).exists():
        raise ValidationError({"consent": _("The consent must be given by a member of the case's household.")})
    if consent.purpose != Consent.Purpose.DISCLOSURE_TO_AUTHORITY:
        raise ValidationError({"consent": _("The consent must be a consent to a disclosure to an authority.")})
    if consent.withdrawn_at is not None:
        raise ValidationError({"consent": _("This consent has been withdrawn.")})
    if consent.recipient_id != recipient.pk:
        raise ValidationError({"consent": _(
            "The consent names another recipient. Record a consent to a disclosure to %(recipient)s first.")
            % {"recipient": recipient.name}})


def _check_fields(fields) -> list[str]:
    fields = list(dict.fromkeys(fields))
    if not fields:
        raise ValidationError({"fields": _("Choose at least one field to disclose.")})
    unknown = sorted(set(fields) - set(DISCLOSABLE_FIELDS))
    if unknown:
        raise ValidationError({"fields": _("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)}})
    return [f.code for f in ordered_fields() if f.code in fields]


ADULT_AGE = 18


def _is_minor(person) -> bool:
    age = person.age
    return age is not None and age < ADULT_AGE


def _check_documents(actor, case: Case, consent: Consent, documents) -> list:
    """Only documents the consent can cover: of the case, visible, not deleted, never of a
    sensitive type (a medical report), and concerning the consenting person, a minor of the
    household when the consenting person is an adult, or nobody in particular."""
    documents = list(documents)
    if any(document.is_sensitive for document in documents):
        raise ValidationError({"documents": _(
            "Medical reports and other sensitive documents cannot be disclosed to an authority.")})
    allowed = set(selectors.disclosable_documents(actor, case).values_list("pk", flat=True))
    if any(document.pk not in allowed for document in documents):
        raise ValidationError({"documents": _("Only documents of this case that are not deleted can be disclosed.")})
    consenting = consent.person
    minors = set()
    if not _is_minor(consenting):
        minors = {p.pk for p in selectors.household_persons(case) if _is_minor(p)}
    for document in documents:
        if document.person_id not in (None, consenting.pk) and document.person_id not in minors:
            raise ValidationError({"documents": _(
                "The document “%(title)s” concerns another member of the household; it can only be disclosed "
                "on that person's own consent.") % {"title": document.title}})
    return documents


@transaction.atomic
def disclosure_create(*, actor, case: Case, consent: Consent, recipient: Organisation, purpose: str,
                      fields, documents=(), valid_until: date | None = None) -> Disclosure:
    """Disclose exactly `fields` and `documents` of the case to `recipient`, on `consent`."""
    ensure_perm(actor, "disclosure.create", case.organisation_id)
    _check_recipient(recipient)
    _check_consent(case, consent, recipient)
    if purpose not in DisclosurePurpose.values:
        raise ValidationError({"purpose": _("Choose the purpose of the disclosure.")})
    codes = _check_fields(fields)
    documents = _check_documents(actor, case, consent, documents)
    if valid_until is not None and valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("The end of the disclosure cannot lie in the past.")})
    disclosure = Disclosure.objects.create(case=case, consent=consent, recipient=recipient, purpose=purpose,
                                           fields=codes, valid_until=valid_until, created_by=actor)
    disclosure.documents.set(documents)
    persons = selectors.persons_to_pin(case, consent, codes)
    disclosure.persons.set(persons)
    _audit(actor, "disclosure.created", disclosure, case, recipient_id=recipient.pk, consent_id=consent.pk,
           purpose=purpose, fields=codes, document_ids=[d.pk for d in documents],
           person_ids=[p.pk for p in persons])
    return disclosure


@transaction.atomic
def disclosure_revoke(*, actor, disclosure: Disclosure, expected_version: int | None = None) -> Disclosure:
    """End the recipient's access now. Revoking twice changes nothing."""
    ensure_perm(actor, "disclosure.create", disclosure.case.organisation_id)
    if disclosure.revoked_at is not None:
        return disclosure
    now = timezone.now()
    claim_version(disclosure, expected_version, revoked_at=now, revoked_by=actor)
    disclosure.revoked_at, disclosure.revoked_by = now, actor
    _audit(actor, "disclosure.revoked", disclosure, disclosure, recipient_id=disclosure.recipient_id)
    return disclosure


def _message_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the message.")})
    if len(text) > MAX_MESSAGE:
        raise ValidationError({"text": _("The message is too long.")})
    return text


def _ensure_recipient(actor, disclosure: Disclosure) -> None:
    """The authority acts only on an accessible disclosure addressed to it."""
    ensure_perm(actor, "application.confirm", disclosure.recipient_id)
    if not selectors.is_accessible(disclosure):
        raise ValidationError(_("This disclosure is no longer accessible."))


@transaction.atomic
def disclosure_confirm(*, actor, disclosure: Disclosure, expected_version: int | None = None) -> Disclosure:
    """The authority confirms it has received the disclosure (and is working on it)."""
    _ensure_recipient(actor, disclosure)
    if disclosure.confirmed_at is not None:
        raise ValidationError(_("This disclosure has already been confirmed."))
    now = timezone.now()
    claim_version(disclosure, expected_version, confirmed_at=now, confirmed_by=actor)
    disclosure.confirmed_at, disclosure.confirmed_by = now, actor
    _audit(actor, "disclosure.confirmed", disclosure, disclosure)
    return disclosure


def _message(actor, disclosure: Disclosure, organisation_id: int, text: str, action: str) -> DisclosureMessage:
    message = DisclosureMessage.objects.create(disclosure=disclosure, organisation_id=organisation_id,
                                               author=actor, text=_message_text(text))
    _audit(actor, action, message, disclosure, disclosure_id=disclosure.pk)
    return message


@transaction.atomic
def disclosure_ask(*, actor, disclosure: Disclosure, text: str) -> DisclosureMessage:
    """A question of the authority to the disclosing organisation."""
    _ensure_recipient(actor, disclosure)
    return _message(actor, disclosure, disclosure.recipient_id, text, "disclosure.question_asked")


@transaction.atomic
def disclosure_answer(*, actor, disclosure: Disclosure, text: str) -> DisclosureMessage:
    """The counselling organisation's answer; only while the authority still has access."""
    ensure_perm(actor, "disclosure.create", disclosure.case.organisation_id)
    if not selectors.is_accessible(disclosure):
        raise ValidationError(_("This disclosure is no longer accessible to the authority."))
    return _message(actor, disclosure, disclosure.case.organisation_id, text, "disclosure.question_answered")


def _check_certificate(number: str, issued_on: date, valid_until: date, persons, allowed, outsider: str) -> list:
    persons = list(persons)
    if not persons:
        raise ValidationError({"persons": _("Name at least one person the certificate covers.")})
    allowed_ids = set(allowed.values_list("pk", flat=True))
    if any(person.pk not in allowed_ids for person in persons):
        raise ValidationError({"persons": outsider})
    if valid_until < issued_on:
        raise ValidationError({"valid_until": _("The certificate cannot expire before it was issued.")})
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("The date of issue cannot lie in the future.")})
    if len(number or "") > 60:
        raise ValidationError({"number": _("The number is too long.")})
    return persons


def _certificate(actor, case, disclosure, issued_by, number, issued_on, valid_until, persons, via):
    certificate = BorderCrossingCertificate.objects.create(
        case=case, disclosure=disclosure, number=(number or "").strip(), issued_on=issued_on,
        valid_until=valid_until, issued_by=issued_by, recorded_by=actor)
    certificate.persons.set(persons)
    _audit(actor, "border_crossing_certificate.recorded", certificate, case, via=via,
           disclosure_id=disclosure.pk if disclosure else None, person_ids=[p.pk for p in persons])
    return certificate


@transaction.atomic
def gub_record(*, actor, disclosure: Disclosure, number: str, issued_on: date, valid_until: date,
               persons) -> BorderCrossingCertificate:
    """The authority records the GÜB it issued for persons of the disclosed household."""
    _ensure_recipient(actor, disclosure)
    persons = _check_certificate(number, issued_on, valid_until, persons, selectors.disclosed_persons(disclosure),
                                 _("The certificate can only name persons of the disclosed household."))
    return _certificate(actor, disclosure.case, disclosure, disclosure.recipient, number, issued_on, valid_until,
                        persons, "authority")


@transaction.atomic
def gub_record_by_counsellor(*, actor, case: Case, number: str, issued_on: date, valid_until: date, persons,
                             issued_by: Organisation, disclosure: Disclosure | None = None
                             ) -> BorderCrossingCertificate:
    """The counsellor records a GÜB from the paper copy the client brought."""
    ensure_perm(actor, "case.write", case.organisation_id)
    if issued_by.kind != Organisation.Kind.AUTHORITY:
        raise ValidationError({"issued_by": _("A border crossing certificate is issued by an authority.")})
    if disclosure is not None and disclosure.case_id != case.pk:
        raise ValidationError({"disclosure": _("The disclosure belongs to another case.")})
    persons = _check_certificate(number, issued_on, valid_until, persons, selectors.household_persons(case),
                                 _("The certificate can only name members of the case's household."))
    return _certificate(actor, case, disclosure, issued_by, number, issued_on, valid_until, persons, "counsellor")
