"""cases as a privacy source: the subject finder, erasure of one member or a whole case, and
the retention record types (closed cases, returned cases, deleted documents, persons
without a case)."""

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.cases import services
from apps.cases.models import Case, CaseStatusChange, CounsellingSession, Document, DocumentType
from apps.clients import services as client_services
from apps.clients.models import Household, HouseholdMember, Person
from apps.privacy import registry
from apps.privacy import services as privacy_services
from apps.reintegration import services as reintegration_services
from tests.factories import make_case, make_person

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nReisepass Hosseini\n%%EOF\n"
START = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.get_fixed_timezone(60))


def upload(actor, case, person=None, title="Passport of Reza"):
    return services.document_upload(actor=actor, case=case, person=person, document_type=DocumentType.PASSPORT,
                                    title=title, uploaded_file=SimpleUploadedFile("pass.pdf", PDF))


def stored(document) -> Path:
    return Path(document.file.storage.path(document.file.name))


@pytest.fixture
def family(personas, orgs):
    """A household of two (Mohammad Hosseini, principal; Reza, his son) with one case."""
    case = make_case(personas.counsellor, orgs.iom, name_variants="Muhammad Husseini")
    principal = case.household.members.get().person
    son = make_person(personas.counsellor, orgs.iom, "Hosseini", "Reza")
    client_services.household_add_member(actor=personas.counsellor, household=case.household, person=son,
                                         relationship="child")
    return case, principal, son


def test_the_finder_finds_by_name_variant_reference_and_id(family, orgs):
    case, principal, son = family
    finder = registry.subject_finder()
    assert {info.person_id for info in finder.search([orgs.iom.pk], "Husseini")} == {principal.pk, son.pk}
    assert {info.person_id for info in finder.search([orgs.iom.pk], "muhamad")} == {principal.pk}
    assert {info.person_id for info in finder.search([orgs.iom.pk], case.reference.lower())} == {
        principal.pk, son.pk}
    assert [info.person_id for info in finder.search([orgs.iom.pk], f"#{son.pk}")] == [son.pk]
    assert finder.search([orgs.diakonie.pk], "Hosseini") == []


def test_describe_tells_shared_cases_names_and_language(family, personas, orgs):
    case, principal, son = family
    alone = make_case(personas.counsellor, orgs.iom, family_name="Rahimi", given_names="Laila")
    info = registry.subject_finder().describe(principal.pk)
    assert info.shared_case_ids == {case.pk} and info.whole_case_ids == set()
    assert info.household_member_ids == {son.pk}
    assert {"Mohammad Hosseini", "Hosseini", "Mohammad", "Muhammad Husseini", "Husseini"} <= set(info.names)
    assert info.language == "fa"
    assert info.label == f"Hosseini, Mohammad, born 17.05.1990, {case.reference}"
    laila = alone.household.members.get().person
    assert registry.subject_finder().describe(laila.pk).whole_case_ids == {alone.pk}
    assert registry.subject_finder().describe(0) is None


def test_erasing_one_member_keeps_the_case_for_the_other(family, personas, django_capture_on_commit_callbacks):
    case, principal, son = family
    session = services.session_record(actor=personas.counsellor, case=case, data={
        "channel": "office", "language": "fa", "summary": "Reza Hosseini and his father talked about school.",
        "next_steps": "Call REZA next week"}, participants=[principal, son])
    own = upload(personas.counsellor, case, person=son)
    family_document = upload(personas.counsellor, case, title="Letter for the family")
    with django_capture_on_commit_callbacks(execute=True):
        counts = privacy_services.erase_person(person_id=son.pk, mode=registry.ERASE)
    assert not Person.objects.filter(pk=son.pk).exists()
    assert Case.objects.filter(pk=case.pk).exists()
    session.refresh_from_db()
    # "Reza Hosseini" goes as one piece (the father shares the family name: it goes too).
    assert session.summary == "[…] and his father talked about school."
    assert session.next_steps == "Call […] next week"
    assert list(session.participants.all()) == [principal]
    assert not Document.objects.filter(pk=own.pk).exists() and not stored(own).exists()
    assert stored(family_document).exists()
    assert counts["cases.documents"] == 1 and counts["clients.persons"] == 1
    assert list(HouseholdMember.objects.filter(household=case.household).values_list("person_id", "is_principal")) \
        == [(principal.pk, True)]


