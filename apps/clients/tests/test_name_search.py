"""The name search returns exactly what a recomputation from the raw names gives.

The database side has two forms (nested semi-joins, which one-word queries get, and the
INTERSECT of per-word UNION ALL sets, which queries of several words get); both must agree
with a plain Python reading of the rule: every word (at most five) matches one of the tokens of
`names.search_tokens` — as a prefix of a word, or, from four letters on, by the same
skeleton. Households match when the words match names of any of their members.
"""

import random
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.cases import services as case_services
from apps.cases.selectors import CaseFilters, search_cases
from apps.clients import names, selectors
from apps.clients import services as client_services
from apps.clients.models import HouseholdNameToken, Person, PersonNameToken
from tests.factories import make_person

# Spellings of the same names and names that share skeletons or prefixes, so that queries
# hit by prefix, by skeleton, by both, and across members of one household.
FAMILY = ["Hosseini", "Husseini", "Hasani", "Ahmadi", "Hamidi", "Ahmad", "Yılmaz", "Yilmaz",
          "Rusu", "Rezaei", "Raza", "Beridze", "Öztürk", "Al-Ahmad", "Đorđević", "Djordjevic", "Khan"]
GIVEN = ["Mohammad", "Muhammed", "Mehmet", "Fatima", "Elena", "Alana", "Giorgi", "Ali", "Ayşe",
         "Ömer", "Raisa", "Ruslan", "Hassan", "Zeynep Nur", "Mohammad Reza"]
VARIANTS = ["", "", "", "Hoseyni", "Achmadi", "Jilmas", "Tscheban"]
QUERY_WORDS = sorted({w for text in FAMILY + GIVEN + VARIANTS for w in names.words(text)}
                     | {"Husseini", "Muhamad", "Öztürk", "Djordjevic", "Ahmed", "Zzyzx", "Hos", "Mo", "a"})


def _matches(tokens: set[str], word: str) -> bool:
    if any(token.startswith(word) for token in tokens):
        return True
    return len(word) > 3 and "~" + names.skeleton(word) in tokens


def _expected(token_sets: dict[int, set[str]], query: str) -> set[int]:
    words = names.words(query)[:5]
    if not words:
        return set()
    return {key for key, tokens in token_sets.items() if all(_matches(tokens, word) for word in words)}


@pytest.fixture
def population(personas, orgs):
    """~50 IOM persons in households of one to four members (and some in none), plus a
    Diakonie case with common names that the IOM team lead never sees."""
    rng = random.Random(14)
    actor = personas.counsellor
    persons = []
    for _ in range(50):
        persons.append(make_person(actor, orgs.iom, rng.choice(FAMILY), rng.choice(GIVEN),
                                   name_variants=rng.choice(VARIANTS)))
    cases, position = [], 0
    while position < 42:
        size = rng.randint(1, 4)
        members = persons[position:position + size]
        position += size
        household = client_services.household_create(actor=actor, principal=members[0])
        for person in members[1:]:
            client_services.household_add_member(actor=actor, household=household, person=person,
                                                 relationship="child")
        cases.append(case_services.case_open(actor=actor, household=household))
    outsider = make_person(personas.diakonie_counsellor, orgs.diakonie, "Hosseini", "Mohammad")
    outside_case = case_services.case_open(
        actor=personas.diakonie_counsellor,
        household=client_services.household_create(actor=personas.diakonie_counsellor, principal=outsider))
    # Token sets of everyone (the id subqueries are not scoped), recomputed from the raw names.
    person_tokens = {p.pk: names.search_tokens(p.family_name, p.given_names, p.name_variants)
                     for p in [*persons, outsider]}
    household_tokens = {}
    for case in [*cases, outside_case]:
        household_tokens[case.household_id] = set().union(
            *(person_tokens[m.person_id] for m in case.household.members.all()))
    return SimpleNamespace(person_tokens=person_tokens, household_tokens=household_tokens,
                           iom_persons={p.pk for p in persons},
                           iom_case_of_household={c.household_id: c.pk for c in cases})


