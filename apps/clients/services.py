"""Writes for persons, households and consents. Each runs in one transaction and audits."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import ensure_perm
from apps.audit.services import record
from apps.clients import names
from apps.clients.models import (
    Consent,
    Household,
    HouseholdMember,
    HouseholdNameToken,
    Person,
    PersonLanguage,
    PersonNameToken,
)
from apps.core.locking import claim_version
from apps.core.registry import consent_recipients
from apps.core.services import apply_changes

PERSON_FIELDS = (
    "family_name", "given_names", "name_variants", "birth_date", "birth_date_precision", "sex",
    "nationalities", "phone", "email", "street", "postcode", "city", "district",
    "residence_status", "residence_valid_until", "bamf_file_number",
)


def rebuild_name_tokens(person: Person) -> None:
    """Rebuild the person's search tokens and those of every household they belong to."""
    PersonNameToken.objects.filter(person=person).delete()
    tokens = names.person_tokens(person.family_name, person.given_names, person.name_variants)
    PersonNameToken.objects.bulk_create(PersonNameToken(person=person, token=t) for t in tokens)
    rebuild_household_tokens(person.memberships.values_list("household_id", flat=True))


def rebuild_household_tokens(household_ids) -> None:
    """A household's tokens are the union of its members' search tokens (the duplicate
    check's keys stay with the persons: nothing looks households up by them)."""
    household_ids = list(household_ids)
    HouseholdNameToken.objects.filter(household_id__in=household_ids).delete()
    pairs = PersonNameToken.objects.filter(person__memberships__household_id__in=household_ids).exclude(
        token__startswith=names.CONSONANT_PREFIX).exclude(token__startswith=names.ARABIC_PREFIX).values_list(
        "person__memberships__household_id", "token").distinct()
    HouseholdNameToken.objects.bulk_create(
        [HouseholdNameToken(household_id=h, token=t) for h, t in pairs if h in household_ids],
        ignore_conflicts=True)


def _set_languages(person: Person, languages: list[tuple[str, str]]) -> None:
    PersonLanguage.objects.filter(person=person).delete()
    seen = {}
    for code, level in languages:
        if code:
            seen[code] = level
    PersonLanguage.objects.bulk_create(
        PersonLanguage(person=person, language=code, level=level) for code, level in seen.items()
    )


@transaction.atomic
def person_create(*, actor, organisation, data: dict, languages=()) -> Person:
    ensure_perm(actor, "case.write", organisation.pk)
    person = Person(organisation=organisation, **{k: v for k, v in data.items() if k in PERSON_FIELDS})
    person.full_clean(exclude=["organisation"])
    person.save()
    _set_languages(person, list(languages))
    rebuild_name_tokens(person)
    record(actor, "person.created", person)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, expected_version: int, data: dict, languages=None) -> Person:
    ensure_perm(actor, "case.write", person.organisation_id)
    changes = apply_changes(person, data, PERSON_FIELDS)
    person.full_clean(exclude=["organisation"])
    claim_version(person, expected_version, updated_at=timezone.now(),
                  **{k: getattr(person, k) for k in changes})
    if languages is not None:
        _set_languages(person, list(languages))
    rebuild_name_tokens(person)
    record(actor, "person.updated", person, details={"fields": sorted(changes)})
    return person


@transaction.atomic
def household_create(*, actor, principal: Person) -> Household:
    ensure_perm(actor, "case.write", principal.organisation_id)
    household = Household.objects.create(organisation_id=principal.organisation_id)
    HouseholdMember.objects.create(
        household=household, person=principal, is_principal=True,
        relationship=HouseholdMember.Relationship.PRINCIPAL,
    )
    rebuild_household_tokens([household.pk])
    record(actor, "household.created", household, person_id=principal.pk)
    return household


@transaction.atomic
def household_add_member(*, actor, household: Household, person: Person, relationship: str) -> HouseholdMember:
    ensure_perm(actor, "case.write", household.organisation_id)
    if person.organisation_id != household.organisation_id:
        raise ValueError("person and household belong to different organisations")
    member = HouseholdMember.objects.create(household=household, person=person, relationship=relationship)
    rebuild_household_tokens([household.pk])
    record(actor, "household.member_added", household, person_id=person.pk)
    return member


@transaction.atomic
def household_remove_member(*, actor, member: HouseholdMember) -> None:
    ensure_perm(actor, "case.write", member.household.organisation_id)
    if member.is_principal:
        raise ValueError("the principal cannot be removed")
    record(actor, "household.member_removed", member.household, person_id=member.person_id)
    member.delete()
    rebuild_household_tokens([member.household_id])


@transaction.atomic
def consent_record(*, actor, person: Person, data: dict, recipient_key: int | None = None) -> Consent:
    """Record a consent. `recipient_key` names a recipient that an app above keeps for the
    purpose (apps.core.registry.consent_recipients: a partner in the country of origin)."""
    ensure_perm(actor, "case.write", person.organisation_id)
    consent = Consent(person=person, organisation_id=person.organisation_id, recorded_by=actor, **data)
    consent.full_clean(exclude=["person", "organisation", "recorded_by"])
    source = consent_recipients(consent.purpose)
    if recipient_key is not None and source is None:
        raise ValidationError(_("This purpose has no recipient of that kind."))
    consent.save()
    record(actor, "consent.recorded", consent, organisation_id=person.organisation_id,
           person_id=person.pk, details={"purpose": consent.purpose})
    if recipient_key is not None:
        source.attach(actor, consent, recipient_key)
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent) -> Consent:
    ensure_perm(actor, "case.write", consent.organisation_id)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        record(actor, "consent.withdrawn", consent, person_id=consent.person_id,
               details={"purpose": consent.purpose})
    return consent
