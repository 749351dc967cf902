"""Applications as a privacy source: what the export collects about a person, and what an
erasure or anonymisation leaves of a shared and of a whole case."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.applications import privacy, services
from apps.applications.models import Application, ApplicationDeclaration, Travel, TravelDocument
from apps.privacy.registry import ANONYMISE, ERASE, ErasureContext, subject_sources
from tests.factories import make_case


@pytest.fixture
def recorded(personas, family, application):
    """Declarations of both adults, a passport (with its number) for everybody, the travel,
    and notes that name the partner."""
    actor, today = personas.counsellor, timezone.localdate()
    for person in family.adults:
        services.declaration_record(actor=actor, application=application, person=person, signed_on=today)
    for person, number in zip(family.members, ("P-PRINCIPAL-1", "P-PARTNER-2", "P-CHILD-3"), strict=True):
        services.travel_document_record(actor=actor, application=application, person=person, kind="passport",
                                        number=number, expires_on=today + timedelta(days=400))
    services.travel_save(actor=actor, application=application, data={
        "departure_date": today + timedelta(days=30), "airport": "FRA", "connection": "TK 1590 via Istanbul",
        "needs": ["wheelchair"], "needs_note": "Zahra needs a wheelchair at the gate", "luggage_notes": "2 bags"})
    Application.objects.filter(pk=application.pk).update(
        status="departed", submitted_on=date(2026, 3, 2), submission_reference="OAM-778899",
        decision_on=date(2026, 4, 1), decision_note="Approved for Mohammad and Zahra Hosseini",
        departed_on=date(2026, 5, 1))
    application.refresh_from_db()
    return application


def context(person, mode, *, whole=(), shared=(), names=()):
    return ErasureContext(person_id=person.pk, organisation_id=person.organisation_id, mode=mode,
                          names=list(names), whole_case_ids=set(whole), shared_case_ids=set(shared),
                          now=timezone.now())


def test_the_source_is_registered_before_cases_and_clients():
    assert "applications" in [source.code for source in subject_sources()]
    assert privacy.SOURCE.order == 70


def test_collect_gives_the_persons_application_own_declaration_document_and_travel(family, recorded):
    records = privacy.collect(family.partner.pk)
    kinds = [record.kind for record in records]
    assert kinds == ["application", "application_declaration", "travel_document", "travel"]
    application, declaration, document, travel = records
    assert application.fields["Status"] == "Departed (confirmed)"
    assert application.fields["OAM reference"] == "OAM-778899"
    assert application.fields["Decided on"] == "2026-04-01"
    assert application.fields["Travelling household members"] == 3
    assert document.fields["Document number"] == "P-PARTNER-2"
    assert document.fields["Travel document"] == "Passport"
    assert travel.fields["Escort or medical needs"] == ["Wheelchair"]
    # Nothing of the others: their numbers, and the note on needs of a group's travel.
    text = repr([record.fields for record in records])
    assert "P-PRINCIPAL-1" not in text and "P-CHILD-3" not in text
    assert "Notes on the needs" not in travel.fields


def test_collect_of_the_child_has_no_declaration(family, recorded):
    assert [record.kind for record in privacy.collect(family.child.pk)] == ["application", "travel_document",
                                                                            "travel"]


def test_erase_on_a_shared_case_takes_only_the_persons_rows_and_scrubs_the_notes(family, recorded):
    ctx = context(family.partner, ERASE, shared={family.case.pk}, names=["Zahra Hosseini"])
    privacy.erase(ctx)
    assert not ApplicationDeclaration.objects.filter(person=family.partner).exists()
    assert not TravelDocument.objects.filter(person=family.partner).exists()
    recorded.refresh_from_db()
    assert set(recorded.members.all()) == {family.principal, family.child}
    assert TravelDocument.objects.get(person=family.principal).number == "P-PRINCIPAL-1"
    assert ApplicationDeclaration.objects.filter(person=family.principal).exists()
    assert recorded.decision_note == "Approved for Mohammad and […]"
    assert Travel.objects.get(application=recorded).needs_note == "[…] needs a wheelchair at the gate"
    assert ctx.counts["applications.travel_document.deleted"] == 1
    assert ctx.counts["applications.membership.deleted"] == 1
    assert privacy.collect(family.partner.pk) == []


def test_erase_deletes_an_application_in_which_only_the_person_travels(personas, family, recorded,
                                                                        programme_version):
    Application.objects.filter(pk=recorded.pk).update(status="closed")
    alone = services.application_create(actor=personas.counsellor, case=family.case,
                                         programme_version=programme_version, members=[family.partner])
    privacy.erase(context(family.partner, ERASE, shared={family.case.pk}))
    assert not Application.objects.filter(pk=alone.pk).exists()
    assert Application.objects.filter(pk=recorded.pk).exists()


def test_erase_of_a_whole_case_deletes_its_applications(personas, orgs, programme_version, family, recorded):
    single = make_case(personas.counsellor, orgs.iom, family_name="Karimi", given_names="Ali")
    person = single.household.members.get().person
    own = services.application_create(actor=personas.counsellor, case=single, programme_version=programme_version,
                                      members=[person])
    ctx = context(person, ERASE, whole={single.pk})
    privacy.erase(ctx)
    assert not Application.objects.filter(pk=own.pk).exists()
    assert Application.objects.filter(pk=recorded.pk).exists()  # another household's
    assert ctx.counts == {"applications.application.deleted": 1}


def test_anonymise_of_a_whole_case_keeps_what_the_indicators_count(family, recorded):
    ctx = context(family.principal, ANONYMISE, whole={family.case.pk})
    privacy.erase(ctx)
    recorded.refresh_from_db()
    # Departures, programmes and statuses are still counted from these.
    assert recorded.status == "departed" and recorded.departed_on == date(2026, 5, 1)
    assert recorded.submitted_on == date(2026, 3, 2) and recorded.programme_version_id
    assert recorded.members.count() == 3
    assert recorded.version > 1
    assert recorded.submission_reference == recorded.decision_note == "" and recorded.prioritisation_reasons == []
    travel = Travel.objects.get(application=recorded)
    assert travel.connection == travel.needs_note == travel.luggage_notes == "" and travel.needs == []
    assert travel.departure_date is not None
    assert set(TravelDocument.objects.filter(application=recorded).values_list("number", flat=True)) == {""}
    assert ctx.counts["applications.application.anonymised"] == 1


def test_anonymise_on_a_shared_case_clears_only_the_persons_document_number(family, recorded):
    privacy.erase(context(family.partner, ANONYMISE, shared={family.case.pk}, names=["Zahra Hosseini"]))
    assert TravelDocument.objects.get(person=family.partner).number == ""
    assert TravelDocument.objects.get(person=family.principal).number == "P-PRINCIPAL-1"
    recorded.refresh_from_db()
    assert recorded.members.filter(pk=family.partner.pk).exists()  # still counted as a departure
    assert "Zahra" not in recorded.decision_note
