import importlib
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from apps.assessments import services
from apps.assessments.models import AssessmentQuestion, AssessmentSection, VulnerabilityType
from apps.assessments.tests.factories import add_member, hear_child, principal_of, record_vulnerability, vtype
from apps.audit.models import AuditEntry
from apps.core.errors import ConcurrentEditError
from tests.factories import make_person

pytestmark = pytest.mark.django_db


# --- Assessments ------------------------------------------------------------------------

def _answers(assessment) -> dict[str, str]:
    return {a.question.code: a.answer for a in assessment.answers.select_related("question")}


def test_a_new_assessment_is_a_new_version_and_the_old_one_stays_unchanged(personas, iom_case):
    first = services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0,
                                       answers={"wishes": "Stay near my sister", "has_lawyer": "no"})
    second = services.assessment_create(actor=personas.team_lead, case=iom_case, expected_latest_version=1,
                                        answers={"wishes": "Return to Herat", "has_lawyer": "yes",
                                                 "health_needs": "Insulin"}, note="update")
    assert (first.number, second.number, second.based_on_id) == (1, 2, first.pk)
    first.refresh_from_db()
    assert _answers(first) == {"wishes": "Stay near my sister", "has_lawyer": "no"}
    assert _answers(second) == {"wishes": "Return to Herat", "has_lawyer": "yes", "health_needs": "Insulin"}
    entry = AuditEntry.objects.filter(action="assessment.created").latest("id")
    # Health questions are sensitive: the log counts them but does not name them.
    assert entry.details == {"version": 2, "questions": ["has_lawyer", "wishes"], "sensitive_answers": 1}
    assert "Herat" not in str(entry.details)


def test_a_concurrently_created_version_is_refused(personas, iom_case):
    services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0, answers={})
    # Someone else's form was also based on "no assessment yet".
    with pytest.raises(ConcurrentEditError):
        services.assessment_create(actor=personas.team_lead, case=iom_case, expected_latest_version=0,
                                   answers={"wishes": "x"})
    assert iom_case.assessments.count() == 1


def test_empty_answers_are_left_out_and_unknown_or_malformed_answers_refused(personas, iom_case):
    assessment = services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0,
                                            answers={"wishes": "  ", "education": "Tailor"})
    assert _answers(assessment) == {"education": "Tailor"}
    with pytest.raises(ValidationError, match="no_such_question"):
        services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=1,
                                   answers={"no_such_question": "x"})
    with pytest.raises(ValidationError):
        services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=1,
                                   answers={"has_lawyer": "maybe"})
    AssessmentQuestion.objects.filter(code="education").update(is_active=False)
    with pytest.raises(ValidationError):
        services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=1,
                                   answers={"education": "x"})


def test_writing_an_assessment_needs_case_write_in_the_cases_organisation(personas, iom_case):
    for outsider in (personas.iom_dpo, personas.diakonie_counsellor):
        with pytest.raises(PermissionDenied):
            services.assessment_create(actor=outsider, case=iom_case, expected_latest_version=0, answers={})


# --- Vulnerabilities --------------------------------------------------------------------

def test_recording_a_vulnerability_is_audited_without_texts(personas, iom_case):
    vulnerability = record_vulnerability(personas.counsellor, iom_case, details="Raises three children alone",
                                         response_actions=["priority_appointment"])
    assert vulnerability.version == 1 and vulnerability.is_open
    entry = AuditEntry.objects.get(action="vulnerability.recorded")
    assert (entry.case_id, entry.person_id, entry.details) == (
        iom_case.pk, vulnerability.person_id, {"type": "single_parent"})


