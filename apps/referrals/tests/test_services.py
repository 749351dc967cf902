"""Services of the referrals app: directory, consent gate, status table, incoming referrals."""

import importlib
import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.audit.models import AuditEntry
from apps.cases.models import FirstContactSource, Task
from apps.clients import services as client_services
from apps.clients.models import Consent
from apps.core.errors import ConcurrentEditError
from apps.referrals import selectors, services
from apps.referrals.models import IncomingStatus, Referral, ReferralStatus, ServiceType
from tests.factories import OrganisationFactory, make_case, member

pytestmark = pytest.mark.django_db
S = ReferralStatus


# --- Directory ------------------------------------------------------------------------------


def test_a_directory_manager_creates_a_service_with_a_new_provider_organisation(personas, service_types):
    service = services.service_create(
        actor=personas.coordinator, provider_name="Beratungsstelle Beispiel (fiktiv)",
        data={"name": "Schuldnerberatung (fiktiv)", "languages": ["de", "ar"]},
        service_types=[service_types["debt"]])
    provider = service.provider
    assert (provider.name, provider.kind) == ("Beratungsstelle Beispiel (fiktiv)", Organisation.Kind.PARTNER)
    assert provider.code == "BERATUNG"
    again = services.provider_create(actor=personas.coordinator, name="Beratungsstelle Beispiel II")
    assert again.code == "BERATUNG2"
    assert AuditEntry.objects.filter(action="service.created", object_id=str(service.pk)).exists()


def test_only_directory_managers_edit_the_directory(personas, service_types):
    with pytest.raises(PermissionDenied):
        services.service_create(actor=personas.counsellor, provider_name="X", data={"name": "X"},
                                service_types=[service_types["debt"]])


def test_a_service_needs_a_type_and_known_languages(personas, orgs, service_types):
    with pytest.raises(ValidationError) as error:
        services.service_create(actor=personas.coordinator, provider=orgs.partner, data={"name": "X"},
                                service_types=[])
    assert "service_types" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.service_create(actor=personas.coordinator, provider=orgs.partner,
                                data={"name": "X", "languages": ["xx-yy"]}, service_types=[service_types["debt"]])
    assert "languages" in error.value.message_dict


def test_a_stale_service_edit_is_refused(personas, legal_service):
    services.service_update(actor=personas.coordinator, service=legal_service, expected_version=1,
                            data={"phone": "0651 000000"})
    with pytest.raises(ConcurrentEditError):
        services.service_update(actor=personas.team_lead, service=legal_service, expected_version=1,
                                data={"phone": "0651 111111"})


# --- Outgoing referrals: the consent gate ---------------------------------------------------


def test_sending_without_any_consent_is_refused_and_names_person_and_provider(personas, make_referral):
    referral = make_referral()
    with pytest.raises(ValidationError) as error:
        services.referral_send(actor=personas.counsellor, referral=referral)
    message = " ".join(error.value.messages)
    assert "Hosseini, Mohammad" in message and "Caritas Trier" in message
    referral.refresh_from_db()
    assert (referral.status, referral.shared_data, referral.follow_up_task) == (S.PROPOSED, "", None)


def test_sending_with_a_withdrawn_consent_is_refused(personas, make_referral, referral_consent):
    client_services.consent_withdraw(actor=personas.counsellor, consent=referral_consent)
    with pytest.raises(ValidationError):
        services.referral_send(actor=personas.counsellor, referral=make_referral())


def test_sending_with_a_consent_for_another_recipient_is_refused(personas, orgs, principal, make_referral):
    client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.REFERRAL, "recipient": orgs.diakonie, "form": "oral", "language": "fa"})
    client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": orgs.partner, "form": "oral",
        "language": "fa"})
    with pytest.raises(ValidationError):
        services.referral_send(actor=personas.counsellor, referral=make_referral())


def test_sending_with_a_valid_consent_snapshots_the_shared_fields_and_creates_a_follow_up_task(
        personas, make_referral, referral_consent, settings):
    settings.REFERRAL_FOLLOW_UP_DAYS = 10
    referral = services.referral_send(actor=personas.counsellor, referral=make_referral(("name", "reason")))
    referral.refresh_from_db()
    assert referral.status == S.SENT and referral.sent_at and referral.consent == referral_consent
    assert json.loads(referral.shared_data) == {
        "name": {"family_name": "Hosseini", "given_names": "Mohammad"},
        "reason": "Needs advice on a pending appeal"}
    task = referral.follow_up_task
    assert task.assignee == personas.counsellor
    assert task.due_date == timezone.localdate() + timedelta(days=10)
    entry = AuditEntry.objects.get(action="referral.sent")
    assert entry.details["shared_fields"] == ["name", "reason"] and entry.case_id == referral.case_id


