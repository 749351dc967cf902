"""Selectors: who sees contacts, requests, knowledge and virtual counselling."""

import pytest
from django.utils import timezone

from apps.countryinfo import selectors, services
from apps.countryinfo.tests.conftest import answered, ask
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_contacts_are_read_with_case_read_and_managed_with_directory_manage(personas, contact):
    services.contact_create(actor=personas.coordinator, data={
        "country": "IQ", "organisation_name": "Old office (fiktiv)", "is_active": False})
    assert list(selectors.contacts_visible_to(personas.diakonie_counsellor)) == [contact]
    assert list(selectors.contacts_visible_to(personas.hotline)) == [contact]
    assert not selectors.contacts_visible_to(personas.coordinator).exists()
    assert not selectors.contacts_visible_to(personas.partner).exists()
    assert selectors.contacts_managed_by(personas.coordinator).count() == 2
    assert not selectors.contacts_managed_by(personas.counsellor).exists()


def test_contact_search_by_country_language_and_channel(personas, contact):
    other = services.contact_create(actor=personas.coordinator, data={
        "country": "IQ", "organisation_name": "IOM Erbil (fiktiv)", "languages": ["ckb", "ar"],
        "channels": ["viber"]})

    def found(**filters):
        return list(selectors.search_contacts(personas.counsellor, selectors.ContactFilters(**filters)))

    assert found() == [contact, other]
    assert found(country="iq") == [other]
    assert found(language="fa") == [contact]
    assert found(language="ar") == [other]
    assert found(language="a") == []  # a code matches whole, never a part of another code
    assert found(channel="viber") == [other]
    assert found(country="AF", channel="viber") == []


def test_contacts_for_a_case_follow_the_return_country_and_nationalities(personas, orgs, contact):
    iraq = services.contact_create(actor=personas.coordinator, data={
        "country": "IQ", "organisation_name": "IOM Erbil (fiktiv)"})
    services.contact_create(actor=personas.coordinator, data={"country": "NG", "organisation_name": "Lagos"})
    case = make_case(personas.counsellor, orgs.iom, nationalities=["AF"])
    assert list(selectors.contacts_for_case(case)) == [contact]
    case.intended_return_country = "IQ"
    assert list(selectors.contacts_for_case(case)) == [contact, iraq]


def test_knowledge_belongs_to_the_requesting_organisation(personas, orgs, iom_case):
    entry = answered(personas.counsellor, iom_case)
    ask(personas.counsellor, iom_case, "Is dialysis available in Herat?")  # unanswered: no knowledge
    empty = selectors.KnowledgeFilters()
    assert list(selectors.knowledge(personas.counsellor_speyer, empty)) == [entry]
    assert list(selectors.knowledge(personas.hotline, empty)) == [entry]
    assert list(selectors.knowledge(personas.diakonie_counsellor, empty)) == []
    assert list(selectors.knowledge(personas.partner, empty)) == []


def test_knowledge_of_a_restricted_case_is_shared_without_the_case(personas, restricted_case):
    entry = answered(personas.counsellor, restricted_case)
    [shown] = selectors.knowledge(personas.counsellor_speyer, selectors.KnowledgeFilters())
    assert shown == entry
    request = selectors.request_for(personas.counsellor_speyer, entry.pk)
    assert selectors.request_case_link(personas.counsellor_speyer, request) is None
    assert selectors.request_case_link(personas.counsellor, request) == restricted_case


def test_knowledge_search_and_order(personas, iom_case):
    older = answered(personas.counsellor, iom_case, "Is dialysis available in Erbil?", "Yes, in public hospitals.",
                     country="IQ")
    older.answered_on = timezone.localdate() - timezone.timedelta(days=3)
    older.save()
    newer = answered(personas.counsellor, iom_case, "Rents in Kabul?", "High.", topic="housing")

    def found(**filters):
        return list(selectors.knowledge(personas.counsellor, selectors.KnowledgeFilters(**filters)))

    assert found() == [newer, older]
    assert found(query="dialysis") == [older]
    assert found(query="PUBLIC hospitals") == [older]
    assert found(query="dialysis kabul") == []
    assert found(country="iq") == [older]
    assert found(topic="housing") == [newer]


def test_virtual_counselling_is_scoped_by_its_case(personas, orgs, restricted_case, contact):
    from apps.countryinfo.tests.conftest import give_origin_consent

    principal = restricted_case.household.members.get().person
    give_origin_consent(personas.counsellor, principal)
    virtual = services.virtual_counselling_schedule(
        actor=personas.counsellor, case=restricted_case, contact=contact, participants=[principal],
        language="fa", scheduled_for=timezone.now())
    assert selectors.virtual_counselling_visible_to(personas.counsellor).get() == virtual
    assert selectors.virtual_counselling_visible_to(personas.team_lead).get() == virtual
    assert not selectors.virtual_counselling_visible_to(personas.counsellor_speyer).exists()
    assert not selectors.virtual_counselling_visible_to(personas.diakonie_counsellor).exists()
