from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.applications import selectors, services
from apps.applications.models import Application, Travel
from apps.applications.models import ApplicationStatus as A
from apps.audit.models import AuditEntry
from apps.cases.models import CaseOutcome, CaseStatus, Task
from apps.clients.models import Consent
from apps.core.errors import ConcurrentEditError
from tests.factories import make_person

from .conftest import advance, complete_checklist, record_gub


def _checklist(application):
    return {item.code: item for item in selectors.application_checklist(application)}


def test_create_is_a_draft_of_household_members_and_audited(personas, application, family):
    assert application.status == A.DRAFT
    assert set(application.members.all()) == set(family.members)
    assert AuditEntry.objects.filter(action="application.created", object_id=str(application.pk)).exists()


def test_create_refuses_persons_outside_the_household(personas, orgs, family, programme_version):
    stranger = make_person(personas.counsellor, orgs.iom, "Fremd", "Ali")
    with pytest.raises(ValidationError, match="household"):
        services.application_create(actor=personas.counsellor, case=family.case,
                                    programme_version=programme_version, members=[stranger])


def test_create_refuses_an_expired_programme_version(personas, family):
    from .conftest import make_version

    old = make_version(label="2020", valid_from=date(2020, 1, 1),
                       valid_to=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="no longer valid"):
        services.application_create(actor=personas.counsellor, case=family.case, programme_version=old,
                                    members=family.members)


def test_create_needs_case_write_in_the_case_organisation(personas, family, programme_version):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.application_create(actor=personas.diakonie_counsellor, case=family.case,
                                    programme_version=programme_version, members=family.members)


def test_unknown_prioritisation_reason_is_refused(personas, application):
    with pytest.raises(ValidationError, match="prioritisation"):
        services.application_update(actor=personas.counsellor, application=application,
                                    expected_version=application.version,
                                    data={"prioritisation_reasons": ["bribe"]})


def test_empty_checklist_lists_what_is_missing(application, family):
    items = _checklist(application)
    assert not items["consent"].ok
    assert any("Zahra" in line and "consent" in line for line in items["consent"].missing)
    assert not items["travel_documents"].ok and len(items["travel_documents"].missing) == 3
    assert not items["asylum_procedures"].ok
    assert not items["second_parent"].ok
    assert not items["children"].ok and "Sara" in items["children"].missing[0]
    assert not items["gub"].ok and items["gub"].needed_for == A.TRAVEL_BOOKED


def test_ready_is_refused_until_the_checklist_is_complete(personas, application, family):
    with pytest.raises(ValidationError, match="checklist is not complete"):
        advance(personas.counsellor, application, A.READY)
    application.refresh_from_db()
    assert application.status == A.DRAFT


@pytest.mark.parametrize("gap", ["consent", "declaration", "travel_document", "asylum", "second_parent",
                                 "child"])
def test_each_checklist_point_blocks_ready(personas, application, family, gap):
    complete_checklist(personas.counsellor, application, family)
    actor = personas.counsellor
    if gap == "consent":
        Consent.objects.filter(person=family.partner).update(withdrawn_at=timezone.now())
    elif gap == "declaration":
        application.declarations.filter(person=family.partner).delete()
    elif gap == "travel_document":
        application.travel_documents.filter(person=family.child).update(
            expires_on=timezone.localdate() - timedelta(days=1))
    elif gap == "asylum":
        services.application_update(actor=actor, application=application, expected_version=application.version,
                                    data={"asylum_procedures": ""})
    elif gap == "second_parent":
        services.application_update(actor=actor, application=application, expected_version=application.version,
                                    data={"second_parent_consent": ""})
    elif gap == "child":
        family.case.child_participations.all().delete()
    with pytest.raises(ValidationError):
        advance(actor, application, A.READY)


def test_withdrawn_procedures_and_obtained_consent_need_dates(personas, application):
    with pytest.raises(ValidationError, match="withdrawal"):
        services.application_update(actor=personas.counsellor, application=application,
                                    expected_version=application.version, data={"asylum_procedures": "withdrawn"})
    with pytest.raises(ValidationError, match="obtained"):
        services.application_update(actor=personas.counsellor, application=application,
                                    expected_version=application.version,
                                    data={"second_parent_consent": "obtained"})


def test_second_parent_question_does_not_apply_without_children(personas, family, programme_version):
    adults_only = services.application_create(actor=personas.counsellor, case=family.case,
                                               programme_version=programme_version, members=family.adults)
    assert _checklist(adults_only)["second_parent"].ok
    assert _checklist(adults_only)["children"].ok


