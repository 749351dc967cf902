"""Selectors: directory search, inbox and submitter scoping, the home widgets."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.cases.models import Task
from apps.clients import services as client_services
from apps.referrals import selectors, services
from apps.referrals.models import Referral, ReferralStatus, ServiceType
from apps.referrals.selectors import ServiceFilters, search_services
from apps.regions.models import District, Postcode
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(make_service):
    trier = District.objects.get(ags="07211")
    mainz = District.objects.get(ags="07315")
    return {
        "legal_trier": make_service("Rechtsberatung Trier (fiktiv)", districts=[trier], languages=["de", "fa"]),
        "medical_mainz": make_service("Praxis Mainz (fiktiv)", types=("medical",), districts=[mainz],
                                      languages=["de", "ar"]),
        "hotline": make_service("Landesweite Traumaberatung (fiktiv)", types=("psychosocial", "medical"),
                                statewide=True, languages=["en"]),
        "inactive": make_service("Geschlossen (fiktiv)", districts=[trier], is_active=False),
    }


def names(filters: ServiceFilters) -> set[str]:
    return {s.name for s in search_services(filters)}


def test_search_by_type(directory):
    assert names(ServiceFilters(service_type="medical")) == {"Praxis Mainz (fiktiv)",
                                                           "Landesweite Traumaberatung (fiktiv)"}


def test_search_by_district_includes_statewide_services(directory):
    trier = District.objects.get(ags="07211")
    assert names(ServiceFilters(district=trier.pk)) == {"Rechtsberatung Trier (fiktiv)",
                                                       "Landesweite Traumaberatung (fiktiv)"}


def test_search_by_postcode_finds_the_district(directory):
    code = Postcode.objects.filter(district__ags="07315").values_list("code", flat=True).first()
    assert names(ServiceFilters(postcode=code)) == {"Praxis Mainz (fiktiv)", "Landesweite Traumaberatung (fiktiv)"}
    assert names(ServiceFilters(postcode="00000")) == {"Landesweite Traumaberatung (fiktiv)"}


def test_search_by_language_and_name(directory):
    assert names(ServiceFilters(language="fa")) == {"Rechtsberatung Trier (fiktiv)"}
    assert names(ServiceFilters(language="ar", service_type="medical")) == {"Praxis Mainz (fiktiv)"}
    assert names(ServiceFilters(query="praxis")) == {"Praxis Mainz (fiktiv)"}
    assert names(ServiceFilters(query="Caritas")) == {s.name for s in directory.values() if s.is_active}


def test_inactive_services_are_hidden_unless_asked_for(directory):
    assert "Geschlossen (fiktiv)" not in names(ServiceFilters())
    assert "Geschlossen (fiktiv)" in names(ServiceFilters(include_inactive=True))


def test_the_inbox_shows_sent_referrals_to_the_users_organisation_only(personas, orgs, make_referral,
                                                                       sent_referral):
    make_referral()  # proposed: not in any inbox
    assert list(selectors.inbox_of(personas.partner)) == [sent_referral]
    assert list(selectors.inbox_of(personas.authority)) == []
    other_partner = member(OrganisationFactory(name="DRK (fiktiv)", code="DRK", kind="partner"), "partner_staff")
    assert list(selectors.inbox_of(other_partner)) == []


def test_the_snapshot_is_hidden_once_the_consent_is_withdrawn(personas, sent_referral, referral_consent):
    assert selectors.snapshot_visible(selectors.inbox_referral_for(personas.partner, sent_referral.pk))
    client_services.consent_withdraw(actor=personas.counsellor, consent=referral_consent)
    assert not selectors.snapshot_visible(selectors.inbox_referral_for(personas.partner, sent_referral.pk))


def test_shared_rows_follow_the_fixed_order(sent_referral):
    rows = selectors.shared_rows(selectors.shared_data(sent_referral))
    assert [label for label, _value in rows] == ["Name", "Phone", "Reason for the referral"]
    assert rows[0][1] == "Mohammad Hosseini"


def test_referrals_of_a_restricted_case_are_hidden_like_the_case(personas, orgs, restricted_case, make_referral,
                                                                  legal_service):
    principal = restricted_case.household.members.get().person
    referral = make_referral(case=restricted_case, person=principal)
    assert referral in selectors.referrals_visible_to(personas.team_lead)
    assert referral not in selectors.referrals_visible_to(personas.counsellor_speyer)


def test_waiting_and_overdue_widgets(personas, sent_referral, settings):
    assert list(selectors.waiting_for_response(personas.counsellor)) == [sent_referral]
    assert list(selectors.overdue_follow_ups(personas.counsellor)) == []
    Task.objects.filter(pk=sent_referral.follow_up_task_id).update(due_date=timezone.localdate() - timedelta(days=1))
    assert list(selectors.overdue_follow_ups(personas.counsellor)) == [sent_referral]
    Task.objects.filter(pk=sent_referral.follow_up_task_id).update(done_at=timezone.now())
    assert list(selectors.overdue_follow_ups(personas.counsellor)) == []
    Referral.objects.filter(pk=sent_referral.pk).update(sent_at=timezone.now() - timedelta(days=30))
    assert list(selectors.overdue_follow_ups(personas.counsellor)) == [sent_referral]
    services.referral_set_status(actor=personas.partner, referral=sent_referral, to_status=ReferralStatus.ACCEPTED,
                                 side=services.PROVIDER)
    assert list(selectors.waiting_for_response(personas.counsellor)) == []
    assert list(selectors.overdue_follow_ups(personas.counsellor)) == []
    assert list(selectors.waiting_for_response(personas.diakonie_counsellor)) == []


def test_submitters_and_receivers_see_their_side(personas, orgs):
    data = {"family_name": "Ahmadi", "language": "fa", "reason": "x", "consent_confirmed": True,
            "consent_form": "oral"}
    from_partner = services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                            to_organisation=orgs.iom, data=data)
    from_authority = services.incoming_submit(actor=personas.authority, from_organisation=orgs.authority,
                                              to_organisation=orgs.diakonie, data=data)
    assert list(selectors.submitted_by_organisations_of(personas.partner)) == [from_partner]
    assert list(selectors.submitted_by_organisations_of(personas.authority)) == [from_authority]
    assert list(selectors.incoming_of(personas.counsellor)) == [from_partner]
    assert list(selectors.incoming_of(personas.diakonie_counsellor)) == [from_authority]
    assert list(selectors.incoming_of(personas.partner)) == []
    assert list(selectors.new_incoming(personas.counsellor)) == [from_partner]
    assert selectors.receiving_organisation_ids(personas.counsellor) == [orgs.iom.pk]
    assert selectors.receiving_organisation_ids(personas.partner) == []


def test_linkable_case_by_reference_within_the_receiving_organisation(personas, orgs, iom_case):
    data = {"family_name": "Ahmadi", "language": "fa", "reason": "x", "consent_confirmed": True,
            "consent_form": "oral"}
    incoming = services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                        to_organisation=orgs.iom, data=data)
    assert selectors.linkable_case(personas.counsellor, incoming, iom_case.reference.lower()) == iom_case
    assert selectors.linkable_case(personas.diakonie_counsellor, incoming, iom_case.reference) is None
    assert selectors.cases_of_persons(personas.counsellor, [iom_case.household.members.get().person_id]) == {
        iom_case.household.members.get().person_id: [{"pk": iom_case.pk, "reference": iom_case.reference}]}


# --- Referrals to services of a sensitive type -----------------------------------------------


def test_the_default_sensitive_service_types(service_types):
    assert {code for code, t in service_types.items() if t.is_sensitive} == {
        "medical", "psychosocial", "trafficking", "womens_protection", "addiction"}


def test_a_referral_to_a_sensitive_service_is_hidden_without_case_sensitive_read(personas, iom_case, sent_referral,
                                                                                  sensitive_referral):
    Task.objects.filter(pk=sensitive_referral.follow_up_task_id).update(
        due_date=timezone.localdate() - timedelta(days=1))
    for user in (personas.counsellor, personas.team_lead):
        assert set(selectors.referrals_visible_to(user)) == {sent_referral, sensitive_referral}
    hotline = personas.hotline  # reads and writes the case, but not special categories
    assert list(selectors.referrals_visible_to(hotline)) == [sent_referral]
    assert list(selectors.referrals_of(hotline, iom_case)) == [sent_referral]
    assert list(selectors.waiting_for_response(hotline)) == [sent_referral]
    assert list(selectors.overdue_follow_ups(hotline)) == []
    assert list(selectors.overdue_follow_ups(personas.counsellor)) == [sensitive_referral]
    # A service with several types is sensitive if any of them is.
    sensitive_referral.service.service_types.add(*ServiceType.objects.filter(code="legal_advice"))
    assert list(selectors.referrals_visible_to(hotline)) == [sent_referral]


def test_the_provider_sees_its_sensitive_referrals_in_the_inbox(personas, sensitive_referral):
    assert list(selectors.inbox_of(personas.partner)) == [sensitive_referral]
