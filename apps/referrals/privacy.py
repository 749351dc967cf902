"""The personal data of referrals as a privacy source and record type (apps.privacy.registry).

Outgoing referrals (a counsellor refers a household member to a service): the export shows
each of the person's referrals with the service, the reason, what was shared (the snapshot)
and the provider's note. Erase deletes them; anonymise keeps the service, the status and the
dates (indicators count them) and clears the reason, the snapshot and the note.

Incoming referrals (partner staff refer someone into counselling) carry a name, phone and
e-mail: those that led to one of the person's cases go with the case (a case the household
keeps loses the person's name from them); those declined stay at most the rule's period
("referrals.incoming_declined") and are then anonymised or deleted.
"""

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.clients.models import HouseholdMember
from apps.privacy.registry import (
    ANONYMISE,
    DELETE,
    ErasureContext,
    ProcessingActivity,
    RecordType,
    RetentionScope,
    SubjectRecord,
    SubjectSource,
    register_processing_activity,
    register_record_type,
    register_subject_source,
)
from apps.privacy.scrub import name_variants, scrub
from apps.privacy.source_helpers import bump, fields_of, ids_of, label, scrub_rows
from apps.referrals.models import IncomingReferral, IncomingStatus, Referral, SharedField

REFERRAL_TEXT = ("reason", "shared_data", "provider_note")
INCOMING_IDENTIFYING = {"family_name": "", "given_names": "", "phone": "", "email": "", "reason": ""}


def _incoming_of(person_id: int):
    """Incoming referrals that led to a case of the person's household where the person is
    the principal or the only member (the referral names that person)."""
    households = [household for household, principal in HouseholdMember.objects.filter(
        person_id=person_id).values_list("household_id", "is_principal")
        if principal or not HouseholdMember.objects.filter(household_id=household).exclude(
            person_id=person_id).exists()]
    return IncomingReferral.objects.filter(case__household_id__in=households)


def collect(person_id: int) -> list[SubjectRecord]:
    records = [SubjectRecord("referral", _("Referral"), fields_of(referral, (
        "service", "recipient_organisation", "reason", "status", "provider_note", "created_at", "sent_at",
        "answered_at"), more={
        _("Case"): referral.case.reference,
        label(Referral, "shared_fields"): [str(SharedField(code).label) if code in SharedField.values else code
                                           for code in referral.shared_fields],
        _("Data shared"): referral.shared_data or None}), at=referral.created_at)
        for referral in Referral.objects.filter(person_id=person_id).select_related(
            "case", "service", "recipient_organisation")]
    records += [SubjectRecord("incoming_referral", _("Incoming referral"), fields_of(incoming, (
        "family_name", "given_names", "phone", "email", "language", "district", "reason",
        "urgency", "consent_form", "status", "decline_reason", "appointment_at", "created_at"), more={
        # from_organisation has no translated verbose name
        _("referred by"): str(incoming.from_organisation)}),
        at=incoming.created_at)
        for incoming in _incoming_of(person_id).select_related("from_organisation", "district")]
    return records


def _forget_on_shared(ctx: ErasureContext) -> int:
    """An incoming referral of a case the household keeps that names the person: the name,
    contacts and reason go; other incoming referrals lose the person's names from the reason."""
    changed = 0
    variants = name_variants(ctx.names)
    for incoming in IncomingReferral.objects.filter(case_id__in=ctx.shared_case_ids):
        named = variants and scrub(f"{incoming.given_names} {incoming.family_name}", variants) != (
            f"{incoming.given_names} {incoming.family_name}")
        if named:
            IncomingReferral.objects.filter(pk=incoming.pk).update(**INCOMING_IDENTIFYING, **bump(IncomingReferral))
            changed += 1
        else:
            changed += scrub_rows([incoming], ctx.names, ("reason",))
    return changed


