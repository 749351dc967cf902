"""Disclosures through the API: the counsellor discloses and revokes, the authority reads
exactly the disclosed fields, confirms, asks and records the GÜB; end of access is immediate."""

from datetime import date

import pytest

from apps.audit.models import AuditEntry
from apps.cases import services as case_services
from apps.clients import services as client_services
from apps.clients.models import Consent, Person
from apps.disclosures import services
from apps.disclosures.models import BorderCrossingCertificate, DisclosurePurpose
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def principal(iom_case):
    person = iom_case.household.members.get().person
    Person.objects.filter(pk=person.pk).update(birth_date=date(1988, 3, 14), nationalities=["IQ"],
                                               bamf_file_number="7654321-438")
    return person


@pytest.fixture
def consent(personas, orgs, principal):
    return client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": orgs.authority, "form": "written",
        "language": "ar"})


@pytest.fixture
def disclosure(personas, orgs, iom_case, consent):
    return services.disclosure_create(actor=personas.counsellor, case=iom_case, consent=consent,
                                      recipient=orgs.authority, purpose=DisclosurePurpose.PROGRAMME_APPLICATION,
                                      fields=["name", "nationalities"])


def test_the_counsellor_discloses_and_lists(personas, orgs, iom_case, consent, api_as):
    client = api_as(personas.counsellor)
    body = {"recipient_id": orgs.authority.pk, "consent_id": consent.pk, "purpose": "programme_application",
            "fields": ["name", "bamf_file_number"]}
    created = client.post(f"/cases/{iom_case.pk}/disclosures", body)
    assert created.status_code == 201, created.content
    assert created.json()["fields"] == ["name", "bamf_file_number"] and created.json()["status"] == "active"
    listed = client.get(f"/cases/{iom_case.pk}/disclosures").json()
    assert listed["count"] == 1 and listed["items"][0]["recipient_name"] == "Ausländerbehörde Trier"
    assert AuditEntry.objects.filter(action="disclosure.list_viewed").exists()


def test_disclosing_without_a_matching_consent_or_with_unknown_fields_is_422(personas, orgs, iom_case, consent,
                                                                             api_as):
    client = api_as(personas.counsellor)
    other = OrganisationFactory(name="Ausländerbehörde Mainz", code="ABHMZ", kind="authority")
    body = {"recipient_id": other.pk, "consent_id": consent.pk, "purpose": "programme_application",
            "fields": ["name"]}
    refused = client.post(f"/cases/{iom_case.pk}/disclosures", body)
    assert refused.status_code == 422 and "names another recipient" in refused.content.decode()
    unknown = client.post(f"/cases/{iom_case.pk}/disclosures", body | {"recipient_id": orgs.authority.pk,
                                                                      "fields": ["session_summary"]})
    assert unknown.status_code == 422 and "Unknown fields" in unknown.content.decode()
    assert client.post(f"/cases/{iom_case.pk}/disclosures", body | {"recipient_id": orgs.partner.pk}
                       ).status_code == 422
    assert api_as(personas.hotline).post(f"/cases/{iom_case.pk}/disclosures",
                                         body | {"recipient_id": orgs.authority.pk}).status_code == 403


def test_the_authority_reads_exactly_the_disclosed_fields(personas, iom_case, disclosure, api_as):
    case_services.session_record(actor=personas.counsellor, case=iom_case, data={
        "channel": "office", "language": "ar", "summary": "Secret session summary"})
    client = api_as(personas.authority)
    inbox = client.get("/disclosure-inbox").json()
    assert [item["id"] for item in inbox["items"]] == [disclosure.pk]
    response = client.get(f"/disclosure-inbox/{disclosure.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [(v["code"], v["value"]) for v in body["values"]] == [("name", "Mohammad Hosseini"),
                                                                 ("nationalities", "Iraq")]
    text = response.content.decode()
    for hidden in ("1988", "7654321-438", "Secret session summary", iom_case.reference, "case_id"):
        assert hidden not in text
    entry = AuditEntry.objects.get(action="disclosure.viewed")
    assert entry.case_id == iom_case.pk and entry.actor == personas.authority
    person_id = disclosure.consent.person_id
    for path in (f"/cases/{iom_case.pk}", f"/cases/{iom_case.pk}/disclosures", f"/persons/{person_id}"):
        assert client.get(path).status_code in {403, 404}


