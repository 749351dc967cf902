"""The duplicate check on create (possible_duplicates): ranked in the database before any limit,
tolerant of the kinds of differences real records have, and audited."""

import datetime
import random

import pytest
from django.template.loader import render_to_string

from apps.audit.models import AuditEntry
from apps.clients import names
from apps.clients.models import HouseholdNameToken, Person, PersonNameToken
from apps.clients.selectors import possible_duplicates
from apps.clients.services import household_create
from apps.clients.similarity import LIKELY
from tests.factories import make_person

BORN = datetime.date(1990, 5, 7)


def bulk_persons(organisation, rows) -> list[Person]:
    """Many persons at once, with the tokens person_create would build for them."""
    persons = Person.objects.bulk_create(
        Person(organisation=organisation, family_name=family, given_names=given, birth_date=born,
               birth_date_precision=precision)
        for family, given, born, precision in rows)
    PersonNameToken.objects.bulk_create(
        PersonNameToken(person=p, token=t) for p in persons
        for t in names.person_tokens(p.family_name, p.given_names, p.name_variants))
    return persons


def namesakes(organisation, family, given, count, *, seed=1, avoid_year=BORN.year):
    """`count` persons with the same name, born on other days in other years."""
    rng = random.Random(seed)
    rows = []
    while len(rows) < count:
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(60 * 365))
        if born.year != avoid_year:
            rows.append((family, given, born, "exact"))
    return bulk_persons(organisation, rows)


def check(personas, orgs, family, given, birth_date=BORN):
    return possible_duplicates(personas.counsellor, organisation_id=orgs.iom.pk, family_name=family,
                               given_names=given, birth_date=birth_date)


def test_a_planted_duplicate_among_2000_same_name_persons_is_found_first(personas, orgs):
    namesakes(orgs.iom, "Hosseini", "Fatima", 2000)
    planted = make_person(personas.counsellor, orgs.iom, "Hosseini", "Fatima", birth_date=BORN)

    found = check(personas, orgs, "Husseini", "Fatemeh")

    assert found[0].person == planted and found[0].likely
    assert [c for c in found[1:] if c.likely] == []
    assert found[0].reason_labels == ["same date of birth", "same name in another spelling"]


@pytest.mark.parametrize(("kind", "stored", "entered", "label"), [
    ("transliteration", ("Hosseini", "Mohammad", BORN, "exact"), ("Husseini", "Muhammed", BORN),
     "same name in another spelling"),
    ("swapped order", ("Rahimi", "Laila", BORN, "exact"), ("Laila", "Rahimi", BORN),
     "given and family name swapped"),
    ("typo", ("Hosseini", "Mohammad", BORN, "exact"), ("Hossemi", "Mohammad", BORN),
     "spelling differs by a letter or two"),
    ("typo in the first letter", ("Kapllani", "Megi", BORN, "exact"), ("Kapllani", "Emgi", BORN),
     "spelling differs by a letter or two"),
    ("year only", ("Hosseini", "Mohammad", datetime.date(1990, 1, 1), "year"), ("Hosseini", "Mohammad", BORN),
     "same year of birth"),
    ("day and month swapped", ("Hosseini", "Mohammad", datetime.date(1990, 7, 5), "exact"),
     ("Hosseini", "Mohammad", BORN), "same date of birth with day and month swapped"),
    ("Arabic script entered", ("Hosseini", "Mohammad", BORN, "exact"), ("حسيني", "محمد", BORN),
     "same name in another script"),
    ("Arabic script stored", ("جعفري", "علي", BORN, "exact"), ("Jafari", "Ali", BORN),
     "same name in another script"),
])
def test_each_kind_of_difference_is_found_first_among_namesakes(personas, orgs, kind, stored, entered, label):
    family, given = (stored[0], stored[1]) if kind != "Arabic script stored" else ("Jafari", "Ali")
    namesakes(orgs.iom, family, given, 40)
    planted = bulk_persons(orgs.iom, [stored])[0]

    found = check(personas, orgs, *entered)

    assert found[0].person == planted, kind
    assert found[0].likely and label in found[0].reason_labels
    assert not any(c.likely for c in found[1:])


