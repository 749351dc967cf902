import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.cases.models import Case, CounsellingSession, Topic
from tests.factories import make_case


@pytest.fixture
def counsellor_client(client, personas):
    client.force_login(personas.counsellor)
    return client


def test_home_shows_my_cases_and_tasks(counsellor_client, personas, iom_case):
    from apps.cases import services

    services.task_create(actor=personas.counsellor, case=iom_case, title="Book interpreter",
                         assignee=personas.counsellor)
    page = counsellor_client.get(reverse("cases:home")).content.decode()
    assert iom_case.reference in page and "Book interpreter" in page


def test_the_home_page_audits_the_names_it_shows(counsellor_client, personas, iom_case):
    from apps.audit.models import AuditEntry

    counsellor_client.get(reverse("cases:home"))
    entry = AuditEntry.objects.filter(action="case.list_viewed", details__page="home").get()
    assert entry.details["ids"] == [iom_case.pk] and entry.organisation_id == iom_case.organisation_id


def test_case_list_search_and_audit(counsellor_client, iom_case, orgs, personas):
    make_case(personas.counsellor, orgs.iom, family_name="Karimi")
    response = counsellor_client.get(reverse("cases:list"), {"q": "Husseini"})
    content = response.content.decode()
    assert iom_case.reference in content and "Karimi" not in content
    entry = AuditEntry.objects.filter(action="case.list_viewed").latest("id")
    assert entry.details["searched"] is True and "Husseini" not in str(entry.details)


