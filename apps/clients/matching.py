"""The duplicate check: which persons may be the same human as one being entered (on create)
and which pairs of an organisation's persons may be duplicates (batch review).

Contract used by apps above (cases, referrals, hotline, duplicates):
- possible_duplicates(user, *, organisation_id, family_name, given_names, birth_date=None,
  exclude_pk=None, limit=10) -> list[DuplicateCandidate], audited as person.duplicates_checked;
- batch_pairs(organisation_id, *, threshold=..., person_ids=None) -> iterator of PairScore, each pair
  once (a_id < b_id), not audited (the caller audits what it stores or shows).

Candidates are found and ranked in the database before any limit, in two bounded queries that
use the indexes (name tokens by token, persons by organisation and date of birth):
- by name: every word of the name matches one of the person's tokens (the word, its skeleton,
  or across scripts its consonant frame), ranked by how well the dates of birth agree;
- by date: the same date of birth (or with day and month swapped) and at least one word in
  common, which finds typos that change a word's skeleton.
Then apps.clients.similarity scores the few dozen candidates (rapidfuzz).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When, Window
from django.db.models.expressions import RawSQL

from apps.audit.services import record
from apps.clients import names, similarity
from apps.clients.batch import candidate_pairs
from apps.clients.models import Person, PersonNameToken
from apps.clients.similarity import LIKELY, SHOWN, forms_of, name_form

BY_NAME = 60  # candidates whose every name word matches, best date agreement first
BY_DATE = 200  # bound for persons born on the same day (a placeholder date can be frequent)
_FIELDS = ("pk", "family_name", "given_names", "name_variants", "birth_date", "birth_date_precision")


@dataclass(frozen=True)
class DuplicateCandidate:
    person: Person
    score: int  # for ranking: name similarity (0–100) plus weight for the birth dates (similarity.py)
    reasons: tuple[str, ...]  # codes; reason_labels has the words
    name_similarity: float = 0.0  # 0–1, what the page shows ("98 %")

    @property
    def reason_labels(self) -> list[str]:
        return similarity.reason_labels(self.reasons)

    @property
    def likely(self) -> bool:
        return self.score >= LIKELY


@dataclass(frozen=True)
class PairScore:
    a_id: int  # always the smaller id
    b_id: int
    score: int  # same scale as DuplicateCandidate.score
    reasons: tuple[str, ...]
    name_similarity: float = 0.0

    @property
    def reason_labels(self) -> list[str]:
        return similarity.reason_labels(self.reasons)


def word_keys(family_name: str, given_names: str) -> list[set[str]]:
    """For each word of the name, the tokens that match it. A word typed in Latin letters
    matches its skeleton (shared by the word and its other spellings) or a word written in
    Arabic script with its consonant frame; a word typed in Arabic script matches any word with
    its consonant frame."""
    keys = []
    for word, arabic in names.script_words(given_names, family_name):
        frame = names.consonants(word)[:63]
        if arabic:
            found = {names.CONSONANT_PREFIX + frame} if frame else set()
        elif len(word) > 1:
            # Every person with the word also has its skeleton: the word itself adds nothing.
            found = {"~" + names.skeleton(word)[:63], *([names.ARABIC_PREFIX + frame] if frame else [])}
        else:
            found = {word}
        if found and found not in keys:
            keys.append(found)
    return keys[:5]


def _all_words_sql(keys: list[set[str]]) -> tuple[str, list[str]]:
    table = PersonNameToken._meta.db_table
    parts, params = [], []
    for found in keys:
        found = sorted(found)
        placeholders = ", ".join(["%s"] * len(found))  # the tokens themselves are bound parameters
        parts.append(f"SELECT person_id FROM {table} WHERE token IN ({placeholders})")  # noqa: S608
        params += found
    return " INTERSECT ".join(parts), params


def _agreement(birth_date: datetime.date | None):
    """0 same day (or day and month swapped), 1 same year with an approximate date,
    2 unknown date or same year, 3 another date: the order in which candidates are kept."""
    if birth_date is None:
        return Value(2, output_field=IntegerField())
    days = [d for d in (birth_date, similarity.swapped(birth_date)) if d]
    year = Q(birth_date__year=birth_date.year)
    return Case(
        When(birth_date_precision=similarity.UNKNOWN, then=Value(2)),
        When(birth_date__isnull=True, then=Value(2)),
        When(Q(birth_date_precision=similarity.EXACT, birth_date__in=days), then=Value(0)),
        When(year & ~Q(birth_date_precision=similarity.EXACT), then=Value(1)),
        When(year, then=Value(2)),
        default=Value(3), output_field=IntegerField())


def _candidate_rows(organisation_id, keys, birth_date, exclude_pk) -> tuple[list[tuple], int]:
    persons = Person.objects.filter(organisation_id=organisation_id, merged_into__isnull=True,
                                    anonymised_at__isnull=True)
    if exclude_pk:
        persons = persons.exclude(pk=exclude_pk)
    sql, params = _all_words_sql(keys)
    if connection.vendor == "postgresql":
        # = ANY(ARRAY(…)) runs the intersection first and then fetches those persons by primary
        # key; as IN (…) the planner misjudges its size and scans the whole organisation.
        by_words = persons.extra(  # noqa: S610 (tokens are bound parameters)
            where=[f"{Person._meta.db_table}.id = ANY(ARRAY({sql}))"], params=params)
    else:
        by_words = persons.filter(pk__in=RawSQL(sql, params))  # noqa: S611 (tokens are bound parameters)
    # The window counts every person matching the name (before the limit): how common it is.
    by_name = (by_words.annotate(agreement=_agreement(birth_date), namesakes=Window(Count("pk")))
               .order_by("agreement", "-pk").values_list(*_FIELDS, "namesakes")[:BY_NAME])
    by_name = list(by_name)
    namesakes = by_name[0][-1] if by_name else 0
    rows = {row[0]: row[:-1] for row in by_name}
    if birth_date is not None:
        days = [d for d in (birth_date, similarity.swapped(birth_date)) if d]
        any_word = PersonNameToken.objects.filter(
            person_id=OuterRef("pk"), token__in=sorted(set().union(*keys)))
        by_date = persons.filter(birth_date__in=days).filter(Exists(any_word)).order_by("-pk").values_list(
            *_FIELDS)[:BY_DATE]
        rows.update((row[0], row) for row in by_date)
    return list(rows.values()), namesakes


def _one_approximate_match(scored: list[tuple]) -> list[tuple]:
    """A year or month of birth points to one person only while no other namesake shares it:
    with two or more, none of them is likely."""
    approximate = [s for s in scored if s[0] >= LIKELY and {"birth_year", "birth_month"} & set(s[3])]
    if len(approximate) < 2:
        return scored
    return [(min(s[0], LIKELY - 1), *s[1:]) if s in approximate else s for s in scored]


def possible_duplicates(user, *, organisation_id: int, family_name: str, given_names: str,
                        birth_date=None, exclude_pk: int | None = None, limit: int = 10,
                        birth_date_precision: str = similarity.EXACT) -> list[DuplicateCandidate]:
    """Persons of one organisation who may be the same human as the one being entered, best
    first: name spelling, transliteration, order and script tolerant, weighted by how well the
    dates of birth agree (see apps.clients.similarity). The check is audited."""
    from apps.clients.selectors import persons_visible_to

    keys = word_keys(family_name, given_names)
    result = []
    if keys:
        probe = [name_form(given_names, family_name)]
        scored = []
        rows, namesakes = _candidate_rows(organisation_id, keys, birth_date, exclude_pk)
        for pk, family, given, variants, born, precision in rows:
            score, plain, reasons = similarity.score(
                probe, birth_date, birth_date_precision, forms_of(given, family, variants), born, precision,
                namesakes=namesakes)
            if score >= SHOWN:
                scored.append((score, plain, pk, reasons))
        scored = _one_approximate_match(scored)
        scored.sort(key=lambda s: (-s[0], -s[1], -s[2]))
        scored = scored[:limit]
        visible = persons_visible_to(user).filter(organisation_id=organisation_id).in_bulk(
            [pk for _score, _plain, pk, _reasons in scored])
        result = [DuplicateCandidate(visible[pk], score, reasons, plain)
                  for score, plain, pk, reasons in scored if pk in visible]
    # A duplicate check is a search over persons: it is a read like any other.
    record(user, "person.duplicates_checked", organisation_id=organisation_id,
           details={"ids": [c.person.pk for c in result]})
    return result


def batch_pairs(organisation_id: int, *, threshold: int = 90, person_ids=None) -> Iterator[PairScore]:
    """Pairs of the organisation's persons (not merged, not anonymised) scoring at least
    `threshold`, ordered by (a_id, b_id); `person_ids` limits one side to those persons (e.g. an
    import). Blocking happens in the database (apps.clients.batch): only pairs that share name
    keys and a year of birth (or whose date is unknown) are scored."""
    pairs = candidate_pairs(organisation_id, person_ids)
    ids = sorted({pk for pair in pairs for pk in pair})
    forms, dates = {}, {}
    for start in range(0, len(ids), 5000):
        for pk, family, given, variants, born, precision in Person.objects.filter(
                pk__in=ids[start:start + 5000]).values_list(*_FIELDS):
            forms[pk], dates[pk] = forms_of(given, family, variants), (born, precision)
    for a, b in sorted(pairs):
        score, plain, reasons = similarity.score(forms[a], *dates[a], forms[b], *dates[b], batch=True)
        if score >= threshold:
            yield PairScore(a, b, score, reasons, plain)