def test_a_referral_is_sent_only_once(personas, sent_referral):
    with pytest.raises(ValidationError):
        services.referral_send(actor=personas.counsellor, referral=sent_referral)


def test_reason_and_snapshot_are_encrypted_at_rest(sent_referral):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason, shared_data FROM referrals_referral WHERE id = %s", [sent_referral.pk])
        reason, shared = cursor.fetchone()
    assert "appeal" not in reason and "Hosseini" not in shared
    assert Referral.objects.get(pk=sent_referral.pk).reason == "Needs advice on a pending appeal"


def test_the_person_must_belong_to_the_case(personas, orgs, make_referral):
    other = make_case(personas.counsellor, orgs.iom, family_name="Karimi", given_names="Ali")
    stranger = other.household.members.get().person
    with pytest.raises(ValidationError) as error:
        make_referral(person=stranger)
    assert "person" in error.value.message_dict


def test_shared_fields_must_come_from_the_fixed_set(make_referral):
    with pytest.raises(ValidationError):
        make_referral(shared_fields=["name", "bamf_file_number"])
    with pytest.raises(ValidationError):
        make_referral(shared_fields=[])


def test_another_organisation_cannot_refer_from_the_case(personas, make_referral, iom_case, legal_service,
                                                          principal):
    with pytest.raises(PermissionDenied):
        services.referral_create(actor=personas.diakonie_counsellor, case=iom_case, service=legal_service,
                                 person=principal, reason="x", shared_fields=["name"])


# --- Status transitions ---------------------------------------------------------------------


def test_the_provider_accepts_and_completes(personas, sent_referral):
    services.referral_set_status(actor=personas.partner, referral=sent_referral, to_status=S.ACCEPTED,
                                 side=services.PROVIDER, note="Termin am Montag")
    assert sent_referral.answered_at is not None and sent_referral.provider_note == "Termin am Montag"
    services.referral_set_status(actor=personas.partner, referral=sent_referral, to_status=S.COMPLETED,
                                 side=services.PROVIDER)
    assert Referral.objects.get(pk=sent_referral.pk).status == S.COMPLETED


@pytest.mark.parametrize("from_status,to_status", [
    (S.SENT, S.COMPLETED), (S.COMPLETED, S.ACCEPTED), (S.DECLINED, S.ACCEPTED), (S.ACCEPTED, S.NO_RESPONSE),
])
def test_invalid_transitions_are_refused(personas, sent_referral, from_status, to_status):
    Referral.objects.filter(pk=sent_referral.pk).update(status=from_status)
    sent_referral.refresh_from_db()
    with pytest.raises(ValidationError):
        services.referral_set_status(actor=personas.counsellor, referral=sent_referral, to_status=to_status)


def test_a_proposed_referral_leaves_that_state_only_by_being_sent(personas, make_referral):
    with pytest.raises(ValidationError):
        services.referral_set_status(actor=personas.counsellor, referral=make_referral(), to_status=S.ACCEPTED)


def test_only_the_sender_records_no_response(personas, sent_referral):
    with pytest.raises(ValidationError):
        services.referral_set_status(actor=personas.partner, referral=sent_referral, to_status=S.NO_RESPONSE,
                                     side=services.PROVIDER)
    services.referral_set_status(actor=personas.counsellor, referral=sent_referral, to_status=S.NO_RESPONSE)
    assert sent_referral.status == S.NO_RESPONSE


def test_another_provider_cannot_answer(personas, orgs, sent_referral):
    with pytest.raises(PermissionDenied):
        services.referral_set_status(actor=personas.authority, referral=sent_referral, to_status=S.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.referral_set_status(actor=personas.authority, referral=sent_referral, to_status=S.ACCEPTED,
                                     side=services.PROVIDER)


def test_a_stale_answer_is_refused(personas, sent_referral):
    version = sent_referral.version
    services.referral_set_status(actor=personas.partner, referral=sent_referral, to_status=S.ACCEPTED,
                                 side=services.PROVIDER, expected_version=version)
    stale = Referral.objects.get(pk=sent_referral.pk)
    with pytest.raises(ConcurrentEditError):
        services.referral_set_status(actor=personas.counsellor, referral=stale, to_status=S.DECLINED,
                                     expected_version=version)


# --- Incoming referrals ---------------------------------------------------------------------

INCOMING = {"family_name": "Ahmadi", "given_names": "Reza", "language": "fa", "reason": "Fragen zur Rückkehr",
            "consent_confirmed": True, "consent_form": "oral", "phone": "+49 651 1234567"}


@pytest.fixture
def incoming(personas, orgs):
    return services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                    to_organisation=orgs.iom, data=INCOMING)


