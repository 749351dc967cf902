"""Views through the client with real personas."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.countryinfo import services
from apps.countryinfo.models import CountryInformationRequest, OriginCountryContact, VirtualCounselling
from apps.countryinfo.tests.conftest import answered, ask, give_origin_consent
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_the_case_tab_lists_requests_sessions_and_contacts(as_user, personas, iom_case, contact, virtual):
    ask(personas.counsellor, iom_case, "Is dialysis available in Herat?")
    iom_case.intended_return_country = "AF"
    iom_case.save()
    page = as_user(personas.counsellor).get(
        reverse("countryinfo:case_countryinfo", args=[iom_case.pk])).content.decode()
    assert "Is dialysis available in Herat?" in page
    assert reverse("countryinfo:virtual_detail", args=[virtual.pk]) in page and "scheduled" in page
    assert "IOM Kabul (fiktiv)" in page
    assert "Schedule virtual counselling" in page and "New country-information request" in page
    assert 'aria-current="page">Country information' in page


def test_the_nav_leads_to_the_knowledge_base(as_user, personas):
    page = as_user(personas.counsellor).get(reverse("cases:home")).content.decode()
    assert reverse("countryinfo:knowledge") in page
    page = as_user(personas.coordinator).get(reverse("cases:home")).content.decode()
    assert reverse("countryinfo:knowledge") not in page and reverse("countryinfo:contact_manage") in page


def schedule_data(contact, person, **extra):
    return {"contact": contact.pk, "scheduled_for": "2030-05-04T10:00", "duration_minutes": 45,
            "participants": [person.pk], "language": "fa", **extra}


def test_scheduling_without_consent_explains_and_links_the_consents(as_user, personas, iom_case, contact,
                                                                    principal):
    client = as_user(personas.counsellor)
    url = reverse("countryinfo:virtual_schedule", args=[iom_case.pk])
    response = client.post(url, schedule_data(contact, principal))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Missing for: Hosseini, Mohammad." in page
    assert reverse("cases:consents", args=[iom_case.pk]) in page
    assert 'value="45"' in page  # the input is kept
    give_origin_consent(personas.counsellor, principal)
    response = client.post(url, schedule_data(contact, principal))
    virtual = VirtualCounselling.objects.get()
    assert response.url == reverse("countryinfo:virtual_detail", args=[virtual.pk])
    assert virtual.session.duration_minutes == 45


def test_outcome_and_cancel(as_user, personas, virtual):
    client = as_user(personas.counsellor)
    detail = reverse("countryinfo:virtual_detail", args=[virtual.pk])
    assert "Cancel session" in client.get(detail).content.decode()
    response = client.post(reverse("countryinfo:virtual_outcome", args=[virtual.pk]),
                           {"outcome": "Talked about housing.", "version": 1})
    assert response.url == detail
    page = client.get(detail).content.decode()
    assert "Talked about housing." in page and "Cancel session" not in page
    assert AuditEntry.objects.filter(action="virtual_counselling.viewed").exists()
    client.post(reverse("countryinfo:virtual_cancel", args=[virtual.pk]), {"version": 2})
    virtual.refresh_from_db()
    assert virtual.status == VirtualCounselling.Status.HELD  # a held session cannot be cancelled


def test_the_page_warns_when_a_participants_consent_was_withdrawn(as_user, personas, virtual, principal):
    from apps.clients import services as client_services
    from apps.clients.models import Consent

    client = as_user(personas.counsellor)
    detail = reverse("countryinfo:virtual_detail", args=[virtual.pk])
    assert "no longer valid" not in client.get(detail).content.decode()
    consent = Consent.objects.get(person=principal, purpose=Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER)
    client_services.consent_withdraw(actor=personas.counsellor, consent=consent)
    page = client.get(detail).content.decode()
    assert ("The consent to disclosure to a partner in the country of origin is no longer valid for: "
            "Hosseini, Mohammad.") in page
    # Recording what happened stays possible.
    response = client.post(reverse("countryinfo:virtual_outcome", args=[virtual.pk]),
                           {"outcome": "Talked about housing.", "version": 1})
    assert response.url == detail


def test_cancelling_a_scheduled_session(as_user, personas, virtual):
    as_user(personas.counsellor).post(reverse("countryinfo:virtual_cancel", args=[virtual.pk]), {"version": 1})
    virtual.refresh_from_db()
    assert virtual.status == VirtualCounselling.Status.CANCELLED


def test_others_do_not_reach_virtual_counselling(as_user, personas, virtual):
    for persona, status in [("diakonie_counsellor", 404), ("partner", 403), ("counsellor_speyer", 200)]:
        url = reverse("countryinfo:virtual_detail", args=[virtual.pk])
        assert as_user(getattr(personas, persona)).get(url).status_code == status


def test_a_blocked_question_keeps_the_input_and_lists_the_findings(as_user, personas, orgs):
    case = make_case(personas.counsellor, orgs.iom, family_name="Ahmadi", given_names="Farid")
    data = {"country": "AF", "topic": "medical_care", "question": "Mr Ahmadi, born 01.02.1990, needs insulin."}
    response = as_user(personas.counsellor).post(
        reverse("countryinfo:case_request_create", args=[case.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Remove the name “Ahmadi”." in page and "Remove the date “01.02.1990”" in page
    assert "Mr Ahmadi, born 01.02.1990, needs insulin.</textarea>" in page
    assert not CountryInformationRequest.objects.exists()


def test_request_create_edit_and_answer(as_user, personas, iom_case, contact):
    client = as_user(personas.counsellor)
    response = client.post(reverse("countryinfo:case_request_create", args=[iom_case.pk]), {
        "country": "AF", "topic": "medical_care", "question": "Is insulin available in Herat?"})
    request = CountryInformationRequest.objects.get()
    assert response.url == reverse("countryinfo:request_detail", args=[request.pk])
    assert request.case == iom_case and request.created_by == personas.counsellor
    client.post(reverse("countryinfo:request_edit", args=[request.pk]), {
        "country": "AF", "topic": "medical_care", "question": "Is insulin available in Herat?",
        "recipient": contact.pk, "sent_on": "2026-01-05", "version": 1})
    request.refresh_from_db()
    assert request.status == "sent" and request.recipient == contact
    client.post(reverse("countryinfo:request_answer", args=[request.pk]), {
        "answer": "Yes, in larger pharmacies.", "answered_on": "2026-01-20", "version": 2})
    request.refresh_from_db()
    assert request.status == "answered" and request.answered_on.isoformat() == "2026-01-20"
    page = client.get(reverse("countryinfo:request_detail", args=[request.pk])).content.decode()
    assert "Yes, in larger pharmacies." in page and iom_case.reference in page


def test_a_blocked_answer_is_not_saved(as_user, personas, iom_case):
    request = ask(personas.counsellor, iom_case)
    response = as_user(personas.counsellor).post(reverse("countryinfo:request_answer", args=[request.pk]), {
        "answer": "Write to doctor@example.org", "answered_on": "2026-01-20", "version": 1})
    assert "Remove the e-mail address “doctor@example.org”." in response.content.decode()
    request.refresh_from_db()
    assert request.answer == ""


def test_a_request_without_a_case(as_user, personas, orgs):
    response = as_user(personas.counsellor).post(reverse("countryinfo:request_create"), {
        "country": "IQ", "topic": "housing", "question": "Rents in Erbil?"})
    request = CountryInformationRequest.objects.get()
    assert response.status_code == 302 and request.case is None and request.organisation == orgs.iom


def test_the_live_check_returns_the_findings(as_user, personas, iom_case):
    client = as_user(personas.counsellor)
    url = reverse("countryinfo:check")
    page = client.post(url, {"question": "Mohammad, 0176 1234567", "case": iom_case.pk},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "Remove the name “Mohammad”." in page and "Remove the phone number" in page
    assert client.post(url, {"question": "Is insulin available in Herat?"}).content.decode().strip() == ""
    assert client.get(url).status_code == 405
    assert as_user(personas.diakonie_counsellor).post(url, {"question": "x", "case": iom_case.pk}).status_code == 404


def test_the_live_check_without_a_case_uses_the_organisations_names(as_user, personas, orgs, iom_case):
    make_case(personas.diakonie_counsellor, orgs.diakonie, family_name="Rahimi", given_names="Nasrin")
    client = as_user(personas.counsellor)
    url = reverse("countryinfo:check")
    page = client.post(url, {"question": "Die Hosseinis brauchen Dialyse"}).content.decode()
    assert "Remove the name “Hosseinis”." in page
    # Another organisation's names are never checked for (nor revealed) to IOM's counsellor.
    page = client.post(url, {"question": "Nasrin Rahimi", "organisation": orgs.diakonie.pk}).content.decode()
    assert page.strip() == ""


def test_opening_the_edit_and_answer_forms_is_audited(as_user, personas, iom_case):
    request = ask(personas.counsellor, iom_case)
    client = as_user(personas.counsellor)
    for name in ("countryinfo:request_edit", "countryinfo:request_answer"):
        assert client.get(reverse(name, args=[request.pk])).status_code == 200
    viewed = AuditEntry.objects.filter(action="country_request.viewed", object_id=str(request.pk))
    assert viewed.count() == 2 and {e.actor_id for e in viewed} == {personas.counsellor.pk}


def test_the_form_checks_the_question_live(as_user, personas, iom_case):
    page = as_user(personas.counsellor).get(
        reverse("countryinfo:case_request_create", args=[iom_case.pk])).content.decode()
    assert f'hx-post="{reverse("countryinfo:check")}"' in page and 'id="identifier-findings"' in page


def test_knowledge_is_shared_in_the_organisation_only(as_user, personas, iom_case):
    answered(personas.counsellor, iom_case, "Is dialysis available in Erbil?", "In public hospitals.")
    url = reverse("countryinfo:knowledge")
    page = as_user(personas.counsellor_speyer).get(url).content.decode()
    assert "Is dialysis available in Erbil?" in page and "In public hospitals." in page
    assert "Is dialysis" not in as_user(personas.diakonie_counsellor).get(url).content.decode()
    assert as_user(personas.partner).get(url).status_code == 403


def test_knowledge_from_a_restricted_case_shows_no_case(as_user, personas, restricted_case):
    entry = answered(personas.counsellor, restricted_case, "Is dialysis available in Erbil?", "Yes.")
    client = as_user(personas.counsellor_speyer)
    page = client.get(reverse("countryinfo:knowledge")).content.decode()
    assert "Is dialysis available in Erbil?" in page and restricted_case.reference not in page
    detail = client.get(reverse("countryinfo:request_detail", args=[entry.pk])).content.decode()
    assert "Is dialysis available in Erbil?" in detail and restricted_case.reference not in detail
    assert restricted_case.reference in as_user(personas.counsellor).get(
        reverse("countryinfo:request_detail", args=[entry.pk])).content.decode()


def test_knowledge_search_via_htmx(as_user, personas, iom_case):
    answered(personas.counsellor, iom_case, "Is dialysis available in Erbil?", "Yes.")
    answered(personas.counsellor, iom_case, "Rents in Kabul?", "High.", topic="housing")
    response = as_user(personas.counsellor).get(reverse("countryinfo:knowledge"), {"q": "dialysis"},
                                                HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and "Erbil" in page and "Kabul" not in page


def test_knowledge_list_queries_stay_constant(as_user, personas, iom_case, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(personas.counsellor)
    answered(personas.counsellor, iom_case)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("countryinfo:knowledge")).status_code == 200
        return len(ctx)

    few = count()
    for i in range(4):
        answered(personas.counsellor, iom_case, f"Question number {'x' * i}?", country="IQ")
    with django_assert_max_num_queries(few):
        client.get(reverse("countryinfo:knowledge"))


def test_contact_list_queries_stay_constant(as_user, personas, contact, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(personas.counsellor)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("countryinfo:contact_list")).status_code == 200
    for i in range(4):
        services.contact_create(actor=personas.coordinator, data={
            "country": "IQ", "organisation_name": f"Office {i} (fiktiv)", "languages": ["ar", "ckb"],
            "channels": ["viber", "email"]})
    with django_assert_max_num_queries(len(ctx)):
        page = client.get(reverse("countryinfo:contact_list")).content.decode()
    assert "Office 3 (fiktiv)" in page and "Viber, E-mail" in page


def test_contact_search_and_detail(as_user, personas, contact):
    client = as_user(personas.counsellor)
    assert "IOM Kabul" in client.get(reverse("countryinfo:contact_list"), {"language": "ps"}).content.decode()
    assert "IOM Kabul" not in client.get(reverse("countryinfo:contact_list"), {"channel": "viber"}).content.decode()
    page = client.get(reverse("countryinfo:contact_detail", args=[contact.pk])).content.decode()
    assert "Pashto" in page and "Video call, WhatsApp" in page
    assert reverse("countryinfo:contact_edit", args=[contact.pk]) not in page


def test_the_coordinator_maintains_the_directory(as_user, personas, contact):
    client = as_user(personas.coordinator)
    response = client.post(reverse("countryinfo:contact_create"), {
        "country": "GE", "organisation_name": "IOM Tbilisi (fiktiv)", "languages": ["ka", "ru"],
        "channels": ["video"], "hours": "Mon–Fri 10–18 (UTC+4)", "is_active": "on"})
    assert response.url == reverse("countryinfo:contact_manage")
    created = OriginCountryContact.objects.get(country="GE")
    assert created.languages == ["ka", "ru"] and created.channels == ["video"]
    client.post(reverse("countryinfo:contact_edit", args=[contact.pk]), {
        "country": "AF", "organisation_name": "IOM Kabul (fiktiv)", "version": 1})
    contact.refresh_from_db()
    assert contact.is_active is False and contact.version == 2
    page = client.get(reverse("countryinfo:contact_manage")).content.decode()
    assert "inactive" in page and "IOM Tbilisi" in page


def test_a_stale_contact_edit_keeps_the_input(as_user, personas, contact):
    services.contact_update(actor=personas.coordinator, contact=contact, expected_version=1, data={"notes": "a"})
    response = as_user(personas.coordinator).post(reverse("countryinfo:contact_edit", args=[contact.pk]), {
        "country": "AF", "organisation_name": "IOM Kabul (renamed)", "version": 1, "is_active": "on"})
    page = response.content.decode()
    assert "Someone else has changed this record" in page and "IOM Kabul (renamed)" in page


def test_counsellors_cannot_edit_the_directory(as_user, personas, contact):
    client = as_user(personas.counsellor)
    assert client.get(reverse("countryinfo:contact_create")).status_code == 403
    assert client.get(reverse("countryinfo:contact_edit", args=[contact.pk])).status_code == 403


def test_scheduling_from_a_contact_preselects_it(as_user, personas, iom_case, contact):
    page = as_user(personas.counsellor).get(
        reverse("countryinfo:virtual_schedule", args=[iom_case.pk]) + f"?contact={contact.pk}").content.decode()
    assert f'<option value="{contact.pk}" selected>' in page
