"""The duplicate check: which persons may be the same human as one being entered (on create)
and which pairs of an organisation's persons may be duplicates (batch review).

Contract used by apps above (cases, referrals, hotline, duplicates):
- possible_duplicates(user, *, organisation_id, family_name, given_names, birth_date=None,
  exclude_pk=None, limit=10) -> list[DuplicateCandidate], audited as person.duplicates_checked;
- batch_pairs(organisation_id, *, threshold=..., person_ids=None) -> iterator of PairScore, each pair
  once (a_id < b_id), not audited (the caller audits what it stores or shows).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from apps.audit.services import record
from apps.clients import names
from apps.clients.models import Person, PersonNameToken


@dataclass(frozen=True)
class DuplicateCandidate:
    person: Person
    score: int  # for ranking: name similarity (0–100) plus weight for a matching birth date
    reasons: tuple[str, ...]
    name_similarity: float = 0.0  # 0–1, what the page shows ("98 %")


@dataclass(frozen=True)
class PairScore:
    a_id: int  # always the smaller id
    b_id: int
    score: int  # same scale as DuplicateCandidate.score
    reasons: tuple[str, ...]
    name_similarity: float = 0.0


def possible_duplicates(user, *, organisation_id: int, family_name: str, given_names: str,
                        birth_date=None, exclude_pk: int | None = None, limit: int = 10
                        ) -> list[DuplicateCandidate]:
    """Persons of one organisation who may be the same human as the one being entered.

    Candidates share a name skeleton (transliteration-tolerant); they are ranked by fuzzy
    similarity of the whole normalised name, and a matching date of birth adds weight.
    """
    skeletons = {"~" + names.skeleton(w) for w in names.words(family_name, given_names) if len(w) > 1}
    if not skeletons:
        return []
    candidate_ids = PersonNameToken.objects.filter(token__in=skeletons).values("person_id")
    from apps.clients.selectors import persons_visible_to

    candidates = persons_visible_to(user).filter(organisation_id=organisation_id, pk__in=candidate_ids)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    wanted = names.normalise(f"{given_names} {family_name}")
    found = []
    for person in candidates[:500]:
        variants = [f"{person.given_names} {person.family_name}", *person.name_variants.splitlines()]
        similarity = max(fuzz.token_sort_ratio(wanted, names.normalise(v)) for v in variants if v.strip())
        score, reasons = similarity, ["name"]
        if birth_date and person.birth_date:
            if person.birth_date == birth_date:
                score, reasons = score + 25, [*reasons, "birth_date"]
            elif person.birth_date.year == birth_date.year:
                score, reasons = score + 10, [*reasons, "birth_year"]
        if score >= 70:
            found.append(DuplicateCandidate(person, min(score, 125), tuple(reasons), similarity / 100))
    result = sorted(found, key=lambda c: -c.score)[:limit]
    # A duplicate check is a search over persons: it is a read like any other.
    record(user, "person.duplicates_checked", organisation_id=organisation_id,
           details={"ids": [c.person.pk for c in result]})
    return result


def batch_pairs(organisation_id: int, *, threshold: int = 90, person_ids=None) -> Iterator[PairScore]:
    """Pairs of the organisation's persons (not merged, not anonymised) scoring at least
    `threshold`; `person_ids` limits one side to those persons (e.g. an import)."""
    persons = Person.objects.filter(organisation_id=organisation_id, merged_into__isnull=True,
                                    anonymised_at__isnull=True)
    if person_ids is not None:
        persons = persons.filter(pk__in=person_ids)
    for person in persons.iterator():
        skeletons = {t for t in person.name_tokens.values_list("token", flat=True) if t.startswith("~")}
        others = Person.objects.filter(
            organisation_id=organisation_id, merged_into__isnull=True, anonymised_at__isnull=True,
            pk__in=PersonNameToken.objects.filter(token__in=skeletons).values("person_id"),
        ).exclude(pk=person.pk)
        wanted = names.normalise(f"{person.given_names} {person.family_name}")
        for other in others:
            if person_ids is None and other.pk < person.pk:
                continue
            similarity = fuzz.token_sort_ratio(wanted, names.normalise(f"{other.given_names} {other.family_name}"))
            score, reasons = similarity, ["name"]
            if person.birth_date and other.birth_date == person.birth_date:
                score, reasons = score + 25, [*reasons, "birth_date"]
            if score >= threshold:
                a, b = sorted((person.pk, other.pk))
                yield PairScore(a, b, min(score, 125), tuple(reasons), similarity / 100)
