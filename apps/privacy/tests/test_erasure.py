"""Erasure on request: the two-person rule, due requests, legal holds, audit with counts."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from apps.audit.models import AuditEntry
from apps.cases import services as case_services
from apps.cases.models import Task
from apps.jobs.testing import run_jobs
from apps.privacy import services
from apps.privacy.models import ErasureRequest
from apps.privacy.tests.privacy_world import privacy_world  # noqa: F401
from tests.factories import make_case, member


@pytest.fixture
def second_dpo(orgs):
    return member(orgs.iom, "data_protection_officer", email="dpo2@iom.test")


@pytest.fixture
def case(personas, orgs, privacy_world):  # noqa: F811
    with time_machine.travel("2026-03-02T10:00+01:00", tick=False):
        made = make_case(personas.counsellor, orgs.iom, family_name="Unverwechselbar")
        case_services.task_create(actor=personas.counsellor, case=made, title="Call the embassy")
    return made


def _person(case):
    return case.household.members.get().person


def _request(actor, org, case, mode="erase"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.erasure_request(actor=actor, organisation=org, person_id=_person(case).pk, mode=mode,
                                        reason="Request of the person of 1 March")


def test_an_erasure_not_yet_due_needs_a_second_officer(personas, orgs, case, second_dpo):
    request = _request(personas.iom_dpo, orgs.iom, case)
    assert request.status == ErasureRequest.Status.AWAITING_APPROVAL and not request.due
    assert run_jobs() == 0 and Task.objects.filter(case=case).exists()
    with pytest.raises(ValidationError, match="Another data protection officer"):
        services.erasure_approve(actor=personas.iom_dpo, request=request)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.erasure_approve(actor=second_dpo, request=request, version=request.version)
    run_jobs()
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE and request.approved_by == second_dpo
    assert request.counts == {"test.tasks": 1} and not Task.objects.filter(case=case).exists()
    executed = AuditEntry.objects.get(action="erasure_request.executed")
    assert executed.details["counts"] == {"test.tasks": 1} and executed.person_id == _person(case).pk
    # Never a name: neither in the request nor in any of its audit entries.
    assert "Unverwechselbar" not in request.subject_label
    for entry in AuditEntry.objects.filter(action__startswith="erasure_request."):
        assert "Unverwechselbar" not in f"{entry.object_label} {entry.details}"


def test_an_erasure_due_under_the_rules_runs_without_a_second_approval(personas, orgs, case):
    case_services.case_close(actor=personas.counsellor, case=case, outcome="stayed", expected_version=case.version)
    with time_machine.travel("2029-01-01T10:00+01:00", tick=False):  # test.closed_cases: 24 months
        request = _request(personas.iom_dpo, orgs.iom, case, mode="anonymise")
        assert request.due and request.status == ErasureRequest.Status.QUEUED
        run_jobs()
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE and Task.objects.get(case=case).title == "—"


def test_a_person_with_a_held_case_cannot_be_erased(personas, orgs, case, second_dpo):
    request = _request(personas.iom_dpo, orgs.iom, case)
    hold = services.hold_set(actor=personas.iom_dpo, organisation=orgs.iom, case_reference=case.reference,
                             reason="Court proceedings")
    with pytest.raises(ValidationError, match="legal hold"):
        _request(personas.iom_dpo, orgs.iom, case)
    with pytest.raises(ValidationError, match="legal hold"):  # nor approved while the hold lasts
        services.erasure_approve(actor=second_dpo, request=request)
    services.hold_lift(actor=personas.iom_dpo, hold=hold, reason="Proceedings ended")
    services.erasure_approve(actor=second_dpo, request=request)


def test_a_hold_set_after_the_approval_still_stops_the_job(personas, orgs, case, second_dpo):
    request = _request(personas.iom_dpo, orgs.iom, case)
    services.erasure_approve(actor=second_dpo, request=request)
    services.hold_set(actor=personas.iom_dpo, organisation=orgs.iom, case_reference=case.reference, reason="Court")
    assert services.erasure_execute(request.pk) == "failed"
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.FAILED and "legal hold" in request.error
    assert Task.objects.filter(case=case).exists()


def test_only_persons_of_the_officers_organisation(personas, orgs, case):
    other = make_case(personas.diakonie_counsellor, orgs.diakonie, family_name="Ahmadi")
    with pytest.raises(ValidationError, match="no person"):
        _request(personas.iom_dpo, orgs.iom, other)
    with pytest.raises(PermissionDenied):
        _request(personas.team_lead, orgs.iom, case)


def test_a_rejected_request_never_runs_and_a_stale_version_is_refused(personas, orgs, case, second_dpo):
    request = _request(personas.iom_dpo, orgs.iom, case)
    stale = request.version
    services.erasure_reject(actor=second_dpo, request=request, reason="Statutory duty to keep", version=stale)
    assert ErasureRequest.objects.get(pk=request.pk).status == ErasureRequest.Status.REJECTED
    fresh = _request(personas.iom_dpo, orgs.iom, case)
    services.erasure_reject(actor=personas.iom_dpo, request=fresh, reason="Withdrawn", version=fresh.version)
    third = _request(personas.iom_dpo, orgs.iom, case)
    ErasureRequest.objects.filter(pk=third.pk).update(version=third.version + 1)  # somebody else acted
    with pytest.raises(ValidationError, match="changed this record"):
        services.erasure_approve(actor=second_dpo, request=third, version=third.version)


def test_one_open_request_per_person(personas, orgs, case):
    _request(personas.iom_dpo, orgs.iom, case)
    with pytest.raises(ValidationError, match="already open"):
        _request(personas.iom_dpo, orgs.iom, case)
