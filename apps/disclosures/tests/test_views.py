"""The disclosure pages: the counsellor's tab and forms, the authority's inbox with exactly
the disclosed fields, immediate end of access, audit and constant query counts."""

import re
from datetime import date

import pytest
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.cases import services as case_services
from apps.clients import services as client_services
from apps.disclosures import services
from apps.disclosures.models import BorderCrossingCertificate, Disclosure
from apps.disclosures.tests.conftest import PDF, login
from tests.factories import OrganisationFactory, member
from tests.test_authorisation_matrix import WEB_ROUTES

pytestmark = pytest.mark.django_db


def detail_url(disclosure):
    return reverse("disclosures:inbox_detail", args=[disclosure.pk])


def test_the_authority_sees_exactly_the_disclosed_fields(client, personas, iom_case, principal, disclosure):
    case_services.session_record(actor=personas.counsellor, case=iom_case, data={
        "channel": "office", "language": "ar", "summary": "Secret session summary"})
    login(client, personas.authority)
    page = client.get(detail_url(disclosure)).content.decode()
    assert "Mohammad Hosseini" in page and "Iraq" in page
    for hidden in ("14.03.1988", "7654321-438", "Musterstraße", "Secret session summary", iom_case.reference,
                   "Toleration", "1234567"):
        assert hidden not in page
    assert re.findall(r'data-field="(\w+)"', page) == ["name", "nationalities"]


def test_corrections_reach_the_authority_at_view_time(client, personas, principal, disclosure):
    from apps.clients.models import Person

    Person.objects.filter(pk=principal.pk).update(given_names="Muhammad")
    login(client, personas.authority)
    assert "Muhammad Hosseini" in client.get(detail_url(disclosure)).content.decode()


def test_no_case_url_is_reachable_for_the_authority(client, personas, iom_case, disclosure, make_document):
    session = case_services.session_record(actor=personas.counsellor, case=iom_case, data={
        "channel": "office", "language": "ar"})
    document = make_document()
    ids = {"cases/": iom_case.pk, "sessions/": session.pk, "documents/": document.pk}
    login(client, personas.authority)
    checked = 0
    for name, pattern, _callback in WEB_ROUTES:
        prefix = next((p for p in ids if pattern.startswith(p)), None)
        if prefix is None or "<int:pk>" not in pattern:
            continue
        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", str(ids[prefix]), pattern)
        status = client.get(url).status_code
        if status == 405:
            status = client.post(url, {}).status_code
        assert status in {403, 404}, f"{name} {url}: {status}"
        checked += 1
    assert checked > 20


def test_revocation_is_immediate(client, personas, disclosure):
    login(client, personas.authority)
    assert client.get(detail_url(disclosure)).status_code == 200
    login(client, personas.counsellor)
    response = client.post(reverse("disclosures:revoke", args=[disclosure.pk]), {"version": disclosure.version})
    assert response.status_code == 302
    login(client, personas.authority)
    assert client.get(detail_url(disclosure)).status_code == 404
    assert "Disclosure #" not in client.get(reverse("disclosures:inbox")).content.decode()
    assert client.post(reverse("disclosures:inbox_confirm", args=[disclosure.pk])).status_code == 404


def test_withdrawing_the_consent_is_immediate(client, personas, consent, disclosure):
    client_services.consent_withdraw(actor=personas.counsellor, consent=consent)
    login(client, personas.authority)
    assert client.get(detail_url(disclosure)).status_code == 404
    assert "No disclosures addressed to your organisation." in client.get(
        reverse("disclosures:inbox")).content.decode()
    login(client, personas.counsellor)
    page = client.get(reverse("disclosures:case_disclosures", args=[disclosure.case_id])).content.decode()
    assert "consent withdrawn" in page


def test_another_authority_and_the_diakonie_get_nothing(client, personas, disclosure):
    other = member(OrganisationFactory(name="Ausländerbehörde Mainz", code="ABHMZ", kind="authority"),
                   "authority_counsellor")
    login(client, other)
    assert client.get(detail_url(disclosure)).status_code == 404
    login(client, personas.diakonie_counsellor)
    assert client.get(detail_url(disclosure)).status_code == 403
    assert client.post(reverse("disclosures:revoke", args=[disclosure.pk])).status_code == 404
    assert client.get(reverse("disclosures:case_disclosures", args=[disclosure.case_id])).status_code == 404


