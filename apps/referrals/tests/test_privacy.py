"""referrals as a privacy source and the retention of declined incoming referrals."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from apps.privacy import registry
from apps.privacy.registry import ANONYMISE, DELETE, ERASE, ErasureContext
from apps.referrals import privacy, services
from apps.referrals.models import IncomingReferral, Referral

pytestmark = pytest.mark.django_db

INCOMING = {"family_name": "Ahmadi", "given_names": "Reza", "language": "fa", "reason": "Reza asks about return",
            "consent_confirmed": True, "consent_form": "oral", "phone": "+49 651 1234567"}
START = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.get_fixed_timezone(60))


def context(person, mode, *, whole=(), shared=(), names=()):
    return ErasureContext(person_id=person.pk, organisation_id=person.organisation_id, mode=mode, names=list(names),
                          whole_case_ids=set(whole), shared_case_ids=set(shared), now=timezone.now())


def test_collect_shows_the_referral_with_what_was_shared(principal, sent_referral):
    records = privacy.collect(principal.pk)
    assert [r.kind for r in records] == ["referral"]
    assert records[0].fields["Reason"] == "Needs advice on a pending appeal"
    assert "Hosseini" in records[0].fields["Data shared"]


def test_erase_deletes_the_referral_and_the_incoming_referral_of_the_case(personas, orgs, iom_case, principal,
                                                                          sent_referral):
    incoming = services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                        to_organisation=orgs.iom, data=INCOMING)
    services.incoming_link_case(actor=personas.counsellor, incoming=incoming, case=iom_case)
    ctx = context(principal, ERASE, whole={iom_case.pk})
    privacy.erase(ctx)
    assert not Referral.objects.filter(pk=sent_referral.pk).exists()
    assert not IncomingReferral.objects.filter(pk=incoming.pk).exists()
    assert ctx.counts == {"referrals.referrals": 1, "referrals.incoming": 1}


def test_anonymise_keeps_service_and_status_and_clears_the_text(iom_case, principal, sent_referral):
    privacy.erase(context(principal, ANONYMISE, whole={iom_case.pk}))
    referral = Referral.objects.get(pk=sent_referral.pk)
    assert (referral.reason, referral.shared_data, referral.status) == ("", "", "sent")


def test_on_a_shared_case_an_incoming_referral_naming_the_person_forgets_them(personas, orgs, iom_case, principal):
    incoming = services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                        to_organisation=orgs.iom, data=INCOMING)
    services.incoming_link_case(actor=personas.counsellor, incoming=incoming, case=iom_case)
    other = services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner, to_organisation=orgs.iom,
                                     data={**INCOMING, "family_name": "Karimi", "given_names": "Sina"})
    services.incoming_link_case(actor=personas.counsellor, incoming=other, case=iom_case)
    privacy.erase(context(principal, ERASE, shared={iom_case.pk}, names=["Reza Ahmadi"]))
    incoming.refresh_from_db()
    other.refresh_from_db()
    assert (incoming.family_name, incoming.phone, incoming.reason) == ("", "", "")
    assert (other.family_name, other.reason) == ("Karimi", "[…] asks about return")


def test_declined_incoming_referrals_are_due_after_the_period(personas, orgs):
    with time_machine.travel(START, tick=False):
        incoming = services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                            to_organisation=orgs.iom, data=INCOMING)
        services.incoming_decline(actor=personas.counsellor, incoming=incoming, reason="not_reached")
        waiting = services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                           to_organisation=orgs.iom, data=INCOMING)
    kind = registry.record_type("referrals.incoming_declined")

    def scope(days):
        return registry.RetentionScope(organisation_id=orgs.iom.pk, now=START + timedelta(days=days), months=6,
                                       held_case_ids=frozenset())
    assert kind.due(scope(150)) == []
    assert kind.due(scope(200)) == [incoming.pk]
    assert kind.apply(kind.due(scope(200)), ANONYMISE) == 1
    assert kind.due(scope(200)) == []  # anonymised: not due again
    assert IncomingReferral.objects.get(pk=incoming.pk).family_name == ""
    assert kind.apply([incoming.pk], DELETE) == 1
    assert list(IncomingReferral.objects.values_list("pk", flat=True)) == [waiting.pk]
