"""clients as a privacy source: anonymisation keeps a year-of-birth band and what statistics
need, and takes the person out of every name search; erasure removes person and household."""

from datetime import date

import pytest
from django.utils import timezone

from apps.clients import privacy, selectors
from apps.clients import services as client_services
from apps.clients.models import Consent, Household, HouseholdNameToken, Person, PersonNameToken
from apps.privacy.registry import ANONYMISE, ERASE, ErasureContext
from tests.factories import make_case, make_person


@pytest.fixture(autouse=True)
def _clock(fixed_clock):
    """Periods count back from "now": a fixed moment (conftest.FIXED_MOMENT), not the day of the run."""

pytestmark = pytest.mark.django_db


def context(person, mode, *, whole=(), other=()):
    return ErasureContext(person_id=person.pk, organisation_id=person.organisation_id, mode=mode, names=[],
                          whole_case_ids=set(whole), shared_case_ids=set(), now=timezone.now(),
                          other_case_ids=set(other))


@pytest.mark.parametrize(("born", "band"), [(date(1987, 6, 30), date(1985, 1, 1)), (date(1990, 1, 1), date(1990, 1, 1)),
                                            (date(2004, 12, 31), date(2000, 1, 1))])
def test_birth_band_start(born, band):
    assert privacy.birth_band_start(born) == band


def test_anonymise_keeps_statistics_and_leaves_the_name_search(personas, orgs):
    case = make_case(personas.counsellor, orgs.iom, name_variants="Muhammad Husseini", phone="+4915112345678",
                     email="m@example.org", street="Hauptstr. 1", postcode="54290", city="Trier",
                     bamf_file_number="1234567-438", nationalities=["AF"], sex="male")
    person = case.household.members.get().person
    client_services.consent_record(actor=personas.counsellor, person=person, data={
        "purpose": Consent.Purpose.COUNSELLING, "form": "oral", "language": "fa", "notes": "asked by Mohammad"})
    privacy.erase(context(person, ANONYMISE, whole={case.pk}))
    person.refresh_from_db()
    assert (person.family_name, person.given_names, person.name_variants, person.phone, person.email,
            person.street, person.city, person.bamf_file_number) == ("anonymisiert", "", "", "", "", "", "", "")
    assert (person.birth_date, person.birth_date_precision) == (date(1990, 1, 1), "year")
    assert (person.sex, list(person.nationalities), person.postcode) == ("male", ["AF"], "")
    assert person.anonymised_at is not None
    assert Consent.objects.get(person=person).notes == ""
    assert not PersonNameToken.objects.filter(person=person).exists()
    assert not HouseholdNameToken.objects.filter(household=case.household).exists()
    assert not selectors.search_persons(personas.counsellor, "Hosseini").exists()
    assert selectors.possible_duplicates(personas.counsellor, organisation_id=orgs.iom.pk, family_name="Hosseini",
                                         given_names="Mohammad", birth_date=date(1990, 5, 17)) == []


def test_a_case_retention_keeps_a_person_who_has_another_open_case(personas, orgs):
    closed = make_case(personas.counsellor, orgs.iom)
    person = closed.household.members.get().person
    other = make_case(personas.counsellor, orgs.iom, family_name="Rahimi", given_names="Laila")
    privacy.erase(context(person, ANONYMISE, whole={closed.pk}, other={other.pk}))
    person.refresh_from_db()
    assert person.anonymised_at is None and person.family_name == "Hosseini"


def test_erase_removes_person_consents_and_an_empty_household(personas, orgs):
    lonely = make_person(personas.counsellor, orgs.iom, "Karimi", "Sina")
    household = client_services.household_create(actor=personas.counsellor, principal=lonely)
    ctx = context(lonely, ERASE)
    privacy.erase(ctx)
    assert not Person.objects.filter(pk=lonely.pk).exists()
    assert not Household.objects.filter(pk=household.pk).exists()
    assert ctx.counts == {"clients.household_memberships": 1, "clients.persons": 1, "clients.households": 1}


def test_collect_gives_person_consents_and_memberships_in_words(personas, orgs):
    case = make_case(personas.counsellor, orgs.iom, email="m@example.org")
    person = case.household.members.get().person
    records = privacy.collect(person.pk)
    assert [r.kind for r in records] == ["person", "household_membership"]
    assert records[0].fields["Family name"] == "Hosseini" and records[0].fields["E-mail"] == "m@example.org"
    assert records[0].fields["Languages"][0].endswith("(first language)")
    assert records[1].fields["Principal"] == "yes"
    assert privacy.collect(0) == []
