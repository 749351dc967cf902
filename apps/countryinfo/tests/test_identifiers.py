"""The identifier check: what blocks a country-information request, and what does not."""

import pytest

from apps.countryinfo.identifiers import (
    DATE,
    EMAIL,
    FILE_NUMBER,
    NAME,
    NUMBER,
    PHONE,
    CaseIdentifiers,
    case_identifiers,
    find_identifiers,
)
from tests.factories import make_case


def kinds(text, **kwargs):
    return [(f.kind, f.text) for f in find_identifiers(text, **kwargs)]


@pytest.mark.parametrize("text", [
    "Is insulin available in Herat?",
    "The client has lived in Germany since 2019.",
    "Between 2015 and 2018 he worked as a mechanic.",
    "A flat costs about 1.500 euros, a session 3-4 hours.",
    "Report cards from 12/2019 need translation.",
    "Dialysis three times a week in Erbil – is it free?",
    "Which schools in Mazar-i-Sharif accept girls aged 12?",
    "",
])
def test_texts_without_identifiers_pass(text):
    assert find_identifiers(text) == []


@pytest.mark.parametrize("text,expected", [
    ("born 01.02.1990", [(DATE, "01.02.1990")]),
    ("born 1.2.90", [(DATE, "1.2.90")]),
    ("born 1990-02-01", [(DATE, "1990-02-01")]),
    ("born 12 March 1990", [(DATE, "12 March 1990")]),
    ("geboren am 3. Mai 1985", [(DATE, "3. Mai 1985")]),
    ("born March 12, 1990", [(DATE, "March 12, 1990")]),
    ("born 01/02/1990", [(DATE, "01/02/1990")]),
    ("Aktenzeichen 7654321-439", [(FILE_NUMBER, "7654321-439")]),
    ("BAMF file 12345678.", [(FILE_NUMBER, "12345678")]),
    ("our file IOM-2026-000123", [(FILE_NUMBER, "IOM-2026-000123")]),
    ("passport P 1234567890", [(NUMBER, "1234567890")]),
    ("reach him on +49 176 12345678", [(PHONE, "+49 176 12345678")]),
    ("or 0176 1234567", [(PHONE, "0176 1234567")]),
    ("write to client@example.org please", [(EMAIL, "client@example.org")]),
    ("Frau Rahimi needs insulin", [(NAME, "Rahimi")]),
    ("Mr. Karimi asks", [(NAME, "Karimi")]),
])
def test_obvious_identifiers_are_found_without_a_case(text, expected):
    assert kinds(text) == expected


def test_invalid_dates_are_not_dates():
    assert find_identifiers("version 40.13.2020") == []


def test_each_distinct_finding_is_reported_once():
    assert kinds("7654321 and again 7654321") == [(FILE_NUMBER, "7654321")]


def test_findings_name_what_to_remove():
    [finding] = find_identifiers("Aktenzeichen 7654321-439")
    assert finding.message == "Remove the file number “7654321-439”."


HOUSEHOLD = CaseIdentifiers(
    name_words=frozenset({"ahmadi", "hosseini", "mohammad", "sara"}),
    name_skeletons=frozenset({"amada", "asana", "mamad"}),
    file_numbers=("IOM-2026-000001", "5551234-423"),
)


@pytest.mark.parametrize("text,expected", [
    ("Mr Ahmadi, born 01.02.1990", [(NAME, "Ahmadi"), (DATE, "01.02.1990")]),
    ("Does Ahmadi's daughter need a visa?", [(NAME, "Ahmadi")]),
    ("AHMADI asks about housing", [(NAME, "AHMADI")]),
    ("Husseini needs dialysis", [(NAME, "Husseini")]),  # transliteration variant of Hosseini
    ("Sara goes to school", [(NAME, "Sara")]),
    ("case iom-2026-000001", [(FILE_NUMBER, "iom-2026-000001")]),
    ("file 5551234-423", [(FILE_NUMBER, "5551234-423")]),
])
def test_names_and_numbers_of_the_household_are_found(text, expected):
    assert kinds(text, identifiers=HOUSEHOLD) == expected


@pytest.mark.parametrize("text", [
    "Is insulin available in Herat?",
    "Amid the crisis, are clinics open?",  # shares a short skeleton with Ahmad, but is no name
    "Is Sarajevo reachable by bus?",  # a name as part of another word is not the name
])
def test_other_words_are_not_names(text):
    assert find_identifiers(text, identifiers=HOUSEHOLD) == []