def test_an_incoming_referral_needs_the_persons_consent(personas, orgs):
    with pytest.raises(ValidationError) as error:
        services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner, to_organisation=orgs.iom,
                                 data={**INCOMING, "consent_confirmed": False})
    assert "consent_confirmed" in error.value.message_dict


def test_an_incoming_referral_goes_to_a_counselling_organisation_only(personas, orgs):
    with pytest.raises(ValidationError):
        services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                 to_organisation=orgs.authority, data=INCOMING)


def test_only_submitters_of_the_organisation_submit(personas, orgs):
    with pytest.raises(PermissionDenied):
        services.incoming_submit(actor=personas.counsellor, from_organisation=orgs.partner,
                                 to_organisation=orgs.iom, data=INCOMING)


def test_the_reason_of_an_incoming_referral_is_encrypted_at_rest(incoming):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM referrals_incomingreferral WHERE id = %s", [incoming.pk])
        assert "Rückkehr" not in cursor.fetchone()[0]


def test_offer_then_open_a_case_from_the_referral(personas, incoming):
    services.incoming_offer_appointment(actor=personas.counsellor, incoming=incoming)
    assert incoming.status == IncomingStatus.APPOINTMENT_OFFERED
    case = services.incoming_open_case(actor=personas.counsellor, incoming=incoming, office=personas.trier)
    incoming.refresh_from_db()
    assert (incoming.status, incoming.case) == (IncomingStatus.COUNSELLING_STARTED, case)
    assert case.first_contact_source == FirstContactSource.PARTNER and case.office == personas.trier
    person = case.household.members.get().person
    assert (person.family_name, person.given_names, str(person.phone)) == ("Ahmadi", "Reza", "+496511234567")
    assert list(person.languages.values_list("language", flat=True)) == ["fa"]


def test_a_referral_from_an_authority_opens_a_case_with_that_source(personas, orgs):
    incoming = services.incoming_submit(actor=personas.authority, from_organisation=orgs.authority,
                                        to_organisation=orgs.iom, data=INCOMING)
    case = services.incoming_open_case(actor=personas.counsellor, incoming=incoming)
    assert case.first_contact_source == FirstContactSource.AUTHORITY


def test_linking_to_an_existing_case(personas, incoming, iom_case):
    services.incoming_link_case(actor=personas.counsellor, incoming=incoming, case=iom_case)
    assert (incoming.status, incoming.case) == (IncomingStatus.COUNSELLING_STARTED, iom_case)
    with pytest.raises(ValidationError):
        services.incoming_decline(actor=personas.counsellor, incoming=incoming, reason="other")


def test_linking_to_another_organisations_case_is_refused(personas, orgs, incoming):
    foreign = make_case(personas.diakonie_counsellor, orgs.diakonie)
    with pytest.raises(ValidationError):
        services.incoming_link_case(actor=personas.counsellor, incoming=incoming, case=foreign)


def test_declining_needs_a_neutral_reason_and_the_receiving_organisation(personas, incoming):
    with pytest.raises(ValidationError):
        services.incoming_decline(actor=personas.counsellor, incoming=incoming, reason="because")
    with pytest.raises(PermissionDenied):
        services.incoming_decline(actor=personas.diakonie_counsellor, incoming=incoming, reason="no_capacity")
    services.incoming_decline(actor=personas.counsellor, incoming=incoming, reason="no_capacity")
    assert (incoming.status, incoming.decline_reason) == (IncomingStatus.DECLINED, "no_capacity")


def test_a_receiving_organisation_of_another_kind_is_not_offered(orgs):
    OrganisationFactory(name="Inactive counselling", code="INACT", is_active=False)
    from apps.referrals.selectors import receiving_organisations

    assert set(receiving_organisations()) == {orgs.iom, orgs.diakonie}


# --- The recipient is pinned when the referral is sent -----------------------------------------


@pytest.fixture
def other_partner():
    organisation = OrganisationFactory(name="DRK (fiktiv)", code="DRK", kind=Organisation.Kind.PARTNER)
    return organisation, member(organisation, "partner_staff")


def test_sending_pins_the_recipient(orgs, sent_referral):
    assert Referral.objects.get(pk=sent_referral.pk).recipient_organisation == orgs.partner


