import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.cases import services
from apps.cases.models import CaseStatus, Channel, CounsellingSession, Topic
from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.core.errors import ConcurrentEditError
from tests.factories import make_case, make_person


def test_reference_numbers_count_up_per_organisation(personas, orgs):
    first = make_case(personas.counsellor, orgs.iom)
    second = make_case(personas.counsellor, orgs.iom, family_name="Karimi")
    other = make_case(personas.diakonie_counsellor, orgs.diakonie)
    year = timezone.localdate().year
    assert first.reference == f"IOM-{year}-000001"
    assert second.reference == f"IOM-{year}-000002"
    assert other.reference == f"DKR-{year}-000001"


def test_case_open_assigns_the_actor_and_audits(personas, iom_case):
    assert list(iom_case.assigned_counsellors.all()) == [personas.counsellor]
    assert AuditEntry.objects.filter(action="case.created", case_id=iom_case.pk).exists()
    assert iom_case.status_changes.get().to_status == CaseStatus.NEW


def test_concurrent_case_update_is_refused(personas, iom_case):
    services.case_update(actor=personas.counsellor, case=iom_case, expected_version=1,
                         data={"intended_return_country": "IR"})
    stale = type(iom_case).objects.get(pk=iom_case.pk)
    with pytest.raises(ConcurrentEditError):
        services.case_update(actor=personas.team_lead, case=stale, expected_version=1,
                             data={"intended_return_country": "AF"})
    iom_case.refresh_from_db()
    assert iom_case.intended_return_country == "IR" and iom_case.version == 2


def test_case_update_refuses_office_of_another_organisation(personas, iom_case, orgs):
    from tests.factories import OfficeFactory

    foreign = OfficeFactory(organisation=orgs.diakonie)
    with pytest.raises(ValidationError):
        services.case_update(actor=personas.counsellor, case=iom_case, expected_version=1,
                             data={"office": foreign})


def test_transitions_follow_the_workflow(personas, iom_case):
    with pytest.raises(ValidationError):
        services.case_transition(actor=personas.counsellor, case=iom_case, to_status=CaseStatus.DEPARTED,
                                 expected_version=iom_case.version)
    services.case_transition(actor=personas.counsellor, case=iom_case, to_status=CaseStatus.COUNSELLING,
                             expected_version=iom_case.version)
    services.case_transition(actor=personas.counsellor, case=iom_case,
                             to_status=CaseStatus.RETURN_PREPARATION, expected_version=iom_case.version)
    # Counselling is open-ended: a client may go back to considering all options.
    services.case_transition(actor=personas.counsellor, case=iom_case, to_status=CaseStatus.COUNSELLING,
                             expected_version=iom_case.version)
    assert iom_case.status == CaseStatus.COUNSELLING
    assert AuditEntry.objects.filter(action="case.status_changed", case_id=iom_case.pk).count() == 3


def test_no_application_without_disclosure_consent(personas, orgs, iom_case):
    for status in (CaseStatus.COUNSELLING, CaseStatus.RETURN_PREPARATION):
        services.case_transition(actor=personas.counsellor, case=iom_case, to_status=status,
                                 expected_version=iom_case.version)
    with pytest.raises(ValidationError, match="consent"):
        services.case_transition(actor=personas.counsellor, case=iom_case, to_status=CaseStatus.APPLICATION,
                                 expected_version=iom_case.version)
    principal = iom_case.household.members.get(is_principal=True).person
    client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": orgs.authority,
        "form": "written", "language": "fa"})
    services.case_transition(actor=personas.counsellor, case=iom_case, to_status=CaseStatus.APPLICATION,
                             expected_version=iom_case.version)
    assert iom_case.status == CaseStatus.APPLICATION


def test_close_with_neutral_outcome_from_any_state_and_reopen(personas, iom_case):
    services.case_close(actor=personas.counsellor, case=iom_case, outcome="stayed",
                        expected_version=iom_case.version)
    iom_case.refresh_from_db()
    assert iom_case.status == CaseStatus.CLOSED and iom_case.outcome == "stayed" and iom_case.closed_at
    services.case_transition(actor=personas.counsellor, case=iom_case, to_status=CaseStatus.COUNSELLING,
                             expected_version=iom_case.version)
    assert iom_case.outcome == "" and iom_case.closed_at is None


def test_session_summary_encrypted_at_rest_and_first_session_starts_counselling(personas, iom_case):
    principal = iom_case.household.members.get(is_principal=True).person
    session = services.session_record(
        actor=personas.counsellor, case=iom_case,
        data={"channel": "office", "language": "fa", "duration_minutes": 45,
              "summary": "Client fears persecution in Herat", "next_steps": "Refer to legal advice"},
        participants=[principal], topics=Topic.objects.filter(code="legal_options"),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary, next_steps FROM cases_counsellingsession WHERE id = %s", [session.pk])
        summary, next_steps = cursor.fetchone()
    assert "Herat" not in summary and "legal" not in next_steps
    session.refresh_from_db()
    assert session.summary == "Client fears persecution in Herat"
    iom_case.refresh_from_db()
    assert iom_case.status == CaseStatus.COUNSELLING


def test_session_participants_must_belong_to_the_household(personas, orgs, iom_case):
    stranger = make_case(personas.counsellor, orgs.iom, family_name="Karimi").household.members.get().person
    with pytest.raises(ValidationError):
        services.session_record(actor=personas.counsellor, case=iom_case,
                                data={"channel": "phone", "language": "fa"}, participants=[stranger])


def _origin_consent(actor, person):
    return client_services.consent_record(actor=actor, person=person, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER, "form": "oral", "language": "fa"})