def test_every_authority_read_is_audited_and_shown_to_the_counsellor(client, personas, orgs, make_disclosure,
                                                                     make_document):
    document = make_document()
    disclosure = make_disclosure(documents=[document])
    login(client, personas.authority)
    client.get(reverse("disclosures:inbox"))
    client.get(detail_url(disclosure))
    download = client.get(reverse("disclosures:inbox_document", args=[disclosure.pk, document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content
                                                   if download.streaming else [download.content]) == PDF
    actions = list(AuditEntry.objects.filter(actor=personas.authority).values_list("action", flat=True))
    for action in ("disclosure.inbox_list_viewed", "disclosure.viewed", "disclosure.document_downloaded",
                   "document.downloaded"):
        assert action in actions
    # The reads belong to the disclosing organisation: its data-protection officer sees them.
    reads = AuditEntry.objects.filter(actor=personas.authority, action__in=actions).exclude(action="auth.login")
    assert set(reads.values_list("organisation_id", flat=True)) == {orgs.iom.pk}
    login(client, personas.counsellor)
    page = client.get(reverse("disclosures:case_disclosures", args=[disclosure.case_id])).content.decode()
    assert page.count(f"viewed by {personas.authority.email} on") == 1
    assert page.count(f"document downloaded by {personas.authority.email} on") == 1
    client.force_login(personas.authority)
    client.get(detail_url(disclosure))  # a second look the same day: the same line, counted
    login(client, personas.counsellor)
    page = client.get(reverse("disclosures:case_disclosures", args=[disclosure.case_id])).content.decode()
    assert page.count(f"viewed by {personas.authority.email} on") == 1
    assert "(2 times, first at" in page


def test_only_disclosed_undeleted_documents_can_be_downloaded(client, personas, make_disclosure, make_document):
    disclosed, other = make_document(title="Disclosed"), make_document(title="Not disclosed")
    disclosure = make_disclosure(documents=[disclosed])
    login(client, personas.authority)
    page = client.get(detail_url(disclosure)).content.decode()
    assert "Disclosed" in page and "Not disclosed" not in page
    assert client.get(reverse("disclosures:inbox_document", args=[disclosure.pk, other.pk])).status_code == 404
    assert client.get(reverse("cases:document_download", args=[disclosed.pk])).status_code == 403
    case_services.document_delete(actor=personas.counsellor, document=disclosed, reason="Wrong")
    assert client.get(reverse("disclosures:inbox_document", args=[disclosure.pk, disclosed.pk])).status_code == 404


def test_the_counsellor_discloses_through_the_form(client, personas, orgs, iom_case, consent, make_document):
    document = make_document()
    login(client, personas.counsellor)
    url = reverse("disclosures:create", args=[iom_case.pk])
    page = client.get(url).content.decode()
    for label in ("New disclosure", "Recipient", "Fields to disclose", "Disclose"):
        assert label in page
    refused = client.post(url, {"recipient": orgs.authority.pk, "purpose": "programme_application",
                                "consent": consent.pk, "fields": [], "documents": [document.pk]})
    assert refused.status_code == 200 and Disclosure.objects.count() == 0
    # The input is kept: the chosen document stays chosen.
    assert re.search(rf'name="documents" value="{document.pk}"[^>]*checked', refused.content.decode())
    response = client.post(url, {"recipient": orgs.authority.pk, "purpose": "programme_application",
                                 "consent": consent.pk, "fields": ["name", "birth_date"],
                                 "documents": [document.pk], "valid_until": "2099-12-31"})
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.fields == ["name", "birth_date"] and list(disclosure.documents.all()) == [document]
    tab = client.get(reverse("disclosures:case_disclosures", args=[iom_case.pk])).content.decode()
    assert "Ausländerbehörde Trier" in tab and "Date of birth" in tab and "Revoke" in tab


def test_a_consent_for_another_recipient_is_refused_with_the_reason(client, personas, orgs, iom_case, consent):
    other = OrganisationFactory(name="Ausländerbehörde Mainz", code="ABHMZ", kind="authority")
    login(client, personas.counsellor)
    response = client.post(reverse("disclosures:create", args=[iom_case.pk]), {
        "recipient": other.pk, "purpose": "programme_application", "consent": consent.pk, "fields": ["name"]})
    assert response.status_code == 200
    assert "names another recipient" in response.content.decode()


def test_the_authority_confirms_asks_and_records_the_gub(client, personas, orgs, principal, child,
                                                           make_disclosure):
    disclosure = make_disclosure(fields=["name", "household_members"])
    login(client, personas.authority)
    page = client.get(detail_url(disclosure)).content.decode()
    for label in ("Confirm", "Ask a question", "Record border crossing certificate"):
        assert label in page
    assert client.post(reverse("disclosures:inbox_confirm", args=[disclosure.pk]),
                       {"version": disclosure.version}).status_code == 302
    assert client.post(reverse("disclosures:inbox_ask", args=[disclosure.pk]),
                       {"text": "Is the passport still valid?"}).status_code == 302
    url = reverse("disclosures:inbox_certificate", args=[disclosure.pk])
    assert "Sara" in client.get(url).content.decode()
    kept = client.post(url, {"number": "GÜB-77", "issued_on": "2026-01-05", "valid_until": "2025-01-01",
                             "persons": [principal.pk, child.pk]})
    assert kept.status_code == 200 and "GÜB-77" in kept.content.decode()
    assert client.post(url, {"number": "GÜB-77", "issued_on": "2026-01-05", "valid_until": "2026-03-05",
                             "persons": [principal.pk, child.pk]}).status_code == 302
    gub = BorderCrossingCertificate.objects.get()
    assert gub.issued_by == orgs.authority and gub.disclosure == disclosure
    login(client, personas.counsellor)
    tab = client.get(reverse("disclosures:case_disclosures", args=[disclosure.case_id])).content.decode()
    assert "Is the passport still valid?" in tab and "GÜB-77" in tab
    assert client.post(reverse("disclosures:answer", args=[disclosure.pk]),
                       {"text": "Yes, until 2030."}).status_code == 302
    assert disclosure.messages.count() == 2


def test_the_counsellor_records_a_gub_from_paper(client, personas, orgs, iom_case, principal):
    login(client, personas.counsellor)
    url = reverse("disclosures:case_certificate", args=[iom_case.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"number": "P-1", "issued_on": "2026-01-05", "valid_until": "2026-03-05",
                             "persons": [principal.pk], "issued_by": orgs.authority.pk}).status_code == 302
    assert BorderCrossingCertificate.objects.get().disclosure is None


def test_the_hotline_reads_the_tab_but_cannot_disclose(client, personas, iom_case, disclosure):
    login(client, personas.hotline)
    page = client.get(reverse("disclosures:case_disclosures", args=[iom_case.pk])).content.decode()
    assert "Ausländerbehörde Trier" in page and "New disclosure" not in page and "Revoke" not in page
    assert client.get(reverse("disclosures:create", args=[iom_case.pk])).status_code == 403


def test_the_authority_home_shows_new_disclosures_and_open_questions(client, personas, disclosure):
    login(client, personas.authority)
    page = client.get("/").content.decode()
    assert "New disclosures" in page and f"Disclosure #{disclosure.pk}" in page
    services.disclosure_ask(actor=personas.authority, disclosure=disclosure, text="?")
    login(client, personas.counsellor)
    assert "Questions of authorities" in client.get("/").content.decode()


def test_the_inbox_keeps_its_queries_constant(client, personas, make_disclosure, django_assert_max_num_queries):
    make_disclosure()
    login(client, personas.authority)
    url = reverse("disclosures:inbox")
    with django_assert_max_num_queries(20) as one:
        client.get(url)
    for _ in range(4):
        make_disclosure()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).content.decode().count("Disclosure #") == 5


def test_the_case_tab_keeps_its_queries_constant(client, personas, make_disclosure, make_document, iom_case,
                                                 django_assert_max_num_queries):
    def one_more():
        disclosure = make_disclosure(documents=[make_document()])
        services.disclosure_ask(actor=personas.authority, disclosure=disclosure, text="?")
        services.gub_record(actor=personas.authority, disclosure=disclosure, number="1",
                            issued_on=date(2026, 1, 1), valid_until=date(2026, 2, 1),
                            persons=[disclosure.consent.person])

    one_more()
    login(client, personas.counsellor)
    url = reverse("disclosures:case_disclosures", args=[iom_case.pk])
    with django_assert_max_num_queries(60) as one:
        client.get(url)
    for _ in range(4):
        one_more()
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).content.decode().count('data-testid="disclosure-status"') == 5


