"""disclosures as a privacy source: the export says what was disclosed to whom; erasure
takes the disclosures resting on the person's consent, anonymisation clears the messages."""

import pytest
from django.utils import timezone

from apps.disclosures import privacy, services
from apps.disclosures.models import Disclosure, DisclosureMessage
from apps.privacy.registry import ANONYMISE, ERASE, ErasureContext

pytestmark = pytest.mark.django_db


def context(person, mode, *, whole=(), shared=(), names=()):
    return ErasureContext(person_id=person.pk, organisation_id=person.organisation_id, mode=mode, names=list(names),
                          whole_case_ids=set(whole), shared_case_ids=set(shared), now=timezone.now())


@pytest.fixture
def asked(personas, disclosure):
    services.disclosure_ask(actor=personas.authority, disclosure=disclosure, text="Is Mohammad travelling alone?")
    services.disclosure_answer(actor=personas.counsellor, disclosure=disclosure, text="Yes.")
    return disclosure


def test_collect_says_what_was_disclosed_to_whom(principal, asked, orgs):
    records = privacy.collect(principal.pk)
    assert [r.kind for r in records] == ["disclosure"]
    fields = records[0].fields
    assert fields["Recipient"] == str(orgs.authority)
    assert len(fields["Messages"]) == 2 and "Is Mohammad travelling alone?" in fields["Messages"][0]


def test_erase_deletes_disclosures_on_the_persons_consent(iom_case, principal, asked):
    ctx = context(principal, ERASE, shared={iom_case.pk})
    privacy.erase(ctx)
    assert not Disclosure.objects.filter(pk=asked.pk).exists()
    assert ctx.counts["disclosures.disclosures"] == 1 and ctx.counts["disclosures.messages"] == 2


def test_a_child_leaves_the_disclosure_that_stays_for_the_parent(personas, orgs, iom_case, principal, child,
                                                                 make_disclosure):
    disclosure = make_disclosure(fields=("name", "household_members"))
    assert child in disclosure.persons.all()
    services.disclosure_ask(actor=personas.authority, disclosure=disclosure, text="Is Sara Hosseini a minor?")
    privacy.erase(context(child, ERASE, shared={iom_case.pk}, names=["Sara Hosseini"]))
    assert list(disclosure.persons.all()) == [principal]
    assert DisclosureMessage.objects.get(disclosure=disclosure).text == "Is […] a minor?"


def test_anonymise_keeps_the_disclosure_and_clears_the_messages(iom_case, principal, asked):
    privacy.erase(context(principal, ANONYMISE, whole={iom_case.pk}))
    assert Disclosure.objects.filter(pk=asked.pk).exists()
    assert set(DisclosureMessage.objects.filter(disclosure=asked).values_list("text", flat=True)) == {""}
