from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.assessments import services
from apps.assessments.models import AssessmentQuestion, ChildParticipation, Vulnerability
from apps.assessments.tests.factories import add_member, hear_child, principal_of, record_vulnerability, vtype
from apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def counsellor_client(client, personas):
    client.force_login(personas.counsellor)
    return client


def _page(client, name, *args, **params) -> str:
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    return response.content.decode()


# --- Assessment -------------------------------------------------------------------------

def test_case_tabs_are_registered(counsellor_client, iom_case):
    page = _page(counsellor_client, "cases:detail", iom_case.pk)
    for label in ("Assessment", "Vulnerabilities", "Children"):
        assert f">{label}</a>" in page


def test_recording_a_new_assessment_prefilled_from_the_latest(counsellor_client, personas, iom_case):
    assert "No assessment has been recorded yet." in _page(counsellor_client, "assessments:case_assessment",
                                                           iom_case.pk)
    response = counsellor_client.post(reverse("assessments:assessment_create", args=[iom_case.pk]), {
        "version": "0", "q_wishes": "Wants to stay near family", "q_has_lawyer": "yes"})
    assert response.status_code == 302
    form_page = _page(counsellor_client, "assessments:assessment_create", iom_case.pk)
    assert "Wants to stay near family" in form_page and 'name="version" value="1"' in form_page
    assert "Save assessment" in form_page
    counsellor_client.post(reverse("assessments:assessment_create", args=[iom_case.pk]), {
        "version": "1", "q_wishes": "Considers returning", "q_has_lawyer": "yes"})
    latest = iom_case.assessments.get(number=2)
    page = _page(counsellor_client, "assessments:assessment_detail", latest.pk)
    assert "Considers returning" in page and "changed" in page and "Wants to stay near family" in page
    first = iom_case.assessments.get(number=1)
    page = _page(counsellor_client, "assessments:assessment_detail", first.pk)
    assert "Wants to stay near family" in page and "Considers returning" not in page
    assert AuditEntry.objects.filter(action="assessment.viewed", object_id=str(first.pk)).exists()


def test_the_prefilled_new_assessment_form_is_an_audited_read_of_the_latest_version(counsellor_client, personas,
                                                                                    iom_case):
    url = reverse("assessments:assessment_create", args=[iom_case.pk])
    assert counsellor_client.get(url).status_code == 200
    assert not AuditEntry.objects.filter(action="assessment.viewed").exists()  # nothing to read yet
    for number in range(2):
        services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=number,
                                   answers={"wishes": f"Answer {number}"})
    latest = iom_case.assessments.get(number=2)
    assert "Answer 1" in _page(counsellor_client, "assessments:assessment_create", iom_case.pk)
    entry = AuditEntry.objects.get(action="assessment.viewed")
    assert (entry.object_id, entry.case_id, entry.actor_id) == (str(latest.pk), iom_case.pk, personas.counsellor.pk)


def test_a_stale_assessment_form_keeps_the_input_and_explains(counsellor_client, personas, iom_case):
    services.assessment_create(actor=personas.team_lead, case=iom_case, expected_latest_version=0, answers={})
    response = counsellor_client.post(reverse("assessments:assessment_create", args=[iom_case.pk]), {
        "version": "0", "q_wishes": "My careful input"})
    page = response.content.decode()
    assert response.status_code == 200 and "Someone else has changed this record" in page
    assert "My careful input" in page and 'name="version" value="1"' in page
    assert iom_case.assessments.count() == 1


def test_a_reader_without_case_write_sees_no_new_assessment_button(client, personas, iom_case):
    from apps.accounts.models import Membership, Role
    from tests.factories import UserFactory

    reader = UserFactory()
    Membership.objects.create(user=reader, organisation=iom_case.organisation,
                              role=Role.objects.create(code="reader", name="Reader", permissions=["case.read"]))
    client.force_login(reader)
    assert "New assessment" not in _page(client, "assessments:case_assessment", iom_case.pk)
    assert client.get(reverse("assessments:assessment_create", args=[iom_case.pk])).status_code == 403


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_assessment_page_query_count_is_constant(counsellor_client, personas, iom_case):
    services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0,
                               answers={"wishes": "a"})
    url = reverse("assessments:case_assessment", args=[iom_case.pk])
    few = _count(counsellor_client, url)
    for number in range(1, 5):
        services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=number,
                                   answers={"wishes": f"a{number}", "education": "b", "has_lawyer": "no"})
    assert _count(counsellor_client, url) == few