def test_the_provider_of_a_service_with_referrals_under_way_cannot_change(personas, orgs, sent_referral,
                                                                         legal_service, other_partner):
    organisation, _staff = other_partner
    for status in (S.SENT, S.ACCEPTED, S.NO_RESPONSE):
        Referral.objects.filter(pk=sent_referral.pk).update(status=status)
        legal_service.refresh_from_db()
        with pytest.raises(ValidationError) as error:
            services.service_update(actor=personas.coordinator, service=legal_service,
                                    expected_version=legal_service.version, data={}, provider=organisation)
        assert "referrals to this service are under way" in error.value.message_dict["provider"][0]
    legal_service.refresh_from_db()
    assert legal_service.provider == orgs.partner


def test_after_a_provider_change_a_referral_stays_with_its_recipient(personas, orgs, sent_referral, legal_service,
                                                                    other_partner):
    organisation, staff = other_partner
    services.referral_set_status(actor=personas.partner, referral=sent_referral, to_status=S.ACCEPTED)
    services.referral_set_status(actor=personas.partner, referral=Referral.objects.get(pk=sent_referral.pk),
                                 to_status=S.COMPLETED)
    legal_service.refresh_from_db()
    services.service_update(actor=personas.coordinator, service=legal_service,
                            expected_version=legal_service.version, data={}, provider=organisation)
    assert list(selectors.inbox_of(personas.partner)) == [sent_referral]
    assert list(selectors.inbox_of(staff)) == []
    referral = selectors.inbox_referral_for(personas.partner, sent_referral.pk)
    assert selectors.snapshot_visible(referral)
    with pytest.raises(PermissionDenied):
        services.referral_set_status(actor=staff, referral=referral, to_status=S.DECLINED, side=services.PROVIDER)


@pytest.mark.parametrize("kind", [Organisation.Kind.AUTHORITY, Organisation.Kind.FUNDER])
def test_authorities_and_funders_offer_no_services(personas, orgs, legal_service, service_types, kind):
    organisation = orgs.authority if kind == Organisation.Kind.AUTHORITY else orgs.funder
    with pytest.raises(ValidationError) as error:
        services.service_update(actor=personas.coordinator, service=legal_service,
                                expected_version=legal_service.version, data={}, provider=organisation)
    assert "provider" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.service_create(actor=personas.coordinator, provider=organisation, data={"name": "X (fiktiv)"},
                                service_types=[service_types["debt"]])


def test_a_snapshot_rests_only_on_a_consent_naming_the_recipient(personas, orgs, principal, sent_referral):
    other = client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.REFERRAL, "recipient": orgs.diakonie, "form": "written", "language": "fa"})
    Referral.objects.filter(pk=sent_referral.pk).update(consent=other)
    assert not selectors.snapshot_visible(Referral.objects.get(pk=sent_referral.pk))


def test_the_follow_up_task_does_not_name_the_service(sensitive_referral, trauma_service):
    title = sensitive_referral.follow_up_task.title
    assert title == f"Follow up referral V-{sensitive_referral.pk}"
    assert trauma_service.name not in title


def test_the_migration_pins_the_recipient_and_neutralises_task_titles(orgs, sent_referral, legal_service):
    from django.apps import apps

    migration = importlib.import_module("apps.referrals.migrations.0003_recipient_and_sensitive_types")
    Referral.objects.filter(pk=sent_referral.pk).update(recipient_organisation=None)
    Task.objects.filter(pk=sent_referral.follow_up_task_id).update(title=f"Follow up the referral to {legal_service}")
    ServiceType.objects.update(is_sensitive=False)
    migration.forwards(apps, None)
    referral = Referral.objects.get(pk=sent_referral.pk)
    assert referral.recipient_organisation == orgs.partner
    assert legal_service.name not in referral.follow_up_task.title
    assert set(ServiceType.objects.filter(is_sensitive=True).values_list("code", flat=True)) == {
        "medical", "psychosocial", "trafficking", "womens_protection", "addiction"}


def test_only_users_who_may_read_sensitive_data_refer_to_a_sensitive_service(personas, iom_case, trauma_service,
                                                                             legal_service, make_referral):
    with pytest.raises(PermissionDenied):
        services.referral_create(actor=personas.hotline, case=iom_case, service=trauma_service,
                                 person=iom_case.household.members.get().person, reason="x", shared_fields=["name"])
    assert list(selectors.referable_services(personas.hotline, iom_case)) == [legal_service]
    assert set(selectors.referable_services(personas.counsellor, iom_case)) == {legal_service, trauma_service}
    assert make_referral(service=trauma_service).service == trauma_service