def erase(ctx: ErasureContext) -> None:
    cases = ctx.whole_case_ids | ctx.shared_case_ids
    own = Referral.objects.filter(person_id=ctx.person_id, case_id__in=cases)
    whole_incoming = IncomingReferral.objects.filter(case_id__in=ctx.whole_case_ids)
    if ctx.mode == ANONYMISE:
        ctx.add("referrals.referrals_anonymised", own.update(**dict.fromkeys(REFERRAL_TEXT, ""), **bump(Referral)))
        ctx.add("referrals.incoming_anonymised", whole_incoming.update(**INCOMING_IDENTIFYING,
                                                                        **bump(IncomingReferral)))
    else:
        ctx.add("referrals.referrals", own.delete()[0])
        ctx.add("referrals.incoming", whole_incoming.delete()[0])
    ctx.add("referrals.texts_scrubbed", _forget_on_shared(ctx) + scrub_rows(
        Referral.objects.filter(case_id__in=ctx.shared_case_ids), ctx.names, REFERRAL_TEXT))


# --- Declined incoming referrals -------------------------------------------------------------

def _declined(scope: RetentionScope):
    return IncomingReferral.objects.filter(
        to_organisation_id=scope.organisation_id, status=IncomingStatus.DECLINED,
        updated_at__lt=scope.now - relativedelta(months=scope.months))


def declined_due(scope: RetentionScope):
    # Anonymised rows (names cleared) are not due again. The encrypted names are compared
    # after decryption: only the rows that still name someone count.
    rows = _declined(scope).exclude(case_id__in=scope.held_case_ids)
    return [row.pk for row in rows.only("pk", "family_name", "phone", "email")
            if row.family_name or row.phone or row.email]


def declined_held(scope: RetentionScope) -> int:
    return len([row for row in _declined(scope).filter(case_id__in=scope.held_case_ids).only(
        "pk", "family_name", "phone", "email") if row.family_name or row.phone or row.email])


def declined_apply(due, action: str) -> int:
    rows = IncomingReferral.objects.filter(pk__in=ids_of(due))
    if action == ANONYMISE:
        return rows.update(**INCOMING_IDENTIFYING, **bump(IncomingReferral))
    return rows.delete()[1].get(IncomingReferral._meta.label, 0)


RECORD_TYPE = RecordType(
    code="referrals.incoming_declined", label=gettext_lazy("Declined incoming referrals"),
    trigger=gettext_lazy("after the referral was declined"), actions=(DELETE, ANONYMISE), default_action=DELETE,
    default_months=6, default_legal_basis="Art. 5 Abs. 1 lit. c und e, Art. 17 Abs. 1 lit. a DSGVO",
    default_source="Schätzung, nicht geprüft: sechs Monate, damit Rückfragen der verweisenden Stelle beantwortet "
                   "werden können; danach wird die Person nicht beraten, ihre Daten werden nicht gebraucht.",
    due=declined_due, apply=declined_apply, held=declined_held,
    categories=(gettext_lazy("Names and contact details"), gettext_lazy("Reason for the referral")), order=60,
)

ACTIVITY = ProcessingActivity(
    code="referrals.referrals",
    name=gettext_lazy("Referrals to specialist services and into counselling"),
    purpose=gettext_lazy(
        "Referring clients, with their consent, to services that meet needs counselling cannot (legal advice, "
        "medical and psychosocial care, protection), and receiving referrals into counselling from partners."),
    legal_basis="Art. 6 Abs. 1 lit. a, Art. 9 Abs. 2 lit. a DSGVO (Einwilligung)",
    persons=(gettext_lazy("Clients and the members of their households"),
             gettext_lazy("People referred into counselling by partner organisations")),
    data=(gettext_lazy("Name, contact details, language and district"),
          gettext_lazy("Reason for the referral and the fields the client agreed to share"),
          gettext_lazy("Status and the provider's note")),
    special_categories=(gettext_lazy("Health and experience of violence or trafficking, where the kind of "
                                     "service reveals it"),),
    recipients=(gettext_lazy("The service the client was referred to (only the fields the client chose)"),
                gettext_lazy("The partner organisation that referred the person (the status only)")),
    record_types=("referrals.incoming_declined", "cases.closed_without_return", "cases.returned"),
)


def register() -> None:
    register_subject_source(SubjectSource("referrals", gettext_lazy("Referrals"), collect, erase, order=60))
    register_record_type(RECORD_TYPE)
    register_processing_activity(ACTIVITY)