def test_a_requested_substitute_needs_no_expiry(personas, application, family):
    document = services.travel_document_record(actor=personas.counsellor, application=application,
                                               person=family.child, kind="substitute_requested")
    assert document.expires_on is None
    with pytest.raises(ValidationError, match="valid"):
        services.travel_document_record(actor=personas.counsellor, application=application, person=family.child,
                                        kind="passport")


def test_stale_version_is_a_concurrent_edit(personas, application):
    with pytest.raises(ConcurrentEditError):
        services.application_update(actor=personas.counsellor, application=application,
                                    expected_version=application.version + 5, data={})


def test_the_full_path_moves_the_case_and_creates_reminders(personas, orgs, application, family):
    actor = personas.counsellor
    complete_checklist(actor, application, family)
    advance(actor, application, A.READY)
    today = timezone.localdate()
    application = advance(actor, application, A.SUBMITTED, submitted_on=today, submission_reference="OAM-4711")
    family.case.refresh_from_db()
    assert family.case.status == CaseStatus.APPLICATION
    assert application.expected_decision_by == today + timedelta(weeks=8)
    assert Task.objects.filter(case=family.case, title__startswith="Check the BAMF decision",
                               due_date=application.expected_decision_by).exists()
    advance(actor, application, A.APPROVED)
    with pytest.raises(ValidationError, match="departure date"):
        advance(actor, application, A.TRAVEL_BOOKED)
    services.travel_save(actor=actor, application=application,
                         data={"departure_date": today + timedelta(days=20), "airport": "FRA"})
    with pytest.raises(ValidationError, match="GÜB"):
        advance(actor, application, A.TRAVEL_BOOKED)
    # A GÜB that expires before the departure date is not enough (F6).
    short = record_gub(orgs.authority, personas.authority, family.case, family.members,
                       valid_until=today + timedelta(10))
    with pytest.raises(ValidationError, match="departure date"):
        advance(actor, application, A.TRAVEL_BOOKED)
    short.delete()
    record_gub(orgs.authority, personas.authority, family.case, family.members, valid_until=today + timedelta(25))
    # The child's passport expires within 30 days of the departure: a reminder.
    application.travel_documents.filter(person=family.child).update(expires_on=today + timedelta(days=40))
    advance(actor, application, A.TRAVEL_BOOKED)
    family.case.refresh_from_db()
    assert family.case.status == CaseStatus.DEPARTURE_SCHEDULED
    titles = list(Task.objects.filter(case=family.case).values_list("title", flat=True))
    assert any("Sara" in t and "expires" in t for t in titles)
    with pytest.raises(ValidationError, match="on or after"):
        advance(actor, application, A.DEPARTED, departure_note="Abflug bestätigt")
    Travel.objects.filter(application=application).update(departure_date=today)
    with pytest.raises(ValidationError, match="confirmed"):
        advance(actor, application, A.DEPARTED, departed_on=today)
    # Travel documents and GÜB must have been checked with the client; tickets are only a warning.
    with pytest.raises(ValidationError, match="Not checked with the client"):
        advance(actor, application, A.DEPARTED, departed_on=today, departure_note="Bordkarte gesehen")
    Travel.objects.filter(application=application).update(documents_checked=["travel_documents", "gub"])
    advance(actor, application, A.DEPARTED, departed_on=today, departure_note="Bordkarte gesehen")
    family.case.refresh_from_db()
    assert family.case.status == CaseStatus.DEPARTED
    assert selectors.programme_of_return(family.case) == application.programme_version.programme
    # Reintegration listens to the departure: monitoring visits after 3, 6 and 12 months.
    from apps.reintegration.models import MonitoringVisit

    planned = sorted(MonitoringVisit.objects.filter(case=family.case).values_list("planned_for", flat=True))
    assert len(planned) == 3 and planned[0] > today
    advance(actor, application, A.CLOSED)
    family.case.refresh_from_db()
    assert family.case.status == CaseStatus.CLOSED
    assert family.case.outcome == CaseOutcome.RETURNED_WITH_PROGRAMME
    entry = AuditEntry.objects.get(action="case.outcome_programme")
    assert entry.details["programme"] == application.programme_version.programme.code
    assert AuditEntry.objects.filter(action="application.status_changed").count() == 6


def test_more_information_goes_back_to_submitted(personas, application, family):
    actor = personas.counsellor
    complete_checklist(actor, application, family)
    advance(actor, application, A.READY)
    advance(actor, application, A.SUBMITTED, submitted_on=timezone.localdate(), submission_reference="R1")
    advance(actor, application, A.MORE_INFORMATION_REQUESTED, decision_note="Passkopie fehlt")
    application = advance(actor, application, A.SUBMITTED, submitted_on=timezone.localdate(),
                          submission_reference="R1")
    assert application.status == A.SUBMITTED