def _household_child(personas, orgs, case):
    child = make_person(personas.counsellor, orgs.iom, "Hosseini", "Sara")
    client_services.household_add_member(actor=personas.counsellor, household=case.household, person=child,
                                         relationship="child")
    return child


VIRTUAL = {"channel": Channel.VIRTUAL_ORIGIN, "language": "fa", "location": "Partner Kabul"}


def test_a_virtual_origin_session_needs_each_participants_consent(personas, orgs, iom_case):
    principal = iom_case.household.members.get(is_principal=True).person
    child = _household_child(personas, orgs, iom_case)
    _origin_consent(personas.counsellor, principal)
    with pytest.raises(ValidationError) as error:
        services.session_record(actor=personas.counsellor, case=iom_case, data=VIRTUAL,
                                participants=[principal, child])
    [message] = error.value.message_dict["participants"]
    assert "Missing for: Hosseini, Sara." in message and "Mohammad" not in message
    with pytest.raises(ValidationError) as error:
        services.session_record(actor=personas.counsellor, case=iom_case, data=VIRTUAL, participants=[])
    assert error.value.message_dict["participants"] == ["Choose who takes part."]
    assert not CounsellingSession.objects.exists()
    session = services.session_record(actor=personas.counsellor, case=iom_case, data=VIRTUAL,
                                      participants=[principal])
    assert session.channel == Channel.VIRTUAL_ORIGIN


def test_a_withdrawn_consent_does_not_count_for_a_virtual_origin_session(personas, iom_case):
    principal = iom_case.household.members.get(is_principal=True).person
    client_services.consent_withdraw(actor=personas.counsellor, consent=_origin_consent(personas.counsellor,
                                                                                         principal))
    with pytest.raises(ValidationError):
        services.session_record(actor=personas.counsellor, case=iom_case, data=VIRTUAL, participants=[principal])


def test_adding_a_participant_without_consent_to_a_virtual_origin_session_is_refused(personas, orgs, iom_case):
    principal = iom_case.household.members.get(is_principal=True).person
    consent = _origin_consent(personas.counsellor, principal)
    session = services.session_record(actor=personas.counsellor, case=iom_case, data=VIRTUAL,
                                      participants=[principal])
    child = _household_child(personas, orgs, iom_case)
    with pytest.raises(ValidationError) as error:
        services.session_update(actor=personas.counsellor, session=session, expected_version=session.version,
                                data={}, participants=[principal, child])
    assert "Missing for: Hosseini, Sara." in error.value.message_dict["participants"][0]
    assert list(session.participants.all()) == [principal]
    # What was recorded stays editable after a withdrawal: only those added need consent.
    client_services.consent_withdraw(actor=personas.counsellor, consent=consent)
    services.session_update(actor=personas.counsellor, session=session, expected_version=session.version,
                            data={"summary": "Held as planned"}, participants=[principal])
    assert session.summary == "Held as planned"


def test_switching_a_session_to_virtual_origin_checks_its_participants(personas, iom_case):
    principal = iom_case.household.members.get(is_principal=True).person
    session = services.session_record(actor=personas.counsellor, case=iom_case,
                                      data={"channel": "phone", "language": "fa"}, participants=[principal])
    with pytest.raises(ValidationError) as error:
        services.session_update(actor=personas.counsellor, session=session, expected_version=session.version,
                                data={"channel": Channel.VIRTUAL_ORIGIN})
    assert "Missing for: Hosseini, Mohammad." in error.value.message_dict["participants"][0]
    session.refresh_from_db()
    assert session.channel == "phone"


def test_tasks_only_for_members_and_done_is_audited(personas, iom_case):
    with pytest.raises(ValidationError):
        services.task_create(actor=personas.counsellor, case=iom_case, title="x",
                             assignee=personas.diakonie_counsellor)
    task = services.task_create(actor=personas.counsellor, case=iom_case, title="Call embassy",
                                assignee=personas.counsellor_speyer)
    services.task_set_done(actor=personas.counsellor, task=task)
    assert task.done_at is not None
    assert AuditEntry.objects.filter(action="task.done", case_id=iom_case.pk).exists()


def test_outsiders_cannot_write(personas, iom_case):
    for outsider in (personas.diakonie_counsellor, personas.authority, personas.iom_dpo):
        with pytest.raises(PermissionDenied):
            services.task_create(actor=outsider, case=iom_case, title="x")
    with pytest.raises(PermissionDenied):
        services.case_assign(actor=personas.counsellor, case=iom_case, counsellors=[personas.counsellor])


def test_unknown_country_codes_are_refused(personas, iom_case):
    with pytest.raises(ValidationError):
        services.case_update(actor=personas.counsellor, case=iom_case, expected_version=1,
                             data={"intended_return_country": "XX"})


def test_only_users_allowed_to_read_restricted_cases_may_lift_the_restriction(personas, restricted_case):
    with pytest.raises(ValidationError):
        services.case_update(actor=personas.counsellor, case=restricted_case, expected_version=1,
                             data={"restricted": False})
    services.case_update(actor=personas.team_lead, case=restricted_case, expected_version=1,
                         data={"restricted": False})
    assert restricted_case.restricted is False


def test_anyone_writing_may_restrict(personas, iom_case):
    services.case_update(actor=personas.counsellor, case=iom_case, expected_version=1, data={"restricted": True})
    assert iom_case.restricted is True