def _word():
    whole = st.sampled_from(QUERY_WORDS)
    prefix = st.tuples(whole, st.integers(1, 12)).map(lambda t: t[0][: t[1]])
    return whole | prefix | st.text("abehimorsuz", min_size=1, max_size=6)


QUERIES = st.lists(_word(), min_size=1, max_size=6).flatmap(
    lambda words: st.sampled_from([" ", "  ", "-", ", "]).map(lambda sep: sep.join(words)))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _ids(subquery, field: str) -> set[int]:
    return {row[field] for row in subquery}


@SETTINGS
@given(query=QUERIES)
def test_case_list_search_equals_recomputation_from_raw_names(population, personas, query):
    cases = population.iom_case_of_household
    expected = {cases[h] for h in _expected(population.household_tokens, query) if h in cases}
    found = set(search_cases(personas.team_lead, CaseFilters(query=query)).values_list("pk", flat=True))
    assert found == expected


@SETTINGS
@given(query=QUERIES)
def test_person_search_equals_recomputation_from_raw_names(population, personas, query):
    expected = _expected(population.person_tokens, query) & population.iom_persons
    assert set(selectors.search_persons(personas.counsellor, query).values_list("pk", flat=True)) == expected


@SETTINGS
@given(query=QUERIES)
def test_nested_and_intersected_forms_agree_on_every_engine(population, query):
    """Both forms give the same ids for any number of words, on every engine of CI."""
    words = names.words(query)[:5]
    if not words:
        return
    for model, field, token_sets in ((HouseholdNameToken, "household_id", population.household_tokens),
                                     (PersonNameToken, "person_id", population.person_tokens)):
        expected = _expected(token_sets, query)
        assert _ids(selectors._nested_matches(model, field, words), field) == expected
        assert _ids(selectors._intersected_matches(model, field, words), field) == expected


def test_two_words_may_match_different_members_of_a_household(personas, orgs):
    elena = make_person(personas.counsellor, orgs.iom, "Novikova", "Elena")
    household = client_services.household_create(actor=personas.counsellor, principal=elena)
    client_services.household_add_member(actor=personas.counsellor, household=household, relationship="child",
                                         person=make_person(personas.counsellor, orgs.iom, "Novikov", "Ruslan"))
    case = case_services.case_open(actor=personas.counsellor, household=household)
    assert list(search_cases(personas.team_lead, CaseFilters(query="Elena Rus"))) == [case]
    assert list(selectors.search_persons(personas.counsellor, "Elena Rus")) == []
    assert list(selectors.search_persons(personas.counsellor, "Elena Nov")) == [elena]


def test_a_household_matching_a_word_twice_is_found_once(personas, orgs):
    """Prefix and skeleton both match "Hosseini", and two members carry it: one case, once."""
    first = make_person(personas.counsellor, orgs.iom, "Hosseini", "Mohammad")
    household = client_services.household_create(actor=personas.counsellor, principal=first)
    client_services.household_add_member(actor=personas.counsellor, household=household, relationship="child",
                                         person=make_person(personas.counsellor, orgs.iom, "Hosseini", "Muhammed"))
    case = case_services.case_open(actor=personas.counsellor, household=household)
    for query in ("Hosseini", "Hosseini Mohammad", "Husseini Muhammed Hosseini"):
        assert list(search_cases(personas.team_lead, CaseFilters(query=query))) == [case]
    assert Person.objects.count() == 2


def test_only_the_first_five_words_count(personas, orgs):
    person = make_person(personas.counsellor, orgs.iom, "Hosseini", "Mohammad Ali Reza Hassan")
    assert list(selectors.search_persons(personas.counsellor, "Mohammad Ali Reza Hassan Hosseini")) == [person]
    assert list(selectors.search_persons(personas.counsellor, "Mohammad Ali Reza Hassan Hosseini Zzyzx")) == [
        person]
    assert list(selectors.search_persons(personas.counsellor, "Zzyzx Mohammad Ali Reza Hassan")) == []
