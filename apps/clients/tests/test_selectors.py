import datetime

from apps.clients import selectors
from tests.factories import make_person


def test_duplicates_found_across_transliterations_and_ranked_by_birth_date(personas, orgs):
    same = make_person(personas.counsellor, orgs.iom, "Hosseini", "Mohammad",
                       birth_date=datetime.date(1990, 5, 17))
    namesake = make_person(personas.counsellor, orgs.iom, "Husseini", "Mohammed",
                           birth_date=datetime.date(1971, 1, 1))
    make_person(personas.counsellor, orgs.iom, "Karimi", "Sara")
    found = selectors.possible_duplicates(
        personas.counsellor, organisation_id=orgs.iom.pk, family_name="Husseini",
        given_names="Muhammed", birth_date=datetime.date(1990, 5, 17),
    )
    assert [c.person for c in found] == [same, namesake]
    assert "birth_date" in found[0].reasons


def test_duplicates_never_come_from_another_organisation(personas, orgs):
    make_person(personas.diakonie_counsellor, orgs.diakonie, "Hosseini", "Mohammad")
    found = selectors.possible_duplicates(
        personas.counsellor, organisation_id=orgs.iom.pk, family_name="Hosseini", given_names="Mohammad",
    )
    assert found == []


def test_search_matches_prefix_and_variant(personas, orgs):
    person = make_person(personas.counsellor, orgs.iom, "Hosseini", "Mohammad", name_variants="Hoseyni")
    assert list(selectors.search_persons(personas.counsellor, "hoss")) == [person]
    assert list(selectors.search_persons(personas.counsellor, "Husseini Muhammed")) == [person]
    assert list(selectors.search_persons(personas.counsellor, "hoseyni")) == [person]
    assert list(selectors.search_persons(personas.counsellor, "karimi")) == []


def test_persons_invisible_to_other_organisations_and_to_roles_without_case_read(personas, orgs):
    person = make_person(personas.counsellor, orgs.iom)
    assert person in selectors.persons_visible_to(personas.counsellor)
    for outsider in (personas.diakonie_counsellor, personas.authority, personas.partner, personas.iom_dpo):
        assert not selectors.persons_visible_to(outsider).exists()


def test_persons_of_restricted_cases_hidden_from_unassigned(personas, restricted_case):
    principal = restricted_case.household.members.get(is_principal=True).person
    assert principal in selectors.persons_visible_to(personas.counsellor)
    assert principal in selectors.persons_visible_to(personas.team_lead)
    assert principal not in selectors.persons_visible_to(personas.counsellor_speyer)


def test_household_with_an_open_and_a_restricted_case_stays_visible_through_the_open_one(
        personas, restricted_case):
    from apps.cases import services as case_services

    open_case = case_services.case_open(actor=personas.counsellor, household=restricted_case.household)
    principal = restricted_case.household.members.get(is_principal=True).person
    speyer = personas.counsellor_speyer
    assert principal in selectors.persons_visible_to(speyer)
    assert open_case.household in selectors.households_visible_to(speyer)


def test_persons_without_household_are_visible_within_the_organisation(personas, orgs):
    person = make_person(personas.counsellor, orgs.iom)
    assert person in selectors.persons_visible_to(personas.counsellor_speyer)
    assert person not in selectors.persons_visible_to(personas.diakonie_counsellor)


def test_prefix_search_is_independent_of_the_database_collation(personas, orgs):
    """CI runs PostgreSQL with a German ICU collation, where byte ranges break unless the
    token column compares bytes."""
    yilmaz = make_person(personas.counsellor, orgs.iom, "Yılmaz", "Ayşe")
    zeki = make_person(personas.counsellor, orgs.iom, "Zeki", "Ömer")
    assert list(selectors.search_persons(personas.counsellor, "yil")) == [yilmaz]
    assert list(selectors.search_persons(personas.counsellor, "Hoss")) == []
    assert list(selectors.search_persons(personas.counsellor, "zek")) == [zeki]
    assert list(selectors.search_persons(personas.counsellor, "ome")) == [zeki]
