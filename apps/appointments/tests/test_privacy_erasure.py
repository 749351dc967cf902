"""The return apps' sources through privacy's orchestrators, with every other registered source
(clients, cases, …): erasing one member of a household leaves nothing of that person and
nothing missing of the other; a case's anonymisation keeps what the indicators count."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.applications import services as application_services
from apps.applications.models import Application, ApplicationDeclaration, Travel, TravelDocument
from apps.applications.tests.conftest import make_version
from apps.appointments import services as appointment_services
from apps.appointments.models import Appointment
from apps.appointments.tests.factories import make_day
from apps.clients import services as client_services
from apps.clients.models import Person
from apps.countryinfo import services as countryinfo_services
from apps.countryinfo.models import OriginCountryContact, VirtualCounselling
from apps.countryinfo.tests.conftest import give_origin_consent
from apps.privacy.registry import ERASE
from apps.privacy.services import anonymise_case, erase_person
from apps.reintegration import services as reintegration_services
from apps.reintegration.models import Handover, MonitoringVisit, ReintegrationPlan
from tests.factories import make_person


@pytest.fixture
def household(personas, orgs, iom_case, location):
    """Mohammad and Zahra: an application both travel in, a plan of Zahra's handed over to a
    partner abroad, her monitoring visit, virtual counselling of both, her booking."""
    actor, today = personas.counsellor, timezone.localdate()
    principal = iom_case.household.members.get().person
    partner = make_person(actor, orgs.iom, "Hosseini", "Zahra")
    client_services.household_add_member(actor=actor, household=iom_case.household, person=partner,
                                         relationship="partner")
    application = application_services.application_create(
        actor=actor, case=iom_case, programme_version=make_version(), members=[principal, partner])
    for person, number in ((principal, "P-1"), (partner, "P-2")):
        application_services.declaration_record(actor=actor, application=application, person=person,
                                                signed_on=today)
        application_services.travel_document_record(actor=actor, application=application, person=person,
                                                    kind="passport", number=number,
                                                    expires_on=today + timedelta(days=400))
    application_services.travel_save(actor=actor, application=application, data={
        "connection": "Zahra and Mohammad on TK 1590"})
    Application.objects.filter(pk=application.pk).update(status="departed", departed_on=date(2026, 5, 1),
                                                         decision_note="Approved for Zahra Hosseini")
    contact = OriginCountryContact.objects.create(country="AF", organisation_name="IOM Kabul (fiktiv)")
    give_origin_consent(actor, principal, contact)
    give_origin_consent(actor, partner, contact)
    plan = reintegration_services.plan_create(actor=actor, case=iom_case, person=partner, partner_contact=contact)
    reintegration_services.goal_add(actor=actor, plan=plan, expected_version=plan.version, dimension="economic",
                                    goal="Zahra's bakery")
    plan.refresh_from_db()
    reintegration_services.handover_create(actor=actor, plan=plan, fields=["name", "plan"],
                                           expected_version=plan.version)
    visit = reintegration_services.visit_plan(actor=actor, case=iom_case, person=partner,
                                              planned_for=date(2026, 8, 1), months_after_return=3)
    reintegration_services.visit_record(actor=actor, visit=visit, expected_version=1, done_on=date(2026, 8, 1),
                                        channel="phone", notes="Zahra is well", answers={"housing": "good"})
    virtual = countryinfo_services.virtual_counselling_schedule(
        actor=actor, case=iom_case, contact=contact, participants=[principal, partner], language="fa",
        scheduled_for=timezone.now() + timedelta(days=1))
    countryinfo_services.virtual_counselling_record_outcome(
        actor=actor, virtual=virtual, expected_version=virtual.version, outcome="Zahra asked about schools")
    slot = make_day(location, personas.team_lead).slots.first()
    appointment_services.appointment_book(actor=actor, slot=slot, person=partner, data={
        "phone": "0151 23456789", "language": "fa"})
    return {"case": iom_case, "principal": principal, "partner": partner, "application": application}


def test_erasing_one_member_leaves_nothing_of_her_and_the_others_records_whole(household):
    partner, principal, application = household["partner"], household["principal"], household["application"]
    counts = erase_person(person_id=partner.pk, mode=ERASE)
    assert not Person.objects.filter(pk=partner.pk).exists()
    assert not ReintegrationPlan.objects.exists() and not Handover.objects.exists()
    assert not MonitoringVisit.objects.exists() and not Appointment.objects.exists()
    assert list(application.members.all()) == [principal]
    assert list(TravelDocument.objects.values_list("number", flat=True)) == ["P-1"]
    assert list(ApplicationDeclaration.objects.values_list("person_id", flat=True)) == [principal.pk]
    application.refresh_from_db()
    assert "Zahra" not in application.decision_note
    assert "Zahra" not in Travel.objects.get().connection
    assert "Zahra" not in VirtualCounselling.objects.get().outcome
    assert counts["appointments.appointment.deleted"] == 1 and counts["reintegration.plan.deleted"] == 1


def test_a_cases_anonymisation_keeps_departures_handovers_and_scores(household):
    case, application = household["case"], household["application"]
    anonymise_case(case_id=case.pk, organisation_id=case.organisation_id)
    application.refresh_from_db()
    assert application.status == "departed" and application.departed_on == date(2026, 5, 1)
    assert application.members.count() == 2 and application.decision_note == ""
    assert set(TravelDocument.objects.values_list("number", flat=True)) == {""}
    handover = Handover.objects.get()
    assert json.loads(handover.snapshot) == {} and handover.plan.status == "handed_over"
    visit = MonitoringVisit.objects.get()
    assert visit.composite_score is not None and visit.level and visit.notes == ""
    assert VirtualCounselling.objects.get().outcome == ""
    appointment = Appointment.objects.get()
    assert appointment.phone == "" and appointment.status == "booked"
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 2
