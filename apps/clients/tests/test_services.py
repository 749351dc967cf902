import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from apps.audit.models import AuditEntry
from apps.clients import services
from apps.clients.models import Consent
from apps.core.errors import ConcurrentEditError
from tests.factories import make_person


def test_person_create_audits_and_builds_tokens(personas, orgs):
    person = make_person(personas.counsellor, orgs.iom)
    assert person.name_tokens.filter(token="hosseini").exists()
    assert AuditEntry.objects.filter(action="person.created", person_id=person.pk).exists()


def test_person_create_requires_write_permission_in_that_organisation(personas, orgs):
    with pytest.raises(PermissionDenied):
        make_person(personas.diakonie_counsellor, orgs.iom)
    with pytest.raises(PermissionDenied):
        make_person(personas.iom_dpo, orgs.iom)


def test_person_update_refuses_stale_version_and_keeps_data(personas, orgs):
    person = make_person(personas.counsellor, orgs.iom)
    services.person_update(actor=personas.counsellor, person=person, expected_version=1,
                           data={"given_names": "Mohammed"})
    with pytest.raises(ConcurrentEditError):
        services.person_update(actor=personas.team_lead, person=person, expected_version=1,
                               data={"given_names": "Mahmoud"})
    person.refresh_from_db()
    assert person.given_names == "Mohammed"
    assert person.version == 2


def test_person_update_rebuilds_tokens(personas, orgs):
    person = make_person(personas.counsellor, orgs.iom)
    services.person_update(actor=personas.counsellor, person=person, expected_version=1,
                           data={"family_name": "Karimi"})
    assert person.name_tokens.filter(token="karimi").exists()
    assert not person.name_tokens.filter(token="hosseini").exists()


def test_invalid_person_data_is_refused(personas, orgs):
    with pytest.raises(ValidationError):
        make_person(personas.counsellor, orgs.iom, email="not-an-email")


def test_consent_notes_are_encrypted_at_rest_and_withdrawal_is_recorded(personas, orgs):
    person = make_person(personas.counsellor, orgs.iom)
    consent = services.consent_record(actor=personas.counsellor, person=person, data={
        "purpose": Consent.Purpose.DISCLOSURE_TO_AUTHORITY, "recipient": orgs.authority,
        "form": "written", "language": "fa", "interpreter_used": True,
        "notes": "Explained with Dari interpreter",
    })
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM clients_consent WHERE id = %s", [consent.pk])
        raw = cursor.fetchone()[0]
    assert "Dari" not in raw and raw.startswith("fernet:")
    assert Consent.objects.get(pk=consent.pk).notes == "Explained with Dari interpreter"
    services.consent_withdraw(actor=personas.counsellor, consent=consent)
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None
    assert AuditEntry.objects.filter(action="consent.withdrawn", person_id=person.pk).exists()