# --- Vulnerabilities --------------------------------------------------------------------

def test_recording_a_vulnerability_shows_a_badge(counsellor_client, iom_case):
    form_page = _page(counsellor_client, "assessments:vulnerability_create", iom_case.pk)
    assert "Save vulnerability" in form_page and "How identified" in form_page
    person = principal_of(iom_case)
    response = counsellor_client.post(reverse("assessments:vulnerability_create", args=[iom_case.pk]), {
        "person": person.pk, "type": vtype("single_parent").pk, "identified_how": "observed",
        "identified_on": "2026-03-01", "severity": "medium", "response_actions": ["priority_appointment"]})
    assert response.status_code == 302
    assert Vulnerability.objects.get().response_actions == ["priority_appointment"]
    page = _page(counsellor_client, "cases:household", iom_case.pk)
    assert '<span class="badge warning">Single parent</span>' in page
    page = _page(counsellor_client, "assessments:case_vulnerabilities", iom_case.pk)
    assert "priority appointment" in page and "Record vulnerability" in page


def test_invalid_vulnerability_input_keeps_the_input(counsellor_client, iom_case):
    response = counsellor_client.post(reverse("assessments:vulnerability_create", args=[iom_case.pk]), {
        "person": principal_of(iom_case).pk, "type": vtype("pregnancy").pk, "identified_how": "self_disclosed",
        "identified_on": "2026-03-01", "severity": "high", "details": "Keep this text"})
    page = response.content.decode()
    assert response.status_code == 200 and "Give the week of pregnancy (1 to 45)." in page
    assert "Keep this text" in page and not Vulnerability.objects.exists()


def test_hotline_agents_never_see_sensitive_vulnerabilities(client, personas, iom_case):
    record_vulnerability(personas.counsellor, iom_case, "single_parent")
    sensitive = record_vulnerability(personas.counsellor, iom_case, "gbv_survivor", details="Secret detail")
    client.force_login(personas.hotline)
    for name in ("assessments:case_vulnerabilities", "cases:detail", "cases:household"):
        page = _page(client, name, iom_case.pk)
        assert "gender-based violence" not in page and "Secret detail" not in page
    assert "Single parent" in _page(client, "assessments:case_vulnerabilities", iom_case.pk)
    assert client.get(reverse("assessments:vulnerability_edit", args=[sensitive.pk])).status_code == 404
    assert client.get(reverse("assessments:vulnerability_close", args=[sensitive.pk])).status_code == 404
    assert "Survivor of gender-based violence" not in _page(client, "assessments:vulnerability_create", iom_case.pk)
    client.force_login(personas.counsellor)
    page = _page(client, "assessments:case_vulnerabilities", iom_case.pk)
    assert "Survivor of gender-based violence" in page and "Secret detail" in page
    entry = AuditEntry.objects.filter(action="vulnerability.list_viewed").latest("id")
    assert sorted(entry.details["ids"]) == sorted(Vulnerability.objects.values_list("pk", flat=True))