def test_a_missing_date_is_likely_only_for_a_rare_name(personas, orgs):
    rare = bulk_persons(orgs.iom, [("Kvirikashvili", "Tamta", None, "unknown")])[0]
    found = check(personas, orgs, "Kvirikashvili", "Tamta")
    assert found[0].person == rare and found[0].likely
    assert "date of birth not recorded" in found[0].reason_labels

    # With many namesakes an unknown date cannot tell them apart: shown, not likely.
    bulk_persons(orgs.iom, [("Hosseini", "Fatima", None, "unknown")] * 3)
    namesakes(orgs.iom, "Hosseini", "Fatima", 30)
    found = check(personas, orgs, "Hosseini", "Fatima")
    assert len(found) == 10 and not any(c.likely for c in found)


def test_namesakes_born_on_other_dates_rank_below_and_are_not_likely(personas, orgs):
    others = namesakes(orgs.iom, "Ahmadi", "Zahra", 12)
    same = make_person(personas.counsellor, orgs.iom, "Ahmadi", "Zahra", birth_date=BORN)

    found = check(personas, orgs, "Ahmadi", "Zahra")

    assert found[0].person == same
    assert {c.person for c in found[1:]} <= set(others)
    assert all(c.score < LIKELY and "another date of birth" in c.reason_labels for c in found[1:])


def test_a_different_name_born_the_same_day_is_not_a_candidate(personas, orgs):
    bulk_persons(orgs.iom, [("Kaya", "Emine", BORN, "exact"), ("Popov", "Olga", BORN, "exact")])
    assert check(personas, orgs, "Hosseini", "Mohammad") == []


def test_merged_anonymised_and_excluded_persons_are_never_candidates(personas, orgs):
    kept, merged, excluded = bulk_persons(orgs.iom, [("Hosseini", "Mohammad", BORN, "exact")] * 3)
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    found = possible_duplicates(personas.counsellor, organisation_id=orgs.iom.pk, family_name="Hosseini",
                                given_names="Mohammad", birth_date=BORN, exclude_pk=excluded.pk)
    assert [c.person for c in found] == [kept]


def test_the_check_is_audited_with_the_ids_it_shows(personas, orgs):
    person = make_person(personas.counsellor, orgs.iom)
    found = check(personas, orgs, "Hosseini", "Mohammad", datetime.date(1990, 5, 17))
    entry = AuditEntry.objects.filter(action="person.duplicates_checked").latest("id")
    assert [c.person for c in found] == [person]
    assert entry.details == {"ids": [person.pk]} and entry.organisation_id == orgs.iom.pk
    assert "Hosseini" not in str(entry.details)


def test_the_page_shows_the_reasons_in_words(personas, orgs):
    bulk_persons(orgs.iom, [("Hosseini", "Mohammad", datetime.date(1990, 7, 5), "exact")])
    candidate = check(personas, orgs, "Husseini", "Mohammad")[0]
    text = render_to_string("clients/_similarity.html", {"candidate": candidate})
    assert text == ("name similarity 94\N{NO-BREAK SPACE}%, same date of birth with day and month swapped, "
                    "same name in another spelling")
    assert "_" not in text


def test_duplicate_check_tokens_are_the_persons_and_not_the_households(personas, orgs):
    person = make_person(personas.counsellor, orgs.iom, "حسيني", "Mohammad")
    household = household_create(actor=personas.counsellor, principal=person)
    tokens = set(person.name_tokens.values_list("token", flat=True))
    assert {"=sn", "#sn", "=md", "~mamad"} <= tokens and "#md" not in tokens
    household_tokens = set(HouseholdNameToken.objects.filter(household=household).values_list("token", flat=True))
    assert household_tokens == {t for t in tokens if t[0] not in "=#"}
