"""Country information through the API: contacts, requests, knowledge, virtual counselling."""

import pytest
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.countryinfo import services
from apps.countryinfo.models import CountryInformationRequest, VirtualCounselling
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(personas):
    return services.contact_create(actor=personas.coordinator, data={
        "country": "AF", "organisation_name": "IOM Kabul (fiktiv)", "languages": ["fa", "ps"],
        "channels": ["video", "whatsapp"]})


def ask(actor, case, question="Is insulin available in Herat?"):
    return services.request_create(actor=actor, organisation=case.organisation, case=case, data={
        "country": "AF", "topic": "medical_care", "question": question})


def principal_of(case):
    return case.household.members.get(is_principal=True).person


def test_listing_and_searching_contacts(personas, contact, api_as):
    services.contact_create(actor=personas.coordinator, data={
        "country": "IQ", "organisation_name": "IOM Erbil (fiktiv)", "languages": ["ar"], "channels": ["viber"]})
    client = api_as(personas.counsellor)
    body = client.get("/country-contacts").json()
    assert body["count"] == 2
    assert client.get("/country-contacts", language="ps").json()["items"][0]["id"] == contact.pk
    assert client.get("/country-contacts", channel="viber", country="iq").json()["count"] == 1
    assert client.get("/country-contacts", channel="pigeon").status_code == 422
    one = client.get(f"/country-contacts/{contact.pk}").json()
    assert one["country"] == "AF" and one["channels"] == ["video", "whatsapp"]
    # Like the web directory: without case.read the contacts are refused, not empty.
    assert api_as(personas.partner).get("/country-contacts").status_code == 403
    assert api_as(personas.partner).get(f"/country-contacts/{contact.pk}").status_code == 403


def test_only_directory_managers_add_contacts(personas, api_as):
    new = {"country": "ge", "organisation_name": "IOM Tbilisi (fiktiv)", "languages": ["ka"], "channels": ["video"]}
    assert api_as(personas.counsellor).post("/country-contacts", new).status_code == 403
    response = api_as(personas.coordinator).post("/country-contacts", new)
    assert response.status_code == 201, response.content
    assert response.json()["country"] == "GE" and response.json()["channels"] == ["video"]
    assert api_as(personas.coordinator).post("/country-contacts", {**new, "country": "XX"}).status_code == 422


def test_creating_and_answering_a_request(personas, iom_case, contact, api_as):
    client = api_as(personas.counsellor)
    response = client.post(f"/cases/{iom_case.pk}/country-requests", {
        "country": "AF", "topic": "medical_care", "question": "Is insulin available in Herat?",
        "recipient_id": contact.pk, "sent_on": "2026-01-05"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["case_id"], body["recipient_id"]) == ("sent", iom_case.pk, contact.pk)
    response = client.patch(f"/country-requests/{body['id']}", {
        "version": 1, "topic": "other", "answer": "Yes, in larger pharmacies.", "answered_on": "2026-01-20"})
    assert response.status_code == 200, response.content
    answered = response.json()
    assert (answered["status"], answered["topic"], answered["version"]) == ("answered", "other", 3)
    listed = client.get(f"/cases/{iom_case.pk}/country-requests").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]] and listed["items"][0]["case_id"] == iom_case.pk