def test_audit_details_never_name_a_sensitive_type(personas, iom_case):
    # Data-protection officers read the audit log without holding case.sensitive.read.
    vulnerability = record_vulnerability(personas.counsellor, iom_case, "trafficking", identified_on=date(2026, 3, 1))
    services.vulnerability_update(actor=personas.counsellor, vulnerability=vulnerability, expected_version=1,
                                  data={"severity": "high"})
    services.vulnerability_close(actor=personas.counsellor, vulnerability=vulnerability, expected_version=2,
                                 closed_on=date(2026, 4, 1))
    entries = AuditEntry.objects.filter(object_id=str(vulnerability.pk), action__in=[
        "vulnerability.recorded", "vulnerability.updated", "vulnerability.closed"]).order_by("id")
    assert [entry.details for entry in entries] == [
        {"sensitive": True},
        {"fields": ["severity"], "sensitive": True},
        {"fields": ["closed_on", "closed_reason"], "sensitive": True},
    ]
    assert not any("trafficking" in f"{entry.details} {entry.object_label}" for entry in entries)


def test_audit_details_name_the_type_when_it_changes_to_or_from_a_sensitive_one(personas, iom_case):
    vulnerability = record_vulnerability(personas.counsellor, iom_case, "older_person")
    services.vulnerability_update(actor=personas.counsellor, vulnerability=vulnerability, expected_version=1,
                                  data={"type": vtype("disability")})
    services.vulnerability_update(actor=personas.counsellor, vulnerability=vulnerability, expected_version=2,
                                  data={"type": vtype("single_parent")})
    details = list(AuditEntry.objects.filter(object_id=str(vulnerability.pk), action__startswith="vulnerability.")
                   .order_by("id").values_list("details", flat=True))
    assert details == [{"type": "older_person"}, {"fields": ["type"], "sensitive": True},
                       {"fields": ["type"], "type": "single_parent"}]


def test_the_person_must_belong_to_the_cases_household(personas, orgs, iom_case):
    stranger = make_person(personas.counsellor, orgs.iom, "Stranger", "Somebody")
    with pytest.raises(ValidationError) as error:
        record_vulnerability(personas.counsellor, iom_case, person=stranger)
    assert "person" in error.value.message_dict


@pytest.mark.parametrize("week,ok", [(None, False), (0, False), (1, True), (45, True), (46, False)])
def test_a_pregnancy_needs_a_week_between_1_and_45(personas, iom_case, week, ok):
    data = {"person": principal_of(iom_case), "type": vtype("pregnancy"), "identified_how": "self_disclosed",
            "severity": "high", "pregnancy_week": week}
    if ok:
        assert services.vulnerability_record(actor=personas.counsellor, case=iom_case, data=data).pregnancy_week == week
    else:
        with pytest.raises(ValidationError) as error:
            services.vulnerability_record(actor=personas.counsellor, case=iom_case, data=data)
        assert "pregnancy_week" in error.value.message_dict


def test_only_a_pregnancy_has_a_week(personas, iom_case):
    with pytest.raises(ValidationError) as error:
        record_vulnerability(personas.counsellor, iom_case, pregnancy_week=12)
    assert "pregnancy_week" in error.value.message_dict


def test_unknown_response_actions_are_refused(personas, iom_case):
    with pytest.raises(ValidationError):
        record_vulnerability(personas.counsellor, iom_case, response_actions=["magic"])


def test_who_may_not_read_a_sensitive_type_may_not_record_or_change_it(personas, iom_case):
    with pytest.raises(PermissionDenied):
        record_vulnerability(personas.hotline, iom_case, "trafficking")
    sensitive = record_vulnerability(personas.counsellor, iom_case, "mental_health")
    with pytest.raises(PermissionDenied):
        services.vulnerability_update(actor=personas.hotline, vulnerability=sensitive, expected_version=1,
                                      data={"severity": "low"})
    ordinary = record_vulnerability(personas.hotline, iom_case, "older_person")
    with pytest.raises(PermissionDenied):  # nor turn a visible one into a sensitive one
        services.vulnerability_update(actor=personas.hotline, vulnerability=ordinary, expected_version=1,
                                      data={"type": vtype("disability")})