def test_erasing_the_principal_promotes_the_remaining_member(family):
    case, principal, son = family
    privacy_services.erase_person(person_id=principal.pk, mode=registry.ERASE)
    assert HouseholdMember.objects.get(household=case.household).is_principal
    assert set(case.household.name_tokens.values_list("token", flat=True)) >= {"reza", "hosseini"}
    assert not case.household.name_tokens.filter(token="mohammad").exists()


def test_erasing_the_only_member_removes_case_household_and_files(iom_case, personas,
                                                                  django_capture_on_commit_callbacks):
    person = iom_case.household.members.get().person
    document = upload(personas.counsellor, iom_case, person=person)
    services.session_record(actor=personas.counsellor, case=iom_case, data={"channel": "phone", "language": "fa"},
                            participants=[person])
    household_id = iom_case.household_id
    with django_capture_on_commit_callbacks(execute=True):
        counts = privacy_services.erase_person(person_id=person.pk, mode=registry.ERASE)
    assert not Case.objects.filter(pk=iom_case.pk).exists()
    assert not Household.objects.filter(pk=household_id).exists()
    assert not CounsellingSession.objects.filter(case_id=iom_case.pk).exists()
    assert not stored(document).exists()
    assert counts["cases.cases"] == 1 and counts["clients.households"] == 1


def test_collect_lists_cases_sessions_tasks_and_document_files(iom_case, personas):
    person = iom_case.household.members.get().person
    services.session_record(actor=personas.counsellor, case=iom_case, data={
        "channel": "office", "language": "fa", "summary": "Talked about Kabul."}, participants=[person])
    services.task_create(actor=personas.counsellor, case=iom_case, title="Ask for the passport")
    upload(personas.counsellor, iom_case, person=person)
    records = [r for source in registry.subject_sources() if source.code == "cases"
               for r in source.collect(person.pk)]
    kinds = sorted(record.kind for record in records)
    assert kinds == ["case", "counselling_session", "document", "task"]
    session = next(r for r in records if r.kind == "counselling_session")
    assert session.fields["Confidential summary"] == "Talked about Kabul."
    document = next(r for r in records if r.kind == "document")
    assert document.files and document.files[0][1] == PDF


# --- Retention ---------------------------------------------------------------------------------

def scope(org, months, now, held=()):
    return registry.RetentionScope(organisation_id=org.pk, now=now, months=months, held_case_ids=frozenset(held))


