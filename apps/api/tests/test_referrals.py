"""Referrals through the API: directory, a case's referrals with the consent gate, the
provider's inbox, incoming referrals from both sides."""

import pytest

from apps.audit.models import AuditEntry
from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.referrals import services
from apps.referrals.models import IncomingReferral, Referral, ServiceType
from apps.referrals.service_types import ensure_service_types
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(personas, orgs):
    ensure_service_types()
    return services.service_create(
        actor=personas.network_admin, provider=orgs.partner,
        data={"name": "Rechtsberatung (fiktiv)", "statewide": True, "languages": ["de", "fa"]},
        service_types=ServiceType.objects.filter(code="legal_advice"))


@pytest.fixture
def principal(iom_case):
    return iom_case.household.members.get().person


@pytest.fixture
def consent(personas, orgs, principal):
    return client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.REFERRAL, "recipient": orgs.partner, "form": "oral", "language": "fa"})


def propose(api, case, service, person, **extra):
    return api.post(f"/cases/{case.pk}/referrals", {
        "service_id": service.pk, "person_id": person.pk, "reason": "Appeal pending",
        "shared_fields": ["name", "reason"], **extra})


def test_the_directory_search(personas, service, api_as):
    client = api_as(personas.counsellor)
    body = client.get("/services", service_type="legal_advice", language="fa").json()
    assert [s["id"] for s in body["items"]] == [service.pk]
    assert body["items"][0]["service_types"] == ["legal_advice"]
    assert client.get("/services", language="ar").json()["count"] == 0
    assert client.get(f"/services/{service.pk}").json()["provider_name"] == "Caritas Trier"
    assert client.get("/services", postcode="12").status_code == 422


def test_the_directory_is_open_to_every_signed_in_user_and_lists_active_entries(personas, service, api_as):
    client = api_as(personas.partner)
    assert client.get("/services").json()["count"] == 1
    assert client.get(f"/services/{service.pk}").status_code == 200
    service.is_active = False
    service.save(update_fields=["is_active"])
    assert client.get("/services").json()["count"] == 0


def test_propose_and_send_with_the_consent_gate(personas, iom_case, service, principal, api_as):
    client = api_as(personas.counsellor)
    created = propose(client, iom_case, service, principal)
    assert created.status_code == 201, created.content
    referral_id = created.json()["id"]
    refused = client.post(f"/referrals/{referral_id}/send")
    assert refused.status_code == 422
    assert "has not given a valid consent" in refused.json()["detail"][0]["msg"]
    client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.REFERRAL, "recipient": personas.partner.memberships.get().organisation,
        "form": "oral", "language": "fa"})
    sent = client.post(f"/referrals/{referral_id}/send")
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    assert sent.json()["follow_up_task_id"] is not None
    assert client.get(f"/cases/{iom_case.pk}/referrals").json()["count"] == 1


def test_a_referral_for_someone_outside_the_household_is_422(personas, orgs, iom_case, service, api_as):
    from tests.factories import make_case

    stranger = make_case(personas.counsellor, orgs.iom, family_name="Karimi").household.members.get().person
    response = propose(api_as(personas.counsellor), iom_case, service, stranger)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "person_id"


def test_unknown_shared_fields_are_422(personas, iom_case, service, principal, api_as):
    response = propose(api_as(personas.counsellor), iom_case, service, principal, shared_fields=["bamf"])
    assert response.status_code == 422


def test_the_inbox_and_answering(personas, iom_case, service, principal, consent, api_as):
    referral = services.referral_create(actor=personas.counsellor, case=iom_case, service=service,
                                        person=principal, reason="Appeal", shared_fields=["name"])
    services.referral_send(actor=personas.counsellor, referral=referral)
    partner = api_as(personas.partner)
    body = partner.get("/referral-inbox").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["shared"] == {"name": {"family_name": "Hosseini", "given_names": "Mohammad"}}
    assert item["their_reference"] == f"V-{referral.pk}" and "case_id" not in item and "reason" not in item
    assert iom_case.reference not in str(item)
    assert partner.get(f"/referrals/{referral.pk}").status_code == 403
    assert partner.post(f"/referral-inbox/{referral.pk}/status", {"status": "no_response"}).status_code == 422
    answered = partner.post(f"/referral-inbox/{referral.pk}/status", {"status": "accepted", "note": "Termin"})
    assert answered.status_code == 200 and answered.json()["status"] == "accepted"
    assert api_as(personas.counsellor).get(f"/referrals/{referral.pk}").json()["provider_note"] == "Termin"
    client_services.consent_withdraw(actor=personas.counsellor, consent=consent)
    assert partner.get("/referral-inbox").json()["items"][0]["shared"] == {}
    assert AuditEntry.objects.filter(action="referral.list_viewed").exists()


def test_another_partner_sees_nothing(personas, iom_case, service, principal, consent, api_as):
    referral = services.referral_create(actor=personas.counsellor, case=iom_case, service=service,
                                        person=principal, reason="Appeal", shared_fields=["name"])
    services.referral_send(actor=personas.counsellor, referral=referral)
    other = api_as(member(OrganisationFactory(name="DRK (fiktiv)", code="DRK", kind="partner"), "partner_staff"))
    assert other.get("/referral-inbox").json()["count"] == 0
    assert other.post(f"/referral-inbox/{referral.pk}/status", {"status": "accepted"}).status_code == 404


