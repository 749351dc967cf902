"""Country information as a privacy source: virtual counselling, consents naming a partner
abroad and the requests of the person's cases; erasure keeps the knowledge without the link."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.clients import services as client_services
from apps.countryinfo import privacy, services
from apps.countryinfo.models import CountryInformationRequest, VirtualCounselling
from apps.countryinfo.tests.conftest import answered, ask, give_origin_consent
from apps.privacy.registry import ANONYMISE, ERASE, ErasureContext
from tests.factories import make_person


@pytest.fixture(autouse=True)
def _clock(fixed_clock):
    """Periods count back from "now": a fixed moment (conftest.FIXED_MOMENT), not the day of the run."""


@pytest.fixture
def partner(personas, orgs, iom_case):
    person = make_person(personas.counsellor, orgs.iom, "Hosseini", "Zahra")
    client_services.household_add_member(actor=personas.counsellor, household=iom_case.household, person=person,
                                         relationship="partner")
    return person


def _held(actor, virtual, outcome):
    return services.virtual_counselling_record_outcome(actor=actor, virtual=virtual, expected_version=virtual.version,
                                                       outcome=outcome)


@pytest.fixture
def world(personas, iom_case, contact, principal, partner):
    actor = personas.counsellor
    give_origin_consent(actor, principal, contact)
    give_origin_consent(actor, partner, contact)
    when = timezone.now() + timedelta(days=2)
    both = services.virtual_counselling_schedule(actor=actor, case=iom_case, contact=contact, scheduled_for=when,
                                                 participants=[principal, partner], language="fa")
    alone = services.virtual_counselling_schedule(actor=actor, case=iom_case, contact=contact,
                                                  scheduled_for=when + timedelta(days=1), participants=[partner],
                                                  language="fa")
    return {"both": _held(actor, both, "Zahra asked about schools; Mohammad about work"),
            "alone": _held(actor, alone, "Only her questions about midwives"),
            "answered": answered(actor, iom_case), "draft": ask(actor, iom_case, "Are there rents subsidies in Herat?")}


def context(person, mode, *, whole=(), shared=(), names=()):
    return ErasureContext(person_id=person.pk, organisation_id=person.organisation_id, mode=mode,
                          names=list(names), whole_case_ids=set(whole), shared_case_ids=set(shared),
                          now=timezone.now())


def test_collect_gives_the_sessions_the_person_took_part_in_consents_and_requests(principal, world):
    records = privacy.collect(principal.pk)
    kinds = [record.kind for record in records]
    assert kinds == ["virtual_counselling", "origin_partner_consent", "country_information_request",
                     "country_information_request"]
    virtual = records[0]
    assert virtual.fields["Status"] == "held" and "Mohammad about work" in virtual.fields["Outcome"]
    assert records[1].fields["Partner in the country of origin"] == "IOM Kabul (fiktiv) (Afghanistan)"
    assert records[2].fields["Topic"] == "Medical care" and records[2].fields["Country"] == "Afghanistan"
    assert "midwives" not in repr([record.fields for record in records])  # the partner's session alone


def test_erase_on_a_shared_case_deletes_the_session_only_the_person_had_and_scrubs_the_other(iom_case, partner,
                                                                                             world):
    ctx = context(partner, ERASE, shared={iom_case.pk}, names=["Zahra Hosseini"])
    privacy.erase(ctx)
    assert not VirtualCounselling.objects.filter(pk=world["alone"].pk).exists()
    both = VirtualCounselling.objects.get(pk=world["both"].pk)
    assert both.outcome == "[…] asked about schools; Mohammad about work"
    assert CountryInformationRequest.objects.filter(case=iom_case).count() == 2  # the case's knowledge stays
    assert ctx.counts["countryinfo.virtual_counselling.deleted"] == 1


def test_erase_of_a_whole_case_keeps_answered_requests_as_knowledge_without_the_case(iom_case, principal, world):
    ctx = context(principal, ERASE, whole={iom_case.pk})
    privacy.erase(ctx)
    assert not VirtualCounselling.objects.filter(session__case=iom_case).exists()
    assert not CountryInformationRequest.objects.filter(pk=world["draft"].pk).exists()
    knowledge = CountryInformationRequest.objects.get(pk=world["answered"].pk)
    assert knowledge.case_id is None and knowledge.answer == "Yes, in larger pharmacies."
    assert ctx.counts["countryinfo.request.deleted"] == 1 and ctx.counts["countryinfo.request.unlinked"] == 1


def test_anonymise_of_a_whole_case_clears_outcomes_and_keeps_date_and_counterpart(iom_case, principal, world):
    privacy.erase(context(principal, ANONYMISE, whole={iom_case.pk}))
    for virtual in VirtualCounselling.objects.filter(session__case=iom_case):
        assert virtual.outcome == "" and virtual.status == "held" and virtual.contact_id
    assert CountryInformationRequest.objects.filter(case__isnull=True).count() == 2