def test_case_list_htmx_returns_only_the_table(counsellor_client, iom_case):
    response = counsellor_client.get(reverse("cases:list"), {"q": "hoss"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content and iom_case.reference.encode() in response.content


def _count_list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("cases:list")).status_code == 200
    return len(ctx)


def test_case_list_query_count_is_constant(counsellor_client, personas, orgs):
    make_case(personas.counsellor, orgs.iom)
    few = _count_list_queries(counsellor_client)
    for i in range(15):
        make_case(personas.counsellor, orgs.iom, family_name=f"Name{i}", nationalities=["AF", "IR"])
    assert _count_list_queries(counsellor_client) == few


def test_open_case_shows_duplicates_first_and_keeps_input(counsellor_client, iom_case, personas):
    data = {
        "person-family_name": "Husseini", "person-given_names": "Muhammed", "person-birth_date": "1990-05-17",
        "person-birth_date_precision": "exact", "person-sex": "male", "person-residence_status": "toleration",
        "person-language_1": "fa", "person-level_1": "native",
        "case-office": personas.trier.pk, "case-first_contact_source": "walk_in",
    }
    response = counsellor_client.post(reverse("cases:create"), data)
    content = response.content.decode()
    assert response.status_code == 200 and "Hosseini" in content and 'value="Husseini"' in content
    assert Case.objects.count() == 1
    response = counsellor_client.post(reverse("cases:create"), {**data, "confirm_new": "1"})
    assert response.status_code == 302 and Case.objects.count() == 2


def test_open_case_for_recognised_person_reuses_household(counsellor_client, iom_case, personas):
    person = iom_case.household.members.get().person
    response = counsellor_client.post(reverse("cases:create_for_person", args=[person.pk]), {
        "case-office": personas.trier.pk, "case-first_contact_source": "hotline"})
    new_case = Case.objects.exclude(pk=iom_case.pk).get()
    assert response.status_code == 302 and new_case.household_id == iom_case.household_id


def test_invalid_input_shows_errors_next_to_fields_and_keeps_input(counsellor_client, personas):
    response = counsellor_client.post(reverse("cases:create"), {
        "person-family_name": "", "person-given_names": "Laila", "person-email": "broken",
        "case-first_contact_source": "walk_in"})
    content = response.content.decode()
    assert response.status_code == 200 and 'value="Laila"' in content
    assert content.count('class="errorlist"') >= 2


def test_concurrent_edit_refused_with_message_and_input_kept(client, personas, iom_case):
    client.force_login(personas.counsellor)
    other = type(client)()
    other.force_login(personas.team_lead)
    base = {"office": personas.trier.pk, "first_contact_source": "walk_in", "version": iom_case.version}
    assert other.post(reverse("cases:edit", args=[iom_case.pk]),
                      {**base, "intended_return_country": "IR"}).status_code == 302
    response = client.post(reverse("cases:edit", args=[iom_case.pk]), {**base, "intended_return_country": "AF"})
    content = response.content.decode()
    assert response.status_code == 200 and "Someone else has changed" in content
    assert 'value="AF" selected' in content
    iom_case.refresh_from_db()
    assert iom_case.intended_return_country == "IR"
    # Saving again is a conscious overwrite based on the newest version.
    assert f'name="version" value="{iom_case.version}"' in content


def test_record_session_then_read_detail_is_audited(counsellor_client, iom_case, personas):
    principal = iom_case.household.members.get().person
    topic = Topic.objects.get(code="return_programmes")
    response = counsellor_client.post(reverse("cases:session_create", args=[iom_case.pk]), {
        "started_at": "2026-11-24T10:00", "duration_minutes": 50, "channel": "office",
        "office": personas.trier.pk, "language": "fa", "interpreter_used": "on", "interpreter_name": "Dolmetschdienst",
        "participants": [principal.pk], "topics": [topic.pk], "summary": "Wants information on REAG/GARP",
        "next_steps": "Second appointment"})
    session = CounsellingSession.objects.get()
    assert response.status_code == 302
    detail = counsellor_client.get(reverse("cases:session_detail", args=[session.pk])).content.decode()
    assert "Wants information on REAG/GARP" in detail
    assert AuditEntry.objects.filter(action="session.viewed", object_id=str(session.pk)).exists()


def test_session_form_requires_interpreter_name(counsellor_client, iom_case):
    response = counsellor_client.post(reverse("cases:session_create", args=[iom_case.pk]), {
        "started_at": "2026-11-24T10:00", "duration_minutes": 50, "channel": "phone", "language": "ar",
        "interpreter_used": "on", "summary": "kept text"})
    assert response.status_code == 200 and "kept text" in response.content.decode()
    assert not CounsellingSession.objects.exists()


def test_tasks_tab_add_and_toggle(counsellor_client, iom_case, personas):
    url = reverse("cases:task_create", args=[iom_case.pk])
    assert counsellor_client.post(url, {"title": "Get passport copy", "assignee": personas.counsellor.pk,
                                        "due_date": "2026-12-01"}).status_code == 302
    task = iom_case.tasks.get()
    counsellor_client.post(reverse("cases:task_toggle", args=[task.pk]), {"next": "https://evil.example/"})
    task.refresh_from_db()
    assert task.done_at is not None


def test_status_buttons_and_close(counsellor_client, iom_case):
    counsellor_client.post(reverse("cases:transition", args=[iom_case.pk]),
                           {"to_status": "counselling", "version": iom_case.version})
    iom_case.refresh_from_db()
    assert iom_case.status == "counselling"
    counsellor_client.post(reverse("cases:close", args=[iom_case.pk]),
                           {"outcome": "stayed", "version": iom_case.version})
    iom_case.refresh_from_db()
    assert iom_case.status == "closed" and iom_case.outcome == "stayed"


def test_consent_for_disclosure_needs_recipient(counsellor_client, iom_case):
    person = iom_case.household.members.get().person
    response = counsellor_client.post(reverse("cases:consent_add", args=[iom_case.pk]), {
        "person": person.pk, "purpose": "disclosure_to_authority", "given_at": "2026-11-24T10:00",
        "form": "written", "language": "fa"})
    assert response.status_code == 200 and not person.consents.exists()


def test_add_household_member(counsellor_client, iom_case):
    response = counsellor_client.post(reverse("cases:member_add", args=[iom_case.pk]), {
        "relationship": "child", "family_name": "Hosseini", "given_names": "Sara", "birth_date": "2018-03-01",
        "birth_date_precision": "exact", "sex": "female", "residence_status": "toleration"})
    assert response.status_code == 302
    assert iom_case.household.members.filter(relationship="child", person__given_names="Sara").exists()


def test_other_organisation_gets_404_everywhere(client, personas, iom_case):
    client.force_login(personas.diakonie_counsellor)
    for name in ("cases:detail", "cases:household", "cases:sessions", "cases:consents", "cases:tasks",
                 "cases:timeline", "cases:edit"):
        assert client.get(reverse(name, args=[iom_case.pk])).status_code == 404, name
    assert iom_case.reference not in client.get(reverse("cases:list"), {"q": "Hosseini"}).content.decode()


def test_restricted_case_hidden_from_unassigned_counsellor(client, personas, restricted_case):
    client.force_login(personas.counsellor_speyer)
    assert client.get(reverse("cases:detail", args=[restricted_case.pk])).status_code == 404
    client.force_login(personas.team_lead)
    assert client.get(reverse("cases:detail", args=[restricted_case.pk])).status_code == 200


def test_concurrent_session_edit_refused_and_input_kept(client, personas, iom_case):
    from apps.cases import services

    session = services.session_record(actor=personas.counsellor, case=iom_case,
                                      data={"channel": "phone", "language": "fa", "summary": "first"})
    services.session_update(actor=personas.team_lead, session=session, expected_version=1,
                            data={"summary": "changed by the team lead"})
    client.force_login(personas.counsellor)
    response = client.post(reverse("cases:session_edit", args=[session.pk]), {
        "started_at": "2026-11-24T10:00", "duration_minutes": 30, "channel": "phone", "language": "fa",
        "participants": [iom_case.household.members.get().person_id], "summary": "my own words", "version": 1})
    content = response.content.decode()
    assert response.status_code == 200 and "Someone else has changed" in content and "my own words" in content
    session.refresh_from_db()
    assert session.summary == "changed by the team lead"


def test_home_for_roles_without_case_access_explains_instead_of_listing(client, personas):
    client.force_login(personas.authority)
    page = client.get(reverse("cases:home")).content.decode()
    assert "Your role does not give access to counselling cases" in page and "My open cases" not in page


def test_remove_household_member_but_never_the_principal(counsellor_client, iom_case, personas, orgs):
    from apps.clients import services as client_services

    child = client_services.person_create(actor=personas.counsellor, organisation=orgs.iom,
                                          data={"family_name": "Hosseini", "given_names": "Sara"})
    member = client_services.household_add_member(actor=personas.counsellor, household=iom_case.household,
                                                  person=child, relationship="child")
    principal = iom_case.household.members.get(is_principal=True)
    counsellor_client.post(reverse("cases:member_remove", args=[iom_case.pk, principal.pk]))
    counsellor_client.post(reverse("cases:member_remove", args=[iom_case.pk, member.pk]))
    assert list(iom_case.household.members.all()) == [principal]
    assert AuditEntry.objects.filter(action="household.member_removed", person_id=child.pk).exists()


def test_assigned_counsellor_edits_a_restricted_case_without_lifting_it(counsellor_client, restricted_case, personas):
    response = counsellor_client.post(reverse("cases:edit", args=[restricted_case.pk]), {
        "office": personas.speyer.pk, "first_contact_source": "hotline", "version": restricted_case.version})
    assert response.status_code == 302
    restricted_case.refresh_from_db()
    assert restricted_case.restricted and restricted_case.office == personas.speyer


def test_pages_with_personal_data_are_not_cached(counsellor_client, iom_case):
    response = counsellor_client.get(reverse("cases:detail", args=[iom_case.pk]))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_case_list_says_more_than_the_cap_instead_of_counting_everything(counsellor_client, personas, orgs,
                                                                      settings):
    settings.CASE_LIST_COUNT_CAP = 2
    for i in range(4):
        make_case(personas.counsellor, orgs.iom, family_name=f"Amiri{i}")
    content = counsellor_client.get(reverse("cases:list")).content.decode()
    assert "More than 2 cases" in content