def test_updating_uses_optimistic_locking(personas, iom_case):
    vulnerability = record_vulnerability(personas.counsellor, iom_case)
    services.vulnerability_update(actor=personas.counsellor, vulnerability=vulnerability, expected_version=1,
                                  data={"severity": "high", "response_actions": ["referral"]})
    vulnerability.refresh_from_db()
    assert (vulnerability.severity, vulnerability.response_actions, vulnerability.version) == ("high", ["referral"], 2)
    with pytest.raises(ConcurrentEditError):
        services.vulnerability_update(actor=personas.team_lead, vulnerability=vulnerability, expected_version=1,
                                      data={"severity": "low"})
    vulnerability.refresh_from_db()
    assert vulnerability.severity == "high"


def test_closing_a_vulnerability(personas, iom_case):
    vulnerability = record_vulnerability(personas.counsellor, iom_case, identified_on=date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.vulnerability_close(actor=personas.counsellor, vulnerability=vulnerability, expected_version=1,
                                     closed_on=date(2026, 2, 1))
    vulnerability.refresh_from_db()
    services.vulnerability_close(actor=personas.counsellor, vulnerability=vulnerability, expected_version=1,
                                 closed_on=date(2026, 4, 1), closed_reason="Partner arrived")
    vulnerability.refresh_from_db()
    assert (vulnerability.closed_on, vulnerability.closed_reason, vulnerability.is_open) == (
        date(2026, 4, 1), "Partner arrived", False)
    assert AuditEntry.objects.filter(action="vulnerability.closed", object_id=str(vulnerability.pk)).exists()


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (fixed names)
        return cursor.fetchone()[0]


def test_texts_are_encrypted_at_rest(personas, iom_case):
    vulnerability = record_vulnerability(personas.counsellor, iom_case, "gbv_survivor",
                                         details="Plaintext detail 123", response_notes="Plaintext note 456")
    assessment = services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0,
                                            answers={"wishes": "Plaintext answer 789"}, note="Plaintext note 000")
    child = add_member(personas.counsellor, iom_case)
    participation = hear_child(personas.counsellor, iom_case, child, child_views="Plaintext views 111",
                               best_interests="Plaintext interests 222", information_given="Plaintext info 333")
    answer = assessment.answers.get()
    raw = [
        _raw("assessments_vulnerability", "details", vulnerability.pk),
        _raw("assessments_vulnerability", "response_notes", vulnerability.pk),
        _raw("assessments_assessmentanswer", "answer", answer.pk),
        _raw("assessments_assessment", "note", assessment.pk),
        _raw("assessments_childparticipation", "child_views", participation.pk),
        _raw("assessments_childparticipation", "best_interests", participation.pk),
        _raw("assessments_childparticipation", "information_given", participation.pk),
    ]
    assert all(value.startswith("fernet:") and "Plaintext" not in value for value in raw)
    vulnerability.refresh_from_db()
    assert vulnerability.details == "Plaintext detail 123"


def test_reasons_are_encrypted_at_rest(personas, iom_case):
    vulnerability = record_vulnerability(personas.counsellor, iom_case, "mental_health",
                                         identified_on=date(2026, 3, 1))
    services.vulnerability_close(actor=personas.counsellor, vulnerability=vulnerability, expected_version=1,
                                 closed_on=date(2026, 4, 1), closed_reason="Plaintext reason 444")
    child = add_member(personas.counsellor, iom_case)
    participation = hear_child(personas.counsellor, iom_case, child, how_heard="not_possible", child_views="",
                               not_possible_reason="Plaintext reason 555")
    raw = [_raw("assessments_vulnerability", "closed_reason", vulnerability.pk),
           _raw("assessments_childparticipation", "not_possible_reason", participation.pk)]
    assert all(value.startswith("fernet:") and "Plaintext" not in value for value in raw)
    vulnerability.refresh_from_db()
    participation.refresh_from_db()
    assert (vulnerability.closed_reason, participation.not_possible_reason) == (
        "Plaintext reason 444", "Plaintext reason 555")