def test_revocation_and_withdrawal_are_immediate(personas, consent, disclosure, api_as):
    authority, counsellor = api_as(personas.authority), api_as(personas.counsellor)
    assert authority.get(f"/disclosure-inbox/{disclosure.pk}").status_code == 200
    revoked = counsellor.post(f"/disclosures/{disclosure.pk}/revoke", {"version": disclosure.version})
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert authority.get(f"/disclosure-inbox/{disclosure.pk}").status_code == 404
    assert authority.get("/disclosure-inbox").json()["count"] == 0
    second = services.disclosure_create(actor=personas.counsellor, case=disclosure.case, consent=consent,
                                        recipient=disclosure.recipient, purpose=disclosure.purpose, fields=["name"])
    assert authority.get(f"/disclosure-inbox/{second.pk}").status_code == 200
    client_services.consent_withdraw(actor=personas.counsellor, consent=consent)
    assert authority.get(f"/disclosure-inbox/{second.pk}").status_code == 404
    assert authority.get("/disclosure-inbox").json()["count"] == 0


def test_revoking_on_a_stale_version_is_a_conflict(personas, disclosure, api_as):
    stale = disclosure.version
    services.disclosure_confirm(actor=personas.authority, disclosure=disclosure)  # a new version
    conflict = api_as(personas.counsellor).post(f"/disclosures/{disclosure.pk}/revoke", {"version": stale})
    assert conflict.status_code == 409
    assert api_as(personas.authority).get(f"/disclosure-inbox/{disclosure.pk}").status_code == 200


def test_others_get_404(personas, disclosure, api_as):
    other = member(OrganisationFactory(name="Ausländerbehörde Mainz", code="ABHMZ", kind="authority"),
                   "authority_counsellor")
    assert api_as(other).get(f"/disclosure-inbox/{disclosure.pk}").status_code == 404
    assert api_as(other).get("/disclosure-inbox").json()["count"] == 0
    diakonie = api_as(personas.diakonie_counsellor)
    assert diakonie.get(f"/disclosure-inbox/{disclosure.pk}").status_code == 403
    assert diakonie.post(f"/disclosures/{disclosure.pk}/revoke", {}).status_code == 404
    assert api_as(personas.authority).post(f"/disclosures/{disclosure.pk}/revoke", {}).status_code == 403


def test_the_authority_confirms_asks_and_records_the_gub(personas, orgs, principal, disclosure, api_as):
    client = api_as(personas.authority)
    confirmed = client.post(f"/disclosure-inbox/{disclosure.pk}/confirm", {"version": disclosure.version})
    assert confirmed.status_code == 200 and confirmed.json()["confirmed_at"]
    again = client.post(f"/disclosure-inbox/{disclosure.pk}/confirm", {"version": disclosure.version})
    assert again.status_code == 422 and "already been confirmed" in again.content.decode()
    asked = client.post(f"/disclosure-inbox/{disclosure.pk}/questions", {"text": "Passport valid?"})
    assert asked.status_code == 201 and asked.json()["organisation_name"] == "Ausländerbehörde Trier"
    body = {"number": "GÜB-1", "issued_on": "2026-01-05", "valid_until": "2026-03-05",
            "person_ids": [principal.pk]}
    recorded = client.post(f"/disclosure-inbox/{disclosure.pk}/certificates", body)
    assert recorded.status_code == 201, recorded.content
    assert BorderCrossingCertificate.objects.get().issued_by == orgs.authority
    child = client_services.person_create(actor=personas.counsellor, organisation=orgs.iom,
                                          data={"family_name": "Hosseini", "given_names": "Sara"})
    refused = client.post(f"/disclosure-inbox/{disclosure.pk}/certificates", body | {"person_ids": [child.pk]})
    assert refused.status_code == 422
    detail = client.get(f"/disclosure-inbox/{disclosure.pk}").json()
    assert len(detail["messages"]) == 1 and detail["certificates"][0]["number"] == "GÜB-1"
    assert api_as(personas.counsellor).post(f"/disclosure-inbox/{disclosure.pk}/confirm", {}).status_code == 403


def test_the_authority_sees_the_pinned_persons_labelled_by_what_was_disclosed(personas, orgs, iom_case, consent,
                                                                              principal, api_as):
    disclosure = services.disclosure_create(actor=personas.counsellor, case=iom_case, consent=consent,
                                            recipient=orgs.authority, purpose=DisclosurePurpose.PROGRAMME_APPLICATION,
                                            fields=["bamf_file_number"])
    body = api_as(personas.authority).get(f"/disclosure-inbox/{disclosure.pk}").json()
    assert body["persons"] == [{"id": principal.pk, "label": "Person 1"}]
    assert "Hosseini" not in str(body)


def test_a_medical_report_is_refused_with_a_clear_message(personas, orgs, iom_case, consent, principal, api_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = case_services.document_upload(
        actor=personas.counsellor, case=iom_case, person=principal, document_type="medical_report", title="Arztbrief",
        uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"))
    refused = api_as(personas.counsellor).post(f"/cases/{iom_case.pk}/disclosures", {
        "recipient_id": orgs.authority.pk, "consent_id": consent.pk, "purpose": "programme_application",
        "fields": ["name"], "document_ids": [report.pk]})
    assert refused.status_code == 422 and "Medical reports" in refused.content.decode()