def test_identifiers_are_a_422_with_findings(personas, orgs, api_as):
    case = make_case(personas.counsellor, orgs.iom, family_name="Ahmadi", given_names="Farid")
    client = api_as(personas.counsellor)
    response = client.post(f"/cases/{case.pk}/country-requests", {
        "country": "AF", "topic": "medical_care", "question": "Mr Ahmadi, born 01.02.1990"})
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [e["loc"][-1] for e in errors] == ["question", "question"]
    assert errors[0]["msg"] == "Remove the name “Ahmadi”."
    request = ask(personas.counsellor, case)
    response = client.patch(f"/country-requests/{request.pk}", {"version": 1, "answer": "Call 0176 1234567"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "answer"
    assert CountryInformationRequest.objects.get().status == "draft"


def test_a_request_without_a_case_is_checked_against_the_organisations_names(personas, orgs, iom_case, api_as):
    request = services.request_create(actor=personas.counsellor, organisation=orgs.iom, data={
        "country": "AF", "topic": "medical_care", "question": "Is dialysis available in Herat?"})
    response = api_as(personas.counsellor).patch(f"/country-requests/{request.pk}", {
        "version": 1, "question": "Die Hosseinis brauchen Dialyse in Herat"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "Remove the name “Hosseinis”."


def test_sessions_with_the_country_of_origin_need_consent_through_the_session_api_too(personas, iom_case, api_as):
    principal = principal_of(iom_case)
    client = api_as(personas.counsellor)
    data = {"started_at": timezone.now().isoformat(), "channel": "virtual_origin_country", "language": "fa",
            "participant_ids": [principal.pk]}
    response = client.post(f"/cases/{iom_case.pk}/sessions", data)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][-1] == "participant_ids"
    client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER, "form": "written", "language": "fa"})
    assert client.post(f"/cases/{iom_case.pk}/sessions", data).status_code == 201


def test_a_stale_version_is_a_409(personas, iom_case, api_as):
    request = ask(personas.counsellor, iom_case)
    response = api_as(personas.counsellor).patch(f"/country-requests/{request.pk}",
                                                 {"version": 4, "question": "Rents in Kabul?"})
    assert response.status_code == 409


def test_knowledge_is_anonymised_and_organisation_wide(personas, restricted_case, api_as):
    request = ask(personas.counsellor, restricted_case)
    services.request_answer(actor=personas.counsellor, request=request, expected_version=1, answer="Yes.")
    body = api_as(personas.counsellor_speyer).get("/country-information", q="insulin").json()
    assert body["count"] == 1
    assert set(body["items"][0]) == {"id", "country", "topic", "question", "answer", "answered_on"}
    single = api_as(personas.counsellor_speyer).get(f"/country-requests/{request.pk}").json()
    assert single["case_id"] is None  # the restricted case stays hidden
    assert api_as(personas.counsellor).get(f"/country-requests/{request.pk}").json()["case_id"] == restricted_case.pk
    assert api_as(personas.diakonie_counsellor).get("/country-information").json()["count"] == 0
    assert api_as(personas.diakonie_counsellor).get(f"/country-requests/{request.pk}").status_code == 404
    entry = AuditEntry.objects.filter(action="countryinformationrequest.list_viewed",
                                      actor=personas.counsellor_speyer).latest("id")
    assert entry.details["ids"] == [request.pk]


def test_scheduling_virtual_counselling_needs_consent(personas, iom_case, contact, api_as):
    client = api_as(personas.counsellor)
    principal = principal_of(iom_case)
    new = {"contact_id": contact.pk, "scheduled_for": "2030-01-02T10:00:00", "participant_ids": [principal.pk],
           "language": "fa", "interpreter_used": True, "interpreter_name": "Dolmetschdienst (fiktiv)"}
    response = client.post(f"/cases/{iom_case.pk}/virtual-counselling", new)
    assert response.status_code == 422
    assert "Missing for: Hosseini, Mohammad." in response.json()["detail"][0]["msg"]
    client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER, "form": "written", "language": "fa"},
        recipient_key=contact.pk)  # the consent names exactly this partner
    response = client.post(f"/cases/{iom_case.pk}/virtual-counselling", new)
    assert response.status_code == 201, response.content
    virtual = VirtualCounselling.objects.get()
    assert response.json()["session_id"] == virtual.session_id and virtual.session.interpreter_used
    listed = client.get(f"/cases/{iom_case.pk}/virtual-counselling").json()
    assert listed["items"][0]["status"] == "scheduled"
    assert client.post(f"/cases/{iom_case.pk}/virtual-counselling",
                       {**new, "contact_id": 999999}).status_code == 422


def test_another_organisation_cannot_schedule(personas, iom_case, contact, api_as):
    new = {"contact_id": contact.pk, "scheduled_for": timezone.now().isoformat(),
           "participant_ids": [principal_of(iom_case).pk], "language": "fa"}
    assert api_as(personas.diakonie_counsellor).post(
        f"/cases/{iom_case.pk}/virtual-counselling", new).status_code == 404


def test_the_operations_are_documented(api_as, personas):
    schema = api_as(personas.counsellor).get("/openapi.json").json()
    for path in ("/api/v1/country-contacts", "/api/v1/country-information", "/api/v1/country-requests/{request_id}",
                 "/api/v1/cases/{case_id}/virtual-counselling"):
        for operation in schema["paths"][path].values():
            assert operation["summary"] and operation["description"]