def test_a_closed_case_without_return_is_due_after_its_period_and_anonymised_once(
        personas, orgs, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        case = make_case(personas.counsellor, orgs.iom, bamf_file_number="1234567-438", street="Hauptstr. 1")
        person = case.household.members.get().person
        services.session_record(actor=personas.counsellor, case=case, data={
            "channel": "office", "language": "fa", "summary": "Secret", "interpreter_name": "Dari Dolmetscher"},
            participants=[person])
        document = upload(personas.counsellor, case, person=person)
        case.refresh_from_db()
        services.case_close(actor=personas.counsellor, case=case, outcome="stayed", expected_version=case.version)
    kind = registry.record_type("cases.closed_without_return")
    assert list(kind.due(scope(orgs.iom, 36, START + timedelta(days=365 * 3)))) == []
    later = START + timedelta(days=365 * 3 + 5)
    assert list(kind.due(scope(orgs.iom, 36, later)).values_list("pk", flat=True)) == [case.pk]
    assert list(kind.due(scope(orgs.iom, 36, later, held=[case.pk]))) == []
    assert kind.held(scope(orgs.iom, 36, later, held=[case.pk])) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert kind.apply(kind.due(scope(orgs.iom, 36, later)), registry.ANONYMISE) == 1
    person.refresh_from_db()
    assert (person.family_name, person.given_names, person.bamf_file_number, person.street) == (
        "anonymisiert", "", "", "")
    assert person.birth_date == date(1990, 1, 1) and person.birth_date_precision == "year"
    assert person.anonymised_at is not None
    session = CounsellingSession.objects.get(case=case)
    assert (session.summary, session.interpreter_name, session.channel) == ("", "", "office")
    assert not stored(document).exists()
    assert Case.objects.get(pk=case.pk).outcome == "stayed"
    assert list(kind.due(scope(orgs.iom, 36, later))) == []  # anonymised: not due again


def test_a_returned_case_waits_for_the_last_activity(personas, orgs):
    with time_machine.travel(START, tick=False):
        case = make_case(personas.counsellor, orgs.iom)
        for status in ("counselling", "return_preparation"):
            case.refresh_from_db()
            services.case_transition(actor=personas.counsellor, case=case, to_status=status,
                                     expected_version=case.version)
        Case.objects.filter(pk=case.pk).update(status="departed")
        CaseStatusChange.objects.create(case=case, from_status="return_preparation", to_status="departed",
                                        actor=personas.counsellor)
    kind = registry.record_type("cases.returned")
    later = START + timedelta(days=365 * 3 + 5)
    assert list(kind.due(scope(orgs.iom, 36, later)).values_list("pk", flat=True)) == [case.pk]
    # A monitoring visit a year after the departure moves the start of the period; so does one
    # that is still planned.
    visit = reintegration_services.visit_plan(actor=personas.counsellor, case=case, planned_for=date(2027, 3, 1))
    assert list(kind.due(scope(orgs.iom, 36, later))) == []
    assert list(kind.due(scope(orgs.iom, 36, later + timedelta(days=400)))) == [case]
    reintegration_services.visit_record(actor=personas.counsellor, visit=visit, expected_version=visit.version,
                                        done_on=date(2027, 3, 1), channel="phone", answers={"housing": "fair"})
    assert list(kind.due(scope(orgs.iom, 36, later))) == []
    assert list(kind.due(scope(orgs.iom, 36, later, held=[case.pk]))) == []
    assert kind.held(scope(orgs.iom, 36, later + timedelta(days=400), held=[case.pk])) == 1
    with time_machine.travel(START + timedelta(days=400), tick=False):
        services.session_record(actor=personas.counsellor, case=case, data={"channel": "phone", "language": "fa"})
    assert list(kind.due(scope(orgs.iom, 36, later + timedelta(days=60)))) == []


def test_a_deleted_document_is_purged_after_its_date(iom_case, personas, orgs, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        document = upload(personas.counsellor, iom_case)
        services.document_delete(actor=personas.counsellor, document=document, reason="wrong client")
    document.refresh_from_db()
    assert document.purge_after == date(2026, 4, 2)  # the default: one month
    kind = registry.record_type("cases.deleted_documents")
    assert list(kind.due(scope(orgs.iom, 1, START + timedelta(days=30)))) == []
    due = kind.due(scope(orgs.iom, 1, START + timedelta(days=32)))
    assert list(due.values_list("pk", flat=True)) == [document.pk]
    assert kind.held(scope(orgs.iom, 1, START + timedelta(days=32), held=[iom_case.pk])) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert kind.apply(due, registry.DELETE) == 1
    assert not Document.objects.filter(pk=document.pk).exists() and not stored(document).exists()


def test_a_person_without_a_case_is_erased_after_the_period(personas, orgs):
    with time_machine.travel(START, tick=False):
        lonely = make_person(personas.counsellor, orgs.iom, "Karimi", "Sina")
        make_case(personas.counsellor, orgs.iom)
    kind = registry.record_type("cases.persons_without_case")
    later = START + timedelta(days=200)
    assert list(kind.due(scope(orgs.iom, 6, later)).values_list("pk", flat=True)) == [lonely.pk]
    assert kind.apply(kind.due(scope(orgs.iom, 6, later)), registry.DELETE) == 1
    assert not Person.objects.filter(pk=lonely.pk).exists()
    assert Person.objects.filter(organisation=orgs.iom).count() == 1