def test_reasons_longer_than_300_characters_are_refused(personas, iom_case):
    vulnerability = record_vulnerability(personas.counsellor, iom_case, identified_on=date(2026, 3, 1))
    with pytest.raises(ValidationError) as error:
        services.vulnerability_close(actor=personas.counsellor, vulnerability=vulnerability, expected_version=1,
                                     closed_on=date(2026, 4, 1), closed_reason="x" * 301)
    assert "closed_reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        hear_child(personas.counsellor, iom_case, add_member(personas.counsellor, iom_case),
                   how_heard="not_possible", not_possible_reason="x" * 301)
    assert "not_possible_reason" in error.value.message_dict


def _migration():
    return importlib.import_module("apps.assessments.migrations.0004_encrypt_reasons")


def _set_raw(table: str, column: str, pk: int, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608 (fixed names)


def test_the_migration_encrypts_reasons_stored_as_plaintext_and_can_go_back(personas, iom_case):
    vulnerability = record_vulnerability(personas.counsellor, iom_case, identified_on=date(2026, 3, 1))
    services.vulnerability_close(actor=personas.counsellor, vulnerability=vulnerability, expected_version=1,
                                 closed_on=date(2026, 4, 1), closed_reason="Already encrypted")
    open_one = record_vulnerability(personas.counsellor, iom_case, "older_person")
    participation = hear_child(personas.counsellor, iom_case, add_member(personas.counsellor, iom_case),
                               how_heard="not_possible", child_views="", not_possible_reason="x")
    # Rows as the migration finds them: plaintext written while the columns were CharFields.
    _set_raw("assessments_vulnerability", "closed_reason", vulnerability.pk, "Old plain reason")
    _set_raw("assessments_childparticipation", "not_possible_reason", participation.pk, "Infant, plain")
    schema_editor = SimpleNamespace(connection=connection)
    _migration().encrypt_plaintext(django_apps, schema_editor)
    raw = [_raw("assessments_vulnerability", "closed_reason", vulnerability.pk),
           _raw("assessments_childparticipation", "not_possible_reason", participation.pk)]
    assert all(value.startswith("fernet:") and "plain" not in value for value in raw)
    assert _raw("assessments_vulnerability", "closed_reason", open_one.pk) == ""
    vulnerability.refresh_from_db()
    participation.refresh_from_db()
    assert (vulnerability.closed_reason, participation.not_possible_reason) == ("Old plain reason", "Infant, plain")
    _migration().encrypt_plaintext(django_apps, schema_editor)  # running twice changes nothing
    vulnerability.refresh_from_db()
    assert vulnerability.closed_reason == "Old plain reason"
    _migration().decrypt_to_plaintext(django_apps, schema_editor)
    assert _raw("assessments_vulnerability", "closed_reason", vulnerability.pk) == "Old plain reason"


# --- Children's participation -----------------------------------------------------------

def test_recording_a_childs_participation(personas, iom_case):
    child = add_member(personas.counsellor, iom_case)
    participation = hear_child(personas.counsellor, iom_case, child)
    assert participation.is_complete
    entry = AuditEntry.objects.get(action="child_participation.recorded")
    assert (entry.person_id, entry.details) == (child.pk, {"how_heard": "with_parent"})


def test_only_children_of_the_household_can_be_heard(personas, orgs, iom_case):
    adult = add_member(personas.counsellor, iom_case, "Ali", relationship="partner", birth_date=date(1985, 1, 1))
    outside_child = make_person(personas.counsellor, orgs.iom, "Other", "Kid", birth_date=date(2019, 1, 1))
    for person in (adult, outside_child, principal_of(iom_case)):
        with pytest.raises(ValidationError) as error:
            hear_child(personas.counsellor, iom_case, person)
        assert "child" in error.value.message_dict


def test_views_are_required_unless_hearing_was_not_possible_and_then_a_reason(personas, iom_case):
    child = add_member(personas.counsellor, iom_case)
    with pytest.raises(ValidationError) as error:
        hear_child(personas.counsellor, iom_case, child, child_views="", best_interests="")
    assert set(error.value.message_dict) == {"child_views", "best_interests"}
    with pytest.raises(ValidationError) as error:
        hear_child(personas.counsellor, iom_case, child, how_heard="not_possible", child_views="")
    assert set(error.value.message_dict) == {"not_possible_reason"}
    record = hear_child(personas.counsellor, iom_case, child, how_heard="not_possible", child_views="",
                        not_possible_reason="Infant, two months old")
    assert record.is_complete


def test_updating_a_participation_uses_optimistic_locking(personas, iom_case):
    child = add_member(personas.counsellor, iom_case)
    record = hear_child(personas.counsellor, iom_case, child)
    services.participation_update(actor=personas.counsellor, participation=record, expected_version=1,
                                  data={"how_heard": "alone", "heard_on": timezone.localdate() - timedelta(days=1)})
    record.refresh_from_db()
    assert (record.how_heard, record.version) == ("alone", 2)
    with pytest.raises(ConcurrentEditError):
        services.participation_update(actor=personas.counsellor, participation=record, expected_version=1,
                                      data={"how_heard": "with_parent"})


# --- Lists ------------------------------------------------------------------------------

def test_lists_are_edited_with_taxonomy_manage_and_codes_never_change(personas):
    section = AssessmentSection.objects.get(code="health")
    with pytest.raises(PermissionDenied):
        services.section_save(actor=personas.team_lead, section=section, data={"name": "x"})
    services.section_save(actor=personas.network_admin, section=section,
                          data={"name": "Gesundheit und Pflege", "sort_order": 99})
    section.refresh_from_db()
    assert (section.name, section.sort_order) == ("Gesundheit und Pflege", 99)
    with pytest.raises(ValidationError):
        services.section_save(actor=personas.network_admin, section=section, data={"code": "care"})
    question = services.question_save(actor=personas.network_admin, data={
        "section": section, "code": "care_needs", "text": "Pflegebedarf?", "kind": "yes_no"})
    assert question.pk and AuditEntry.objects.filter(action="assessment_question.created").exists()
    created = services.vulnerability_type_save(actor=personas.network_admin, data={
        "code": "statelessness", "name": "Staatenlosigkeit", "name_en": "Statelessness", "group": "other"})
    assert not created.is_sensitive and VulnerabilityType.objects.filter(code="statelessness").exists()


def test_an_answered_question_can_be_deactivated_but_not_deleted(personas, iom_case):
    services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=0,
                               answers={"wishes": "x"})
    answered = AssessmentQuestion.objects.get(code="wishes")
    with pytest.raises(ValidationError):
        services.question_delete(actor=personas.network_admin, question=answered)
    with pytest.raises(ValidationError):
        services.question_save(actor=personas.network_admin, question=answered, data={"kind": "yes_no"})
    services.question_save(actor=personas.network_admin, question=answered, data={"is_active": False})
    assert not AssessmentQuestion.objects.get(code="wishes").is_active
    unanswered = AssessmentQuestion.objects.get(code="fears_staying")
    services.question_delete(actor=personas.network_admin, question=unanswered)
    assert not AssessmentQuestion.objects.filter(code="fears_staying").exists()


def test_versions_go_with_their_case_when_the_case_is_erased(personas, iom_case):
    from apps.assessments.models import Assessment

    for number in range(3):
        services.assessment_create(actor=personas.counsellor, case=iom_case, expected_latest_version=number,
                                   answers={"wishes": str(number)})
    record_vulnerability(personas.counsellor, iom_case)
    iom_case.delete()
    assert not Assessment.objects.exists()