def test_the_sender_records_the_answer(personas, iom_case, service, principal, consent, api_as):
    referral = services.referral_create(actor=personas.counsellor, case=iom_case, service=service,
                                        person=principal, reason="Appeal", shared_fields=["name"])
    services.referral_send(actor=personas.counsellor, referral=referral)
    client = api_as(personas.counsellor)
    assert client.post(f"/referrals/{referral.pk}/status", {"status": "completed"}).status_code == 422
    stale = client.post(f"/referrals/{referral.pk}/status", {"status": "no_response", "version": 1})
    assert stale.status_code == 409
    assert client.post(f"/referrals/{referral.pk}/status", {"status": "no_response"}).json()["status"] == "no_response"
    assert Referral.objects.get().answered_at is not None


INCOMING = {"family_name": "Ahmadi", "given_names": "Reza", "language": "fa", "reason": "Rückkehr",
            "consent_confirmed": True, "consent_form": "oral"}


def test_incoming_referrals_from_both_sides(personas, orgs, api_as):
    partner = api_as(personas.partner)
    refused = partner.post("/incoming-referrals", {**INCOMING, "to_organisation_id": orgs.iom.pk,
                                                   "consent_confirmed": False})
    assert refused.status_code == 422
    assert partner.post("/incoming-referrals", {**INCOMING, "to_organisation_id": orgs.partner.pk}).status_code == 422
    created = partner.post("/incoming-referrals", {**INCOMING, "to_organisation_id": orgs.iom.pk})
    assert created.status_code == 201, created.content
    assert created.json()["received"] is None
    mine = partner.get("/incoming-referrals").json()
    assert mine["count"] == 1 and mine["items"][0]["status"] == "received" and mine["items"][0]["received"] is None
    counsellor = api_as(personas.counsellor)
    received = counsellor.get("/incoming-referrals", side="received").json()["items"][0]
    assert received["received"]["reason"] == "Rückkehr"
    assert counsellor.get("/incoming-referrals", side="submitted").json()["count"] == 0
    assert api_as(personas.diakonie_counsellor).get("/incoming-referrals").json()["count"] == 0
    assert api_as(personas.authority).get("/incoming-referrals").json()["count"] == 0


def test_only_submitters_create_incoming_referrals(personas, orgs, api_as):
    response = api_as(personas.counsellor).post("/incoming-referrals", {**INCOMING, "to_organisation_id": orgs.iom.pk})
    assert response.status_code == 403
    assert IncomingReferral.objects.count() == 0


def test_referrals_to_sensitive_services_need_case_sensitive_read(personas, orgs, iom_case, service, principal,
                                                                   consent, api_as):
    trauma = services.service_create(
        actor=personas.network_admin, provider=orgs.partner, data={"name": "Traumazentrum (fiktiv)"},
        service_types=ServiceType.objects.filter(code="psychosocial"))
    plain = services.referral_create(actor=personas.counsellor, case=iom_case, service=service,
                                     person=principal, reason="Appeal", shared_fields=["name"])
    sensitive = services.referral_create(actor=personas.counsellor, case=iom_case, service=trauma,
                                         person=principal, reason="Trauma", shared_fields=["name"])
    services.referral_send(actor=personas.counsellor, referral=sensitive)
    hotline = api_as(personas.hotline)
    assert [r["id"] for r in hotline.get(f"/cases/{iom_case.pk}/referrals").json()["items"]] == [plain.pk]
    assert hotline.get(f"/referrals/{sensitive.pk}").status_code == 404
    assert hotline.post(f"/referrals/{sensitive.pk}/status", {"status": "no_response"}).status_code == 404
    assert hotline.get(f"/referrals/{plain.pk}").status_code == 200
    counsellor = api_as(personas.counsellor)
    assert counsellor.get(f"/cases/{iom_case.pk}/referrals").json()["count"] == 2
    assert counsellor.get(f"/referrals/{sensitive.pk}").status_code == 200
    # The provider it was sent to sees it in its inbox.
    assert [r["id"] for r in api_as(personas.partner).get("/referral-inbox").json()["items"]] == [sensitive.pk]


def test_the_inbox_follows_the_pinned_recipient(personas, orgs, iom_case, service, principal, consent, api_as):
    referral = services.referral_create(actor=personas.counsellor, case=iom_case, service=service,
                                        person=principal, reason="Appeal", shared_fields=["name"])
    services.referral_send(actor=personas.counsellor, referral=referral)
    services.referral_set_status(actor=personas.partner, referral=referral, to_status="declined")
    service.refresh_from_db()
    services.service_update(actor=personas.coordinator, service=service, expected_version=service.version,
                            data={}, provider=orgs.diakonie)
    item = api_as(personas.partner).get("/referral-inbox").json()["items"][0]
    assert item["id"] == referral.pk and item["consent_valid"] and item["shared"]


def test_a_hotline_agent_cannot_propose_a_referral_to_a_sensitive_service(personas, orgs, iom_case, principal,
                                                                         api_as):
    trauma = services.service_create(
        actor=personas.network_admin, provider=orgs.partner, data={"name": "Traumazentrum (fiktiv)"},
        service_types=ServiceType.objects.filter(code="psychosocial"))
    response = propose(api_as(personas.hotline), iom_case, trauma, principal)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "service_id"
    assert propose(api_as(personas.counsellor), iom_case, trauma, principal).status_code == 201