@pytest.mark.django_db
def test_case_identifiers_collect_the_whole_household(personas, orgs):
    from apps.clients import services as client_services

    case = make_case(personas.counsellor, orgs.iom, family_name="Ahmadi", given_names="Farid Ali",
                     bamf_file_number="7777777-423")
    child = client_services.person_create(actor=personas.counsellor, organisation=orgs.iom,
                                          data={"family_name": "Ahmadi", "given_names": "Yasmin",
                                                "name_variants": "Jasmin Achmadi"})
    client_services.household_add_member(actor=personas.counsellor, household=case.household, person=child,
                                         relationship="child")
    identifiers = case_identifiers(case)
    assert {"ahmadi", "farid", "ali", "yasmin", "jasmin", "achmadi"} <= identifiers.name_words
    assert identifiers.file_numbers == (case.reference, "7777777-423")
    assert kinds("Yasmin and Farid, file 7777777-423", case=case) == [
        (NAME, "Yasmin"), (NAME, "Farid"), (FILE_NUMBER, "7777777-423")]
    assert kinds(f"see {case.reference}", case=case) == [(FILE_NUMBER, case.reference)]


@pytest.mark.parametrize("text,expected", [
    ("Die Hosseinis brauchen Dialyse", [(NAME, "Hosseinis")]),
    ("Sind Ahmadis Kinder versichert?", [(NAME, "Ahmadis")]),
    ("Moham\u00admad Hossei\u00adni needs dialysis", [(NAME, "Mohammad"), (NAME, "Hosseini")]),
    ("Hos\u200bseini and Sa\u200dra", [(NAME, "Hosseini"), (NAME, "Sara")]),
    ("Mohamme\u0301d", [(NAME, "Mohamm\u00e9d")]),  # a combining accent splits no word either
])
def test_inflected_names_and_names_with_invisible_characters_are_found(text, expected):
    assert kinds(text, identifiers=HOUSEHOLD) == expected


def test_inflection_endings_do_not_make_other_words_names():
    assert find_identifiers("Sarajevos Kliniken und Ahmadabads Märkte", identifiers=HOUSEHOLD) == []


@pytest.mark.django_db
def test_names_in_arabic_script_are_compared_with_the_recorded_latin_names(personas, orgs):
    case = make_case(personas.counsellor, orgs.iom)  # Hosseini, Mohammad
    assert kinds("محمد حسینی به دیالیز نیاز دارد", case=case) == [(NAME, "محمد"), (NAME, "حسینی")]
    assert kinds("مُحَمَّد", case=case) == [(NAME, "محمد")]  # vowel signs do not hide the name
    assert kinds("آیا دیالیز در هرات موجود است؟", case=case) == []


@pytest.mark.django_db
def test_without_a_case_the_names_of_the_organisations_persons_are_found(personas, orgs):
    make_case(personas.counsellor, orgs.iom)  # Hosseini, Mohammad
    make_case(personas.counsellor, orgs.iom, family_name="Karimi", given_names="Said")
    make_case(personas.diakonie_counsellor, orgs.diakonie, family_name="Rahimi", given_names="Nasrin")
    iom = orgs.iom.pk
    assert kinds("Mohammad Hosseini needs dialysis in Herat", organisation_id=iom) == [
        (NAME, "Mohammad"), (NAME, "Hosseini")]
    assert kinds("Die Hosseinis brauchen Dialyse", organisation_id=iom) == [(NAME, "Hosseinis")]
    assert kinds("Moham\u00admad needs dialysis", organisation_id=iom) == [(NAME, "Mohammad")]
    assert kinds("کریمی", organisation_id=iom) == [(NAME, "کریمی")]
    # Another organisation's clients are not this organisation's business.
    assert kinds("Nasrin Rahimi needs dialysis", organisation_id=iom) == []
    assert kinds("Nasrin Rahimi needs dialysis", organisation_id=orgs.diakonie.pk) == [
        (NAME, "Nasrin"), (NAME, "Rahimi")]
    # Against a whole organisation only capitalised words count, and no transliteration
    # variants: ordinary words stay free.
    assert kinds("The doctor said dialysis is available", organisation_id=iom) == []
    assert kinds("Husseini", organisation_id=iom) == []


@pytest.mark.django_db
def test_the_organisation_check_is_one_query(personas, orgs, django_assert_num_queries):
    make_case(personas.counsellor, orgs.iom)
    with django_assert_num_queries(1):
        assert kinds("Die Hosseinis, Mohammad und کریمی", organisation_id=orgs.iom.pk) == [
            (NAME, "Hosseinis"), (NAME, "Mohammad")]
