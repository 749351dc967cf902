"""Services: contacts, the consent gate of virtual counselling, the request lifecycle."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from apps.accounts.models import Membership, Role
from apps.audit.models import AuditEntry
from apps.cases.models import CaseStatus, Channel
from apps.clients import services as client_services
from apps.core.errors import ConcurrentEditError
from apps.countryinfo import services
from apps.countryinfo.models import CountryInformationRequest, OriginCountryContact, VirtualCounselling
from apps.countryinfo.tests.conftest import answered, ask, give_origin_consent
from tests.factories import make_case, member

pytestmark = pytest.mark.django_db


# --- Contacts --------------------------------------------------------------------------------

def test_directory_managers_create_and_edit_contacts(personas, contact):
    assert contact.languages == ["fa", "ps"] and contact.version == 1
    services.contact_update(actor=personas.team_lead, contact=contact, expected_version=1,
                            data={"channels": ["phone"], "is_active": False})
    contact.refresh_from_db()
    assert (contact.channels, contact.is_active, contact.version) == (["phone"], False, 2)
    assert list(AuditEntry.objects.filter(object_type="countryinfo.origincountrycontact")
                .values_list("action", flat=True).order_by("id")) == [
        "country_contact.created", "country_contact.updated"]


@pytest.mark.parametrize("persona", ["counsellor", "hotline", "partner"])
def test_others_cannot_edit_the_directory(personas, contact, persona):
    with pytest.raises(PermissionDenied):
        services.contact_create(actor=getattr(personas, persona), data={"country": "IQ", "organisation_name": "X"})
    with pytest.raises(PermissionDenied):
        services.contact_update(actor=getattr(personas, persona), contact=contact, expected_version=1,
                                data={"notes": "x"})


def test_contacts_reject_unknown_channels_and_stale_versions(personas, contact):
    with pytest.raises(ValidationError) as error:
        services.contact_create(actor=personas.coordinator, data={
            "country": "IQ", "organisation_name": "IOM Erbil (fiktiv)", "channels": ["pigeon"]})
    assert "channels" in error.value.message_dict
    with pytest.raises(ConcurrentEditError):
        services.contact_update(actor=personas.coordinator, contact=contact, expected_version=7, data={})


# --- Virtual counselling -----------------------------------------------------------------------

def test_scheduling_needs_each_participants_consent(personas, iom_case, contact, principal, orgs):
    child = client_services.person_create(actor=personas.counsellor, organisation=orgs.iom,
                                          data={"family_name": "Hosseini", "given_names": "Sara"})
    client_services.household_add_member(actor=personas.counsellor, household=iom_case.household,
                                         person=child, relationship="child")
    give_origin_consent(personas.counsellor, principal)

    def schedule():
        return services.virtual_counselling_schedule(
            actor=personas.counsellor, case=iom_case, contact=contact, participants=[principal, child],
            language="fa", scheduled_for=timezone.now())

    with pytest.raises(ValidationError) as error:
        schedule()
    [message] = error.value.message_dict["participants"]
    assert "Missing for: Hosseini, Sara." in message and "Mohammad" not in message
    assert not VirtualCounselling.objects.exists()
    give_origin_consent(personas.counsellor, child)
    assert schedule().status == VirtualCounselling.Status.SCHEDULED


def test_a_withdrawn_or_other_consent_does_not_count(personas, iom_case, contact, principal):
    consent = give_origin_consent(personas.counsellor, principal)
    client_services.consent_withdraw(actor=personas.counsellor, consent=consent)
    client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": "counselling", "form": "oral", "language": "fa"})
    with pytest.raises(ValidationError):
        services.virtual_counselling_schedule(actor=personas.counsellor, case=iom_case, contact=contact,
                                              participants=[principal], language="fa",
                                              scheduled_for=timezone.now())


def test_the_consent_gate_is_the_one_of_the_session_services(personas, iom_case, virtual, principal, orgs):
    # Scheduling relies on cases.services: adding a participant without consent to the
    # session afterwards is refused there too.
    from apps.cases import services as case_services

    child = client_services.person_create(actor=personas.counsellor, organisation=orgs.iom,
                                          data={"family_name": "Hosseini", "given_names": "Sara"})
    client_services.household_add_member(actor=personas.counsellor, household=iom_case.household,
                                         person=child, relationship="child")
    session = virtual.session
    with pytest.raises(ValidationError) as error:
        case_services.session_update(actor=personas.counsellor, session=session, expected_version=session.version,
                                     data={}, participants=[principal, child])
    assert "Missing for: Hosseini, Sara." in error.value.message_dict["participants"][0]


def test_scheduling_creates_a_virtual_origin_session(personas, iom_case, virtual, principal, contact):
    session = virtual.session
    assert session.channel == Channel.VIRTUAL_ORIGIN and session.case == iom_case
    assert list(session.participants.all()) == [principal]
    assert session.started_at == virtual.scheduled_for and session.location == contact.organisation_name
    iom_case.refresh_from_db()
    assert iom_case.status == CaseStatus.COUNSELLING
    entry = AuditEntry.objects.get(action="virtual_counselling.scheduled")
    assert entry.case_id == iom_case.pk and entry.details["participant_ids"] == [principal.pk]


def test_scheduling_needs_participants_and_an_active_contact(personas, iom_case, contact, principal):
    give_origin_consent(personas.counsellor, principal)
    kwargs = {"actor": personas.counsellor, "case": iom_case, "language": "fa", "scheduled_for": timezone.now()}
    with pytest.raises(ValidationError):
        services.virtual_counselling_schedule(contact=contact, participants=[], **kwargs)
    with pytest.raises(ValidationError) as error:
        services.virtual_counselling_schedule(contact=contact, participants=[principal], interpreter_used=True,
                                              **kwargs)
    assert "interpreter_name" in error.value.message_dict
    services.contact_update(actor=personas.coordinator, contact=contact, expected_version=1,
                            data={"is_active": False})
    with pytest.raises(ValidationError):
        services.virtual_counselling_schedule(contact=contact, participants=[principal], **kwargs)


def test_scheduling_in_another_organisations_case_is_refused(personas, contact, orgs):
    case = make_case(personas.diakonie_counsellor, orgs.diakonie)
    with pytest.raises(PermissionDenied):
        services.virtual_counselling_schedule(actor=personas.counsellor, case=case, contact=contact,
                                              participants=[], language="fa", scheduled_for=timezone.now())


def test_outcome_is_recorded_and_encrypted(personas, virtual):
    services.virtual_counselling_record_outcome(actor=personas.counsellor, virtual=virtual, expected_version=1,
                                                outcome="Discussed medical follow-up in Kabul.")
    virtual.refresh_from_db()
    assert (virtual.status, virtual.version) == (VirtualCounselling.Status.HELD, 2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT outcome FROM countryinfo_virtualcounselling WHERE id = %s", [virtual.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("fernet:") and "Kabul" not in stored
    with pytest.raises(ValidationError):
        services.virtual_counselling_cancel(actor=personas.counsellor, virtual=virtual, expected_version=2)


def test_cancelling(personas, virtual):
    with pytest.raises(ConcurrentEditError):
        services.virtual_counselling_cancel(actor=personas.counsellor, virtual=virtual, expected_version=5)
    services.virtual_counselling_cancel(actor=personas.counsellor, virtual=virtual, expected_version=1)
    assert virtual.status == VirtualCounselling.Status.CANCELLED
    with pytest.raises(ValidationError):
        services.virtual_counselling_record_outcome(actor=personas.counsellor, virtual=virtual,
                                                    expected_version=2, outcome="x")
    assert AuditEntry.objects.filter(action="virtual_counselling.cancelled").count() == 1


def test_an_empty_outcome_is_refused(personas, virtual):
    with pytest.raises(ValidationError) as error:
        services.virtual_counselling_record_outcome(actor=personas.counsellor, virtual=virtual,
                                                    expected_version=1, outcome="  ")
    assert "outcome" in error.value.message_dict


# --- Requests ------------------------------------------------------------------------------------

def test_request_lifecycle_draft_sent_answered(personas, iom_case, contact):
    request = ask(personas.counsellor, iom_case)
    assert request.status == CountryInformationRequest.Status.DRAFT
    services.request_update(actor=personas.counsellor, request=request, expected_version=1,
                            data={"recipient": contact, "sent_on": timezone.localdate()})
    assert (request.status, request.version) == (CountryInformationRequest.Status.SENT, 2)
    services.request_answer(actor=personas.counsellor, request=request, expected_version=2,
                            answer="Available in larger pharmacies.")
    request.refresh_from_db()
    assert request.status == CountryInformationRequest.Status.ANSWERED
    assert request.answered_on == timezone.localdate() and request.version == 3
    assert list(AuditEntry.objects.filter(object_type="countryinfo.countryinformationrequest")
                .values_list("action", flat=True).order_by("id")) == [
        "country_request.created", "country_request.updated", "country_request.answered"]
    assert all("insulin" not in str(e.details) for e in AuditEntry.objects.all())


def test_a_question_with_identifiers_is_blocked(personas, orgs):
    case = make_case(personas.counsellor, orgs.iom, family_name="Ahmadi", given_names="Farid")
    with pytest.raises(ValidationError) as error:
        ask(personas.counsellor, case, "Mr Ahmadi, born 01.02.1990, needs insulin.")
    assert error.value.message_dict["question"] == [
        "Remove the name “Ahmadi”.", "Remove the date “01.02.1990”: it may be a date of birth."]
    assert not CountryInformationRequest.objects.exists()


def test_an_edit_that_adds_identifiers_is_blocked(personas, iom_case):
    request = ask(personas.counsellor, iom_case)
    with pytest.raises(ValidationError) as error:
        services.request_update(actor=personas.counsellor, request=request, expected_version=1,
                                data={"question": f"About {iom_case.reference}: insulin?"})
    assert "question" in error.value.message_dict
    request.refresh_from_db()
    assert request.version == 1 and request.question == "Is insulin available in Herat?"


def test_an_answer_with_identifiers_is_blocked(personas, iom_case):
    request = ask(personas.counsellor, iom_case)
    with pytest.raises(ValidationError) as error:
        services.request_answer(actor=personas.counsellor, request=request, expected_version=1,
                                answer="Mohammad can call Dr X on +93 70 1234567.")
    assert error.value.message_dict["answer"] == [
        "Remove the name “Mohammad”.", "Remove the phone number “+93 70 1234567”."]
    request.refresh_from_db()
    assert request.status == CountryInformationRequest.Status.DRAFT and request.answer == ""


def test_requests_need_a_topic_a_question_and_a_recipient_when_sent(personas, iom_case):
    with pytest.raises(ValidationError):
        ask(personas.counsellor, iom_case, "   ")
    with pytest.raises(ValidationError):
        ask(personas.counsellor, iom_case, topic="gossip")
    with pytest.raises(ValidationError) as error:
        ask(personas.counsellor, iom_case, sent_on=timezone.localdate())
    assert "sent_to" in error.value.message_dict
    assert ask(personas.counsellor, iom_case, sent_on=timezone.localdate(),
               sent_to="Embassy desk (fiktiv)").status == CountryInformationRequest.Status.SENT


def test_requests_stay_in_the_case_organisation(personas, orgs, iom_case):
    both = member(orgs.iom, "counsellor")
    Membership.objects.create(user=both, organisation=orgs.diakonie, role=Role.objects.get(code="counsellor"))
    with pytest.raises(ValidationError):
        services.request_create(actor=both, organisation=orgs.diakonie, case=iom_case, data={})
    with pytest.raises(PermissionDenied):
        ask(personas.diakonie_counsellor, iom_case)
    with pytest.raises(PermissionDenied):
        ask(personas.partner, iom_case)


def test_a_request_may_belong_to_no_case(personas, orgs):
    request = services.request_create(actor=personas.counsellor, organisation=orgs.iom, data={
        "country": "IQ", "topic": "housing", "question": "Rents in Erbil?"})
    assert request.case is None and request.organisation == orgs.iom


def test_without_a_case_the_question_is_checked_against_the_organisations_names(personas, orgs, iom_case):
    # iom_case: Hosseini, Mohammad, a client of IOM.
    def create(question, organisation=orgs.iom, actor=personas.counsellor):
        return services.request_create(actor=actor, organisation=organisation, data={
            "country": "AF", "topic": "medical_care", "question": question})

    with pytest.raises(ValidationError) as error:
        create("Mohammad Hosseini needs dialysis in Herat, is it available?")
    assert error.value.message_dict["question"] == ["Remove the name “Mohammad”.", "Remove the name “Hosseini”."]
    with pytest.raises(ValidationError):
        create("Die Hosseinis brauchen Dialyse in Herat")
    assert not CountryInformationRequest.objects.exists()
    assert create("Is dialysis available in Herat?").case is None
    assert create("Mohammad Hosseini needs dialysis", orgs.diakonie, personas.diakonie_counsellor).pk


def test_without_a_case_the_answer_is_checked_against_the_organisations_names(personas, orgs, iom_case):
    request = services.request_create(actor=personas.counsellor, organisation=orgs.iom, data={
        "country": "AF", "topic": "medical_care", "question": "Is dialysis available in Herat?"})
    with pytest.raises(ValidationError) as error:
        services.request_answer(actor=personas.counsellor, request=request, expected_version=request.version,
                                answer="Yes; Hossei\u00adni can go to the regional hospital.")
    assert error.value.message_dict["answer"] == ["Remove the name “Hosseini”."]


def test_concurrent_answers_are_refused(personas, iom_case):
    request = answered(personas.counsellor, iom_case)
    with pytest.raises(ConcurrentEditError):
        services.request_answer(actor=personas.counsellor, request=request, expected_version=1, answer="Other.")


def test_contacts_stay_after_being_used(personas, contact, iom_case):
    ask(personas.counsellor, iom_case, recipient=contact)
    assert OriginCountryContact.objects.filter(pk=contact.pk).exists()


def test_virtual_counselling_needs_consent_naming_exactly_this_partner(personas, iom_case, contact, principal):
    """A consent to another partner (or to none) is not a consent to this one."""
    from apps.clients.models import Consent
    from apps.countryinfo import selectors

    other = OriginCountryContact.objects.create(country="AF", organisation_name="Reintegrationsbüro Herat (fiktiv)")
    give_origin_consent(personas.counsellor, principal, other)
    client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_ORIGIN_PARTNER, "form": "written", "language": "fa"})

    def schedule():
        return services.virtual_counselling_schedule(
            actor=personas.counsellor, case=iom_case, contact=contact, participants=[principal], language="fa",
            scheduled_for=timezone.now() + timezone.timedelta(days=2))

    with pytest.raises(ValidationError) as refused:
        schedule()
    assert "exactly this partner" in str(refused.value.message_dict["participants"])
    consent = give_origin_consent(personas.counsellor, principal, contact)
    virtual = schedule()
    assert selectors.participants_without_origin_consent(virtual) == []
    client_services.consent_withdraw(actor=personas.counsellor, consent=consent)
    assert selectors.participants_without_origin_consent(virtual) == [principal]