def test_the_gub_form_labels_persons_only_with_what_was_disclosed(client, personas, principal, make_disclosure):
    disclosure = make_disclosure(fields=["bamf_file_number"])
    login(client, personas.authority)
    url = reverse("disclosures:inbox_certificate", args=[disclosure.pk])
    page = client.get(url).content.decode()
    assert principal.family_name not in page and principal.given_names not in page
    assert "Person 1" in page
    assert client.post(url, {"number": "GÜB-1", "issued_on": "2026-01-05", "valid_until": "2026-03-05",
                             "persons": [principal.pk]}).status_code == 302
    detail = client.get(detail_url(disclosure)).content.decode()
    assert "GÜB-1" in detail and "Person 1" in detail and principal.family_name not in detail


def test_the_gub_form_shows_the_birth_date_when_only_it_was_disclosed(client, personas, principal,
                                                                       make_disclosure):
    disclosure = make_disclosure(fields=["birth_date"])
    login(client, personas.authority)
    page = client.get(reverse("disclosures:inbox_certificate", args=[disclosure.pk])).content.decode()
    assert "14.03.1988" in page and principal.family_name not in page


def test_people_who_join_the_household_later_are_not_disclosed(client, personas, orgs, iom_case, principal,
                                                                make_disclosure):
    disclosure = make_disclosure(fields=["household_members"])
    later = client_services.person_create(actor=personas.counsellor, organisation=orgs.iom, data={
        "family_name": "Nachzügler", "given_names": "Karim", "birth_date": date(2019, 1, 1)})
    client_services.household_add_member(actor=personas.counsellor, household=iom_case.household, person=later,
                                         relationship="child")
    login(client, personas.authority)
    assert "Nachzügler" not in client.get(detail_url(disclosure)).content.decode()
    url = reverse("disclosures:inbox_certificate", args=[disclosure.pk])
    page = client.get(url).content.decode()
    assert "Nachzügler" not in page and principal.family_name in page
    kept = client.post(url, {"number": "GÜB-2", "issued_on": "2026-01-05", "valid_until": "2026-03-05",
                             "persons": [later.pk]})
    assert kept.status_code == 200 and not BorderCrossingCertificate.objects.exists()