def test_editing_and_closing_a_vulnerability(counsellor_client, personas, iom_case):
    vulnerability = record_vulnerability(personas.counsellor, iom_case)
    assert "Save vulnerability" in _page(counsellor_client, "assessments:vulnerability_edit", vulnerability.pk)
    response = counsellor_client.post(reverse("assessments:vulnerability_edit", args=[vulnerability.pk]), {
        "person": vulnerability.person_id, "type": vulnerability.type.pk, "identified_how": "observed",
        "identified_on": "2026-03-01", "severity": "high", "version": "1"})
    assert response.status_code == 302
    response = counsellor_client.post(reverse("assessments:vulnerability_edit", args=[vulnerability.pk]), {
        "person": vulnerability.person_id, "type": vulnerability.type.pk, "identified_how": "observed",
        "identified_on": "2026-03-01", "severity": "low", "version": "1"})
    assert "Someone else has changed this record" in response.content.decode()
    response = counsellor_client.post(reverse("assessments:vulnerability_close", args=[vulnerability.pk]), {
        "closed_on": "2026-05-01", "closed_reason": "Situation resolved", "version": "2"})
    assert response.status_code == 302
    vulnerability.refresh_from_db()
    assert (vulnerability.severity, vulnerability.closed_on) == ("high", date(2026, 5, 1))
    assert "Single parent" not in _page(counsellor_client, "cases:household", iom_case.pk)


