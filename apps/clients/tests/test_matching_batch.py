"""The batch duplicate review's pairs (batch_pairs) and the properties of the score both checks share."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.clients import similarity
from apps.clients.models import Person
from apps.clients.selectors import batch_pairs, possible_duplicates
from apps.clients.similarity import LIKELY, date_agreement, forms_of
from apps.clients.tests.test_matching import BORN, bulk_persons, namesakes
from apps.demo.names import COUNTRIES


def _pair(a, b):
    return (min(a.pk, b.pk), max(a.pk, b.pk))


def test_batch_pairs_finds_planted_pairs_and_not_namesakes(orgs):
    crowd = namesakes(orgs.iom, "Hosseini", "Mohammad", 40) + namesakes(orgs.iom, "Ahmadi", "Fatima", 40, seed=2)
    planted = [bulk_persons(orgs.iom, [stored, copy]) for stored, copy in [
        (("Hosseini", "Mohammad", BORN, "exact"), ("Husseini", "Muhammed", BORN, "exact")),
        (("Ahmadi", "Fatima", datetime.date(1971, 3, 9), "exact"), ("Fatima", "Ahmadi", datetime.date(1971, 3, 9),
                                                                     "exact")),
        (("Kapllani", "Megi", BORN, "exact"), ("Kapllani", "Emgi", BORN, "exact")),
        (("Rahimi", "Laila", datetime.date(1985, 4, 11), "exact"), ("Rahimi", "Laila", datetime.date(1985, 11, 4),
                                                                     "exact")),
        (("Hosseini", "Ali", datetime.date(1979, 2, 2), "exact"), ("حسيني", "علي", datetime.date(1979, 2, 2),
                                                                    "exact")),
    ]]

    found = list(batch_pairs(orgs.iom.pk, threshold=LIKELY))

    pairs = {(p.a_id, p.b_id) for p in found}
    assert {_pair(a, b) for a, b in planted} <= pairs
    crowd_ids = {p.pk for p in crowd}
    assert not [p for p in pairs if set(p) <= crowd_ids]
    assert all(p.a_id < p.b_id for p in found) and len(found) == len(pairs)
    assert all("name" in p.reasons and p.reason_labels for p in found)


def test_an_approximate_or_unknown_date_is_reviewed_but_never_likely_in_a_batch(orgs):
    year_only, exact = bulk_persons(orgs.iom, [("Karimi", "Sara", datetime.date(2001, 1, 1), "year"),
                                               ("Karimi", "Sara", datetime.date(2001, 6, 30), "exact")])
    assert list(batch_pairs(orgs.iom.pk, threshold=LIKELY)) == []
    [pair] = batch_pairs(orgs.iom.pk)
    assert (pair.a_id, pair.b_id) == _pair(year_only, exact) and "same year of birth" in pair.reason_labels


def test_batch_pairs_limited_to_some_persons_and_to_active_ones_of_the_organisation(orgs):
    a, b, c, d = bulk_persons(orgs.iom, [("Hosseini", "Mohammad", BORN, "exact")] * 4)
    outsider = bulk_persons(orgs.diakonie, [("Hosseini", "Mohammad", BORN, "exact")])[0]
    Person.objects.filter(pk=d.pk).update(merged_into=a)
    Person.objects.filter(pk=c.pk).update(anonymised_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))

    assert {(p.a_id, p.b_id) for p in batch_pairs(orgs.iom.pk)} == {_pair(a, b)}
    assert {(p.a_id, p.b_id) for p in batch_pairs(orgs.iom.pk, person_ids=[b.pk])} == {_pair(a, b)}
    assert list(batch_pairs(orgs.iom.pk, person_ids=[outsider.pk])) == []


def test_an_unknown_date_never_makes_a_batch_pair_likely_but_is_reviewed_at_the_default_threshold(orgs):
    """Like an approximate one: namesakes without a date are far more frequent than duplicates."""
    a, b = bulk_persons(orgs.iom, [("Hosseini", "Mohammad", None, "unknown"), ("Hosseini", "Mohammad", BORN, "exact")])
    assert list(batch_pairs(orgs.iom.pk, threshold=LIKELY)) == []
    [pair] = batch_pairs(orgs.iom.pk)
    assert (pair.a_id, pair.b_id) == _pair(a, b) and "birth_date_unknown" in pair.reasons


NAMES = st.sampled_from([(c.family, c.male + c.female) for c in COUNTRIES]).flatmap(
    lambda lists: st.tuples(st.sampled_from(lists[0]), st.sampled_from(lists[1])))
DATES = st.one_of(st.none(), st.dates(datetime.date(1940, 1, 1), datetime.date(2025, 12, 31)))
PRECISIONS = st.sampled_from(["exact", "month", "year", "unknown"])


@given(NAMES, DATES, PRECISIONS, NAMES, DATES, PRECISIONS)
def test_the_score_does_not_depend_on_which_person_comes_first(name_a, date_a, prec_a, name_b, date_b, prec_b):
    forms_a, forms_b = forms_of(name_a[1], name_a[0]), forms_of(name_b[1], name_b[0])
    assert (similarity.score(forms_a, date_a, prec_a, forms_b, date_b, prec_b)[0]
            == similarity.score(forms_b, date_b, prec_b, forms_a, date_a, prec_a)[0])
    assert date_agreement(date_a, prec_a, date_b, prec_b) == date_agreement(date_b, prec_b, date_a, prec_a)


@given(NAMES, st.dates(datetime.date(1940, 1, 1), datetime.date(2025, 12, 31)))
def test_the_same_name_and_date_scores_highest(name, born):
    forms = forms_of(name[1], name[0])
    score, plain, reasons = similarity.score(forms, born, "exact", forms, born, "exact")
    assert (score, plain) == (similarity.MAX_SCORE, 1.0) and "birth_date" in reasons


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES, born=st.dates(datetime.date(1940, 1, 1), datetime.date(2025, 12, 31)))
def test_a_person_entered_again_is_found_first_and_likely(personas, orgs, name, born):
    person = bulk_persons(orgs.iom, [(name[0], name[1], born, "exact")])[0]
    found = possible_duplicates(personas.counsellor, organisation_id=orgs.iom.pk, family_name=name[0],
                                given_names=name[1], birth_date=born)
    assert found[0].person == person and found[0].likely
    Person.objects.filter(pk=person.pk).delete()