def test_submission_needs_date_and_reference(personas, application, family):
    complete_checklist(personas.counsellor, application, family)
    advance(personas.counsellor, application, A.READY)
    with pytest.raises(ValidationError, match="reference"):
        advance(personas.counsellor, application, A.SUBMITTED, submitted_on=timezone.localdate())
    with pytest.raises(ValidationError, match="future"):
        advance(personas.counsellor, application, A.SUBMITTED, submission_reference="X",
                submitted_on=timezone.localdate() + timedelta(days=1))


def test_high_volume_processing_time_is_configurable(personas, application, family):
    from apps.applications.models import ProcessingTime

    family.case.intended_return_country = "IQ"
    family.case.save()
    ProcessingTime.objects.filter(code="high_volume").update(countries=["IQ"])
    day, row = selectors.expected_decision_date(application, timezone.localdate())
    assert day == timezone.localdate() + timedelta(weeks=12) and row.unverified


def test_withdrawal_from_open_states_only(personas, application):
    advance(personas.counsellor, application, A.WITHDRAWN, withdrawal_note="bleibt")
    with pytest.raises(ValidationError, match="cannot move"):
        advance(personas.counsellor, application, A.READY)


def test_transition_table_is_enforced(personas, application):
    with pytest.raises(ValidationError, match="cannot move"):
        advance(personas.counsellor, application, A.APPROVED)


def test_closing_a_rejected_application_leaves_the_case_open(personas, application, family):
    actor = personas.counsellor
    complete_checklist(actor, application, family)
    advance(actor, application, A.READY)
    advance(actor, application, A.SUBMITTED, submitted_on=timezone.localdate(), submission_reference="R")
    advance(actor, application, A.REJECTED)
    advance(actor, application, A.CLOSED)
    family.case.refresh_from_db()
    assert family.case.is_open
    assert selectors.programme_of_return(family.case) is None


def test_export_contains_members_and_is_audited(personas, application, family):
    data = selectors.application_export(personas.counsellor, application)
    assert {m["given_names"] for m in data["members"]} == {"Mohammad", "Zahra", "Sara"}
    assert AuditEntry.objects.filter(action="application.exported").exists()


def test_overview_lists_open_applications_of_the_lead_organisation(personas, application):
    assert list(selectors.open_applications_overview(personas.team_lead)) == [application]
    assert list(selectors.open_applications_overview(personas.diakonie_counsellor)) == []


@pytest.mark.parametrize("status", ["departed", "closed", "withdrawn", "rejected"])
def test_overview_leaves_out_departed_and_ended_applications(personas, application, status):
    """"Offene Anträge" lists applications in progress: a confirmed departure ends it."""
    Application.objects.filter(pk=application.pk).update(status=status)
    assert list(selectors.open_applications_overview(personas.team_lead)) == []
    Application.objects.filter(pk=application.pk).update(status="travel_booked")
    assert list(selectors.open_applications_overview(personas.team_lead)) == [application]


# --- Review findings: checklist after `ready`, record guards, GÜB on the departure day ---------

def _submitted(actor, application, family):
    complete_checklist(actor, application, family)
    advance(actor, application, A.READY)
    return advance(actor, application, A.SUBMITTED, submitted_on=timezone.localdate(), submission_reference="OAM-1")


def test_members_added_after_more_information_requested_must_keep_the_checklist(personas, orgs, family,
                                                                                application):
    from apps.clients import services as client_services

    actor = personas.counsellor
    _submitted(actor, application, family)
    advance(actor, application, A.MORE_INFORMATION_REQUESTED)
    stranger = make_person(actor, orgs.iom, "Neu", "Adult")
    client_services.household_add_member(actor=actor, household=family.case.household, person=stranger,
                                         relationship="other")
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="keep the checklist complete"):
        services.application_update(actor=actor, application=application, expected_version=application.version,
                                    data={}, members=[*family.members, stranger])
    application.refresh_from_db()
    assert set(application.members.all()) == set(family.members)
    # A change that keeps the checklist complete is still possible.
    services.application_update(actor=actor, application=application, expected_version=application.version,
                                data={}, members=family.members)


def test_consent_withdrawn_after_ready_blocks_the_submission(personas, family, application):
    from apps.clients import services as client_services

    actor = personas.counsellor
    complete_checklist(actor, application, family)
    advance(actor, application, A.READY)
    for consent in Consent.objects.filter(person=family.partner):
        client_services.consent_withdraw(actor=actor, consent=consent)
    with pytest.raises(ValidationError, match="consent to disclosure"):
        advance(actor, application, A.SUBMITTED, submitted_on=timezone.localdate(), submission_reference="OAM-1")


