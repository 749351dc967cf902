"""Reads of persons and households, scoped to what the acting user may see."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from apps.accounts.selectors import organisation_ids_with
from apps.audit.services import record
from apps.clients import names
from apps.clients.models import (
    Consent,
    Household,
    HouseholdMember,
    HouseholdNameToken,
    Person,
    PersonNameToken,
)
from apps.core.registry import consent_recipient_names, household_scope


def _household_visible(user, household_ref):
    """The conditions that apps above clients put on a household (apps.core.registry).

    cases registers one: a household is visible when one of its cases is, or when it has
    no case yet (apps.cases.selectors.household_scope).
    """
    return household_scope(user, household_ref)


def persons_visible_to(user) -> QuerySet[Person]:
    """The one scoping point for persons (DESIGN.md §6): persons of the user's organisations
    who belong to a visible household or to none."""
    orgs = organisation_ids_with(user, "case.read")
    in_visible_household = HouseholdMember.objects.filter(person=OuterRef("pk")).filter(
        _household_visible(user, OuterRef("household_id")))
    in_any_household = HouseholdMember.objects.filter(person=OuterRef("pk"))
    return Person.objects.filter(organisation_id__in=orgs, merged_into__isnull=True).filter(
        Exists(in_visible_household) | ~Exists(in_any_household))


def households_visible_to(user) -> QuerySet[Household]:
    orgs = organisation_ids_with(user, "case.read")
    return Household.objects.filter(organisation_id__in=orgs).filter(_household_visible(user, OuterRef("pk")))


def person_for(user, pk: int, *, audit: bool = True) -> Person:
    """A person the user may see, or 404; the read is audited."""
    person = get_object_or_404(
        persons_visible_to(user).select_related("district", "organisation"), pk=pk
    )
    if audit:
        record(user, "person.viewed", person)
    return person


def _word_conditions(word: str) -> list[Q]:
    """How a token matches one query word: the word as a prefix, or, for words of four
    letters or more, the same skeleton (shorter words have skeletons too common to mean
    anything)."""
    conditions = [Q(token__gte=word, token__lt=word + "\x7f")]
    if len(word) > 3:
        conditions.append(Q(token="~" + names.skeleton(word)))
    return conditions


def _nested_matches(token_model, id_field: str, words: list[str]) -> QuerySet:
    """Each word a semi-join into the ids of the words before it. With one word this is a
    plain index range that a LIMIT stops early (the case list's capped count at 1,001)."""
    result = None
    for word in words:
        condition = Q()
        for alternative in _word_conditions(word):
            condition |= alternative
        matches = token_model.objects.filter(condition)
        if result is not None:
            matches = matches.filter(**{f"{id_field}__in": result})
        result = matches.values(id_field)
    return result


def _intersected_matches(token_model, id_field: str, words: list[str]) -> QuerySet:
    """INTERSECT of one id set per word, each a UNION ALL of its prefix range and skeleton.

    Every branch is an index-only scan of the (token, id) index and the intersection hashes
    the sets once, where the nested form probed the id index of the token table (and the
    table) for every row of the last word, and PostgreSQL's estimates let it walk all cases
    for rare combinations (docs/benchmarks.md, "Case-list search by name"). An OR of the two
    conditions instead of UNION ALL turns the scans into bitmap heap scans."""
    per_word = []
    for word in words:
        branches = [token_model.objects.filter(condition).values(id_field) for condition in _word_conditions(word)]
        per_word.append(branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0])
    return per_word[0].intersection(*per_word[1:])


def _matching_ids(token_model, id_field: str, query: str) -> QuerySet | None:
    """Ids (of `id_field`) whose tokens match every word of the query (at most five): the
    word as a prefix, or, for words of four letters or more, the same skeleton. A subquery
    for `<id_field>__in=`."""
    words = names.words(query)[:5]
    if not words:
        return None
    if len(words) == 1:  # a semi-join that the case list's capped count stops at 1,001 hits
        return _nested_matches(token_model, id_field, words)
    return _intersected_matches(token_model, id_field, words)  # faster on SQLite too


def matching_token_person_ids(query: str) -> QuerySet | None:
    return _matching_ids(PersonNameToken, "person_id", query)


def matching_household_ids(query: str) -> QuerySet | None:
    """Households where the words match names of members (not necessarily the same one)."""
    return _matching_ids(HouseholdNameToken, "household_id", query)


def name_tokens_of_organisation(organisation_id: int, tokens, regex: str = "") -> set[str]:
    """Which of `tokens` (or tokens matching `regex`) are name tokens of a person of the
    organisation; one query, and only tokens come back, never a person."""
    condition = Q(token__in=set(tokens))
    if regex:
        condition |= Q(token__regex=regex)
    return set(PersonNameToken.objects.filter(condition, person__organisation_id=organisation_id)
               .values_list("token", flat=True).distinct())


def search_persons(user, query: str) -> QuerySet[Person]:
    ids = matching_token_person_ids(query)
    visible = persons_visible_to(user)
    return visible.none() if ids is None else visible.filter(pk__in=ids)


# The duplicate check lives in its own module (apps.clients.matching); callers keep importing
# it from here, the one place for reads of persons.
from apps.clients.matching import DuplicateCandidate, PairScore, batch_pairs, possible_duplicates  # noqa: E402,F401


def consents_of(person: Person) -> QuerySet[Consent]:
    return person.consents.select_related("recipient", "recorded_by")


def consents_with_recipients(consents) -> list[Consent]:
    """The consents with `recipient_name`: the recipient an app above keeps for the purpose (a
    partner in the country of origin), else the organisation, else "" (one query per app)."""
    consents = list(consents)
    names = consent_recipient_names(c.pk for c in consents)
    for consent in consents:
        consent.recipient_name = names.get(consent.pk) or (str(consent.recipient) if consent.recipient_id else "")
    return consents


def valid_consent_exists(person: Person, purpose: str, recipient_id: int | None = None) -> bool:
    consents = person.consents.filter(purpose=purpose, withdrawn_at__isnull=True)
    if recipient_id is not None:
        # A disclosure needs consent for that very recipient, never a blanket one.
        consents = consents.filter(recipient_id=recipient_id)
    return consents.exists()


def persons_without_consent(persons, purpose: str) -> list[Person]:
    """Those of `persons` (in their order) who have no valid consent for `purpose`; the one
    check that every consent gate over several persons uses."""
    return [person for person in persons if not valid_consent_exists(person, purpose)]


def persons_of_household(household_id: int) -> QuerySet[Person]:
    """The persons of one household (the caller has already scoped the household's case)."""
    return Person.objects.filter(memberships__household_id=household_id)


def members_of(household: Household) -> QuerySet[HouseholdMember]:
    return household.members.select_related("person").prefetch_related("person__languages")