def test_the_data_protection_officer_reads_the_audit_log_without_sensitive_types(client, personas, iom_case):
    sensitive = record_vulnerability(personas.counsellor, iom_case, "sogi_risk")
    record_vulnerability(personas.counsellor, iom_case, "older_person")
    client.force_login(personas.iom_dpo)
    response = client.get(reverse("audit:export"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    lines = [line for line in body.splitlines() if "vulnerability.recorded" in line]
    assert len(lines) == 2 and "sogi_risk" not in body and "older_person" in body
    assert any(f"vulnerability #{sensitive.pk}" in line for line in lines)


def test_closing_reasons_are_limited_to_300_characters(counsellor_client, personas, iom_case):
    vulnerability = record_vulnerability(personas.counsellor, iom_case, identified_on=date(2026, 3, 1))
    response = counsellor_client.post(reverse("assessments:vulnerability_close", args=[vulnerability.pk]), {
        "closed_on": "2026-05-01", "closed_reason": "x" * 301, "version": "1"})
    assert response.status_code == 200 and 'maxlength="300"' in response.content.decode()
    vulnerability.refresh_from_db()
    assert vulnerability.is_open


def test_vulnerability_list_query_count_is_constant(counsellor_client, personas, iom_case):
    record_vulnerability(personas.counsellor, iom_case)
    url = reverse("assessments:case_vulnerabilities", args=[iom_case.pk])
    few = _count(counsellor_client, url)
    child = add_member(personas.counsellor, iom_case)
    for code in ("pregnancy", "disability", "older_person", "mental_health"):
        record_vulnerability(personas.counsellor, iom_case, code, response_actions=["referral"])
    record_vulnerability(personas.counsellor, iom_case, "unaccompanied_child", person=child)
    assert _count(counsellor_client, url) == few


# --- Children ---------------------------------------------------------------------------

def test_hearing_a_child_through_the_children_tab(counsellor_client, personas, iom_case):
    child = add_member(personas.counsellor, iom_case)
    page = _page(counsellor_client, "assessments:case_children", iom_case.pk)
    assert "missing" in page and "Record participation" in page
    form_page = _page(counsellor_client, "assessments:participation_create", iom_case.pk, child=child.pk)
    assert "Save participation" in form_page and f'value="{child.pk}" selected' in form_page
    response = counsellor_client.post(reverse("assessments:participation_create", args=[iom_case.pk]), {
        "child": child.pk, "how_heard": "alone", "child_views": "I miss my grandmother.",
        "best_interests": "Keep the family together.", "heard_on": "2026-04-02"})
    assert response.status_code == 302
    page = _page(counsellor_client, "assessments:case_children", iom_case.pk)
    assert "heard" in page and "I miss my grandmother." in page
    record = ChildParticipation.objects.get()
    response = counsellor_client.post(reverse("assessments:participation_edit", args=[record.pk]), {
        "child": child.pk, "how_heard": "not_possible", "best_interests": "Keep the family together.",
        "heard_on": "2026-04-02", "version": "1"})
    assert "Say why hearing the child was not possible." in response.content.decode()


def test_the_reason_why_a_child_was_not_heard_is_one_line_of_at_most_300_characters(counsellor_client, personas,
                                                                                      iom_case):
    child = add_member(personas.counsellor, iom_case)
    form_page = _page(counsellor_client, "assessments:participation_create", iom_case.pk)
    assert '<input type="text" name="not_possible_reason" maxlength="300"' in form_page
    data = {"child": child.pk, "how_heard": "not_possible", "best_interests": "Keep the family together.",
            "heard_on": "2026-04-02"}
    response = counsellor_client.post(reverse("assessments:participation_create", args=[iom_case.pk]), {
        **data, "not_possible_reason": "x" * 301})
    assert response.status_code == 200 and not ChildParticipation.objects.exists()
    response = counsellor_client.post(reverse("assessments:participation_create", args=[iom_case.pk]), {
        **data, "not_possible_reason": "Infant, two months old"})
    assert response.status_code == 302
    assert ChildParticipation.objects.get().not_possible_reason == "Infant, two months old"


def test_the_children_tab_without_children(counsellor_client, iom_case):
    assert "There are no children in this household." in _page(counsellor_client, "assessments:case_children",
                                                                iom_case.pk)


def test_children_page_query_count_is_constant(counsellor_client, personas, iom_case):
    child = add_member(personas.counsellor, iom_case)
    hear_child(personas.counsellor, iom_case, child)
    url = reverse("assessments:case_children", args=[iom_case.pk])
    few = _count(counsellor_client, url)
    for name in ("Omid", "Leyla", "Reza"):
        hear_child(personas.counsellor, iom_case, add_member(personas.counsellor, iom_case, name))
    hear_child(personas.counsellor, iom_case, child)
    assert _count(counsellor_client, url) == few


# --- Lists ------------------------------------------------------------------------------

def test_network_admin_edits_the_lists(client, personas, iom_case):
    client.force_login(personas.network_admin)
    page = _page(client, "assessments:taxonomy")
    assert "single_parent" in page and "has_lawyer" in page
    response = client.post(reverse("assessments:question_create"), {
        "section": AssessmentQuestion.objects.get(code="wishes").section_id, "code": "dreams",
        "text": "Träume?", "text_en": "Dreams?", "kind": "long_text", "sort_order": 5, "is_active": "on"})
    assert response.status_code == 302
    question = AssessmentQuestion.objects.get(code="dreams")
    response = client.post(reverse("assessments:question_edit", args=[question.pk]), {
        "section": question.section_id, "code": "renamed", "text": "Wünsche und Träume?", "kind": "long_text",
        "sort_order": 6})
    question.refresh_from_db()
    assert (question.code, question.text, question.is_active) == ("dreams", "Wünsche und Träume?", False)
    services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0,
                               answers={"wishes": "x"})
    wishes = AssessmentQuestion.objects.get(code="wishes")
    client.post(reverse("assessments:question_delete", args=[wishes.pk]))
    assert AssessmentQuestion.objects.filter(code="wishes").exists()
    client.post(reverse("assessments:question_delete", args=[question.pk]))
    assert not AssessmentQuestion.objects.filter(code="dreams").exists()


def test_lists_are_in_the_navigation_for_network_admins_only(client, personas):
    client.force_login(personas.network_admin)
    assert reverse("assessments:taxonomy") in _page(client, "accounts:profile")
    client.force_login(personas.counsellor)
    assert reverse("assessments:taxonomy") not in _page(client, "accounts:profile")
    assert client.get(reverse("assessments:taxonomy")).status_code == 403


def test_lists_page_query_count_is_constant(client, personas, iom_case):
    client.force_login(personas.network_admin)
    url = reverse("assessments:taxonomy")
    few = _count(client, url)
    services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0,
                               answers={"wishes": "x", "education": "y"})
    section = AssessmentQuestion.objects.get(code="wishes").section
    for number in range(5):
        services.question_save(actor=personas.network_admin, data={
            "section": section, "code": f"extra_{number}", "text": f"Frage {number}", "kind": "short_text"})
        services.vulnerability_type_save(actor=personas.network_admin, data={
            "code": f"extra_{number}", "name": f"Typ {number}", "group": "other"})
    assert _count(client, url) == few