def test_withdrawn_consent_blocks_the_travel_booking(personas, orgs, family, application):
    from apps.clients import services as client_services

    actor = personas.counsellor
    _submitted(actor, application, family)
    advance(actor, application, A.APPROVED)
    record_gub(orgs.authority, personas.authority, family.case, family.members)
    services.travel_save(actor=actor, application=application,
                         data={"departure_date": timezone.localdate() + timedelta(days=5)})
    for consent in Consent.objects.filter(person=family.partner):
        client_services.consent_withdraw(actor=actor, consent=consent)
    with pytest.raises(ValidationError, match="checklist is not complete"):
        advance(actor, application, A.TRAVEL_BOOKED)


def test_gub_must_be_valid_on_the_departure_date(personas, orgs, family, application):
    actor = personas.counsellor
    today = timezone.localdate()
    _submitted(actor, application, family)
    advance(actor, application, A.APPROVED)
    record_gub(orgs.authority, actor, family.case, family.members, valid_until=today + timedelta(days=1))
    services.travel_save(actor=actor, application=application,
                         data={"departure_date": today + timedelta(days=30), "connection": "TK 123"})
    with pytest.raises(ValidationError, match="GÜB valid on the departure date"):
        advance(actor, application, A.TRAVEL_BOOKED)


def test_departure_requires_documents_valid_on_the_day(personas, orgs, family, application):
    actor = personas.counsellor
    today = timezone.localdate()
    _submitted(actor, application, family)
    advance(actor, application, A.APPROVED)
    gub = record_gub(orgs.authority, actor, family.case, family.members, valid_until=today + timedelta(days=10))
    services.travel_save(actor=actor, application=application, data={
        "departure_date": today + timedelta(days=5), "documents_checked": ["travel_documents", "gub"]})
    advance(actor, application, A.TRAVEL_BOOKED)
    Travel.objects.filter(application=application).update(departure_date=today)
    application.travel_documents.filter(person=family.child).update(expires_on=today - timedelta(days=1))
    with pytest.raises(ValidationError, match="travel document expired"):
        advance(actor, application, A.DEPARTED, departed_on=today, departure_note="Bordkarte")
    application.travel_documents.filter(person=family.child).update(expires_on=today + timedelta(days=100))
    type(gub).objects.filter(pk=gub.pk).update(valid_until=today - timedelta(days=1))
    with pytest.raises(ValidationError, match="GÜB"):
        advance(actor, application, A.DEPARTED, departed_on=today, departure_note="Bordkarte")
    type(gub).objects.filter(pk=gub.pk).update(valid_until=today)
    # Tickets were not checked: only a warning on the travel page.
    assert advance(actor, application, A.DEPARTED, departed_on=today, departure_note="Bordkarte").status == A.DEPARTED


@pytest.mark.parametrize("status", [A.WITHDRAWN, A.REJECTED])
def test_declarations_and_travel_documents_refused_on_finished_applications(personas, family, application, status):
    actor = personas.counsellor
    if status == A.REJECTED:
        _submitted(actor, application, family)
    advance(actor, application, status)
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="closed, withdrawn"):
        services.declaration_record(actor=actor, application=application, person=family.principal,
                                    signed_on=timezone.localdate())
    with pytest.raises(ValidationError, match="closed, withdrawn"):
        services.travel_document_record(actor=actor, application=application, person=family.principal,
                                        kind="passport", expires_on=timezone.localdate() + timedelta(days=300))


def test_travel_document_refuses_a_deleted_document(personas, family, application):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.cases import services as case_services
    from apps.cases.models import DocumentType

    actor = personas.counsellor
    document = case_services.document_upload(
        actor=actor, case=family.case, person=family.principal, document_type=DocumentType.PASSPORT,
        title="Pass", uploaded_file=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"))
    services.travel_document_record(actor=actor, application=application, person=family.principal,
                                    kind="passport", expires_on=timezone.localdate() + timedelta(days=300),
                                    document=document)
    case_services.document_delete(actor=actor, document=document, reason="Falsch hochgeladen")
    document.refresh_from_db()
    with pytest.raises(ValidationError, match="Link a passport"):
        services.travel_document_record(actor=actor, application=application, person=family.principal,
                                        kind="passport", expires_on=timezone.localdate() + timedelta(days=300),
                                        document=document)


def test_a_concurrent_first_travel_save_is_a_concurrent_edit(personas, application, monkeypatch):
    from apps.applications import services as module

    real_filter = Travel.objects.filter

    class Stale:
        """The other save created the travel after this one looked."""

        def first(self):
            return None

    calls = []

    def filter_once(*args, **kwargs):
        if not calls:
            calls.append(1)
            Travel.objects.create(application=application)
            return Stale()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(module.Travel.objects, "filter", filter_once)
    with pytest.raises(ConcurrentEditError):
        services.travel_save(actor=personas.counsellor, application=application, data={"airport": "FRA"})
