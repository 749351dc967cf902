"""The partner directory: profiles, contacts with consent, agreements with an encrypted PDF,
cooperation counts, filters."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.core.errors import ConcurrentEditError
from apps.mobile.tests.helpers import make_day, make_location
from apps.network import cooperation, selectors, services
from apps.network.models import Agreement
from apps.referrals import services as referral_services
from apps.regions.models import District

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def contact(personas, orgs, **data):
    return services.contact_create(actor=personas.coordinator, organisation=orgs.partner,
                                   data={"name": "Maria Beispiel", "function": "Migrationsdienst",
                                         "email": "m.beispiel@caritas.example", "languages": ["de", "fr"], **data})


def test_only_network_managers_maintain_the_directory(personas, orgs):
    with pytest.raises(PermissionDenied):
        services.contact_create(actor=personas.partner, organisation=orgs.partner, data={"name": "X"})
    with pytest.raises(PermissionDenied):
        services.profile_update(actor=personas.counsellor, organisation=orgs.partner, roles=[], districts=[],
                                description="", expected_version=1)


def test_a_contact_is_listed_only_while_its_consent_is_recorded(personas, orgs):
    person = contact(personas, orgs)
    assert not selectors.contacts_visible_to(personas.authority, orgs.partner.pk).exists()
    assert list(selectors.contacts_visible_to(personas.coordinator, orgs.partner.pk)) == [person]
    services.contact_consent_record(actor=personas.coordinator, contact=person,
                                    given_on=timezone.localdate(), expected_version=person.version)
    assert list(selectors.contacts_visible_to(personas.authority, orgs.partner.pk)) == [person]
    assert person.consent_recorded_by == personas.coordinator
    services.contact_consent_withdraw(actor=personas.coordinator, contact=person, expected_version=person.version)
    assert not selectors.contacts_visible_to(personas.authority, orgs.partner.pk).exists()
    assert not selectors.contacts_visible_to(personas.statistics, orgs.partner.pk).exists()
    actions = list(AuditEntry.objects.filter(object_id=str(person.pk), object_type="network.partnercontact")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["partner_contact.created", "partner_contact.consent_recorded",
                       "partner_contact.consent_withdrawn"]


def test_consent_cannot_be_dated_in_the_future_and_edits_name_their_version(personas, orgs):
    person = contact(personas, orgs)
    with pytest.raises(ValidationError):
        services.contact_consent_record(actor=personas.coordinator, contact=person,
                                        given_on=timezone.localdate() + timedelta(days=1), expected_version=1)
    services.contact_update(actor=personas.coordinator, contact=person, data={"phone": "0651 1"},
                            expected_version=1)
    with pytest.raises(ConcurrentEditError):
        services.contact_update(actor=personas.coordinator, contact=person, data={"phone": "0651 2"},
                                expected_version=1)
    with pytest.raises(ValidationError):
        services.contact_update(actor=personas.coordinator, contact=person, data={"languages": ["xx-nope"]},
                                expected_version=2)


def test_an_agreement_pdf_is_stored_encrypted_and_only_a_pdf_is_taken(personas, orgs, settings):
    with pytest.raises(ValidationError):
        services.agreement_create(actor=personas.coordinator, organisation=orgs.partner, kind="hosting",
                                  valid_from=timezone.localdate(),
                                  uploaded_file=SimpleUploadedFile("a.pdf", b"not a pdf at all"))
    agreement = services.agreement_create(actor=personas.coordinator, organisation=orgs.partner, kind="hosting",
                                          valid_from=timezone.localdate(), note="Räume dienstags",
                                          uploaded_file=SimpleUploadedFile("Vertrag.pdf", PDF))
    stored = (settings.DOCUMENT_ROOT / agreement.file.name).read_bytes()
    assert PDF not in stored
    with agreement.file.open("rb") as file:
        assert file.read() == PDF
    with pytest.raises(ValidationError):
        services.agreement_create(actor=personas.coordinator, organisation=orgs.partner, kind="hosting",
                                  valid_from=timezone.localdate(), valid_until=timezone.localdate() - timedelta(days=1))
    services.agreement_delete(actor=personas.coordinator, agreement=agreement)
    assert not Agreement.objects.exists()


def test_the_directory_filters_by_district_kind_and_role(personas, orgs):
    trier = District.objects.get(ags="07211")
    services.profile_update(actor=personas.coordinator, organisation=orgs.partner,
                            roles=["hosts_mobile_counselling", "refers_clients"], districts=[trier],
                            description="", expected_version=1)
    found = selectors.partners_visible_to(personas.authority, district=trier)
    assert orgs.partner in found and orgs.iom not in found
    assert list(selectors.partners_visible_to(personas.authority, role="refers_clients")) == [orgs.partner]
    assert orgs.authority in selectors.partners_visible_to(personas.partner, kind="authority")
    assert orgs.partner not in selectors.partners_visible_to(personas.partner, kind="authority")
    assert not selectors.partners_visible_to(personas.statistics).exists()
    with pytest.raises(ValidationError):
        services.profile_update(actor=personas.coordinator, organisation=orgs.partner, roles=["boss"],
                                districts=[], description="", expected_version=2)


def test_cooperation_counts_hosted_days_and_referrals(personas, orgs):
    location = make_location(personas.team_lead, orgs.iom, host=orgs.partner)
    make_day(personas.team_lead, location)
    make_day(personas.team_lead, location, on=timezone.localdate() + timezone.timedelta(days=14))
    data = {"family_name": "Ahmadi", "language": "fa", "reason": "x", "consent_confirmed": True,
            "consent_form": "oral"}
    referral_services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                      to_organisation=orgs.iom, data=data)
    referral_services.incoming_submit(actor=personas.partner, from_organisation=orgs.partner,
                                      to_organisation=orgs.diakonie, data=data)
    counts = cooperation.cooperation_of(orgs.partner.pk, [orgs.iom.pk])
    assert counts.days_hosted == 2
    assert (counts.referrals_with_viewer, counts.referrals_network) == (1, 2)
    assert cooperation.cooperation_of(orgs.partner.pk, [orgs.authority.pk]).referrals_with_viewer == 0
