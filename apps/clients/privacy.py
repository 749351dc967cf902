"""What clients holds about a person, for the subject-access export, erasure and anonymisation
(apps.privacy.registry). clients runs last (order 30): every higher app has let go of the
person (their rows protect the person from deletion) before the person goes.
"""

import logging
from datetime import date

from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.clients.models import Consent, Household, HouseholdMember, Person, PersonNameToken
from apps.clients.services import rebuild_household_tokens
from apps.core.templatetags.returnnet import language
from apps.privacy.registry import (
    ANONYMISE,
    ErasureContext,
    SubjectRecord,
    SubjectSource,
    register_subject_source,
)
from apps.privacy.source_helpers import fields_of, label

logger = logging.getLogger(__name__)

# The family name an anonymised person keeps: the column is required, and lists show it.
# Not a word search finds: an anonymised person has no name tokens.
ANONYMISED_NAME = "anonymisiert"
BIRTH_YEAR_BAND = 5


def birth_band_start(born: date) -> date:
    """1 January of the first year of the five-year band the date falls in (1987 → 1985)."""
    return date(born.year - born.year % BIRTH_YEAR_BAND, 1, 1)


def _person_record(person: Person) -> SubjectRecord:
    return SubjectRecord("person", _("Person"), fields_of(person, (
        "family_name", "given_names", "birth_date", "birth_date_precision", "sex", "phone", "email", "street",
        "postcode", "city", "district", "residence_status", "residence_valid_until", "bamf_file_number",
        "anonymised_at"), more={
        label(Person, "name_variants"): [line for line in person.name_variants.splitlines() if line.strip()],
        label(Person, "nationalities"): [country.name for country in person.nationalities],
        _("Languages"): [f"{language(lang.language)} ({lang.get_level_display()})"
                         for lang in person.languages.all()],
    }), at=person.created_at)


def collect(person_id: int):
    person = Person.objects.filter(pk=person_id).select_related("district").first()
    if person is None:
        return []
    records = [_person_record(person)]
    # Records a team lead merged into this one (apps.duplicates) hold the same human's names and
    # contacts as they were entered there: they belong to the export (kind "merged_person"; the
    # title stays "Person", a word the client catalogues already have).
    for merged in Person.objects.filter(merged_into=person).select_related("district"):
        record = _person_record(merged)
        records.append(SubjectRecord("merged_person", record.title, record.fields, at=record.at))
    for consent in Consent.objects.filter(person=person).select_related("recipient"):
        records.append(SubjectRecord("consent", _("Consent"), fields_of(consent, (
            "purpose", "recipient", "given_at", "form", "language", "interpreter_used", "notes", "withdrawn_at")),
            at=consent.given_at))
    for member in HouseholdMember.objects.filter(person=person):
        records.append(SubjectRecord("household_membership", _("Household membership"), fields_of(member, (
            "relationship", "is_principal"), more={_("Household"): f"#{member.household_id}"})))
    return records


def _keeps_for_another_case(ctx: ErasureContext) -> bool:
    """A case's retention covers one case: a person who is also in a household with an open
    case stays as they are (their rows serve that case); closed other cases do not hold the
    person back, or two closed cases would keep each other's members for ever."""
    if not ctx.other_case_ids:
        return False
    # cases sits above clients: the case model is reached through the household's relation.
    case_model = Household._meta.get_field("cases").related_model
    return case_model.objects.filter(pk__in=ctx.other_case_ids, closed_at__isnull=True).exists()


def _promote_principal(household_id: int) -> None:
    """A household whose principal left gets the longest-standing remaining member as its
    principal, so that lists and letters keep a name to address."""
    if HouseholdMember.objects.filter(household_id=household_id, is_principal=True).exists():
        return
    successor = HouseholdMember.objects.filter(household_id=household_id).order_by("id").first()
    if successor:
        HouseholdMember.objects.filter(pk=successor.pk).update(is_principal=True)


def _merged_into(person: Person) -> list[Person]:
    """Records merged into the person (apps.duplicates): the same human, erased with them.
    A merge moved all their rows to the person, so only the records themselves remain."""
    return list(Person.objects.filter(merged_into=person))


def _erase(person: Person, ctx: ErasureContext) -> None:
    household_ids = list(person.memberships.values_list("household_id", flat=True))
    for merged in _merged_into(person):
        Consent.objects.filter(person=merged).delete()
        HouseholdMember.objects.filter(person=merged).delete()
        merged.delete()
        ctx.add("clients.merged_persons", 1)
    ctx.add("clients.consents", Consent.objects.filter(person=person).delete()[0])
    ctx.add("clients.household_memberships", HouseholdMember.objects.filter(person=person).delete()[0])
    person.delete()  # languages and name tokens go with it (CASCADE)
    ctx.add("clients.persons", 1)
    for household_id in household_ids:
        empty = not HouseholdMember.objects.filter(household_id=household_id).exists()
        if empty and not Household.objects.filter(pk=household_id, cases__isnull=False).exists():
            Household.objects.filter(pk=household_id).delete()
            ctx.add("clients.households", 1)
        elif not empty:
            _promote_principal(household_id)
    rebuild_household_tokens(household_ids)


def _anonymise(person: Person, ctx: ErasureContext) -> None:
    if _keeps_for_another_case(ctx):
        ctx.add("clients.persons_kept_for_an_open_case", 1)
        return
    values = {
        "family_name": ANONYMISED_NAME, "given_names": "", "name_variants": "", "phone": "", "email": "",
        "street": "", "postcode": "", "city": "", "bamf_file_number": "", "residence_valid_until": None,
        "anonymised_at": person.anonymised_at or ctx.now, "version": F("version") + 1,
    }
    for merged in [person, *_merged_into(person)]:
        if merged.birth_date:
            values.update(birth_date=birth_band_start(merged.birth_date),
                          birth_date_precision=Person.BirthDatePrecision.YEAR)
        else:
            values.pop("birth_date", None), values.pop("birth_date_precision", None)
        Person.objects.filter(pk=merged.pk).update(**values)
        PersonNameToken.objects.filter(person=merged).delete()
    # Consent notes are free text; purpose, form and dates stay as the record of what was agreed.
    Consent.objects.filter(person=person).update(notes="")
    rebuild_household_tokens(person.memberships.values_list("household_id", flat=True))
    ctx.add("clients.persons_anonymised", 1)


def _truncate_sqlite_wal() -> None:
    """SQLite's write-ahead log keeps images of the pages as they were before the erasure
    until a checkpoint copies them back; truncating it after the erasure leaves the erased
    content nowhere (secure_delete zeroes it in the database file itself). A checkpoint that
    a long reader blocks stays partial; the next one completes it."""
    # Inside a transaction (a caller's, or a test's) no checkpoint can run; the next one will.
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except OperationalError:  # busy: SQLite's own checkpoints get there later
        logger.warning("the write-ahead log could not be truncated after an erasure")


def erase(ctx: ErasureContext) -> None:
    person = Person.objects.filter(pk=ctx.person_id).first()
    if person is None:
        return
    transaction.on_commit(_truncate_sqlite_wal)
    if ctx.mode == ANONYMISE:
        _anonymise(person, ctx)
    elif ctx.other_case_ids:
        # A case erased by its retention while the person has another case: the person
        # stays for that case (the cases source removed the erased case itself).
        ctx.add("clients.persons_kept_for_another_case", 1)
    else:
        _erase(person, ctx)


def register() -> None:
    register_subject_source(SubjectSource("clients", gettext_lazy("Persons, households and consents"), collect,
                                          erase, order=30))
