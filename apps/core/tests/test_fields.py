import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from apps.cases import services
from apps.core import fields


def test_encrypt_roundtrip_and_ciphertext_differs_each_time():
    token = fields.encrypt("secret")
    assert token != fields.encrypt("secret") and fields.decrypt(token) == "secret"


def test_encrypted_fields_cannot_be_searched():
    from apps.cases.models import CounsellingSession

    with pytest.raises(TypeError):
        list(CounsellingSession.objects.filter(summary__icontains="x"))


def test_rotation_re_encrypts_under_the_newest_key(settings, personas, iom_case):
    session = services.session_record(actor=personas.counsellor, case=iom_case,
                                       data={"channel": "phone", "language": "ar", "summary": "alpha"})
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_field_keys", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone now
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM cases_counsellingsession WHERE id = %s", [session.pk])
        raw = cursor.fetchone()[0]
    assert fields.decrypt(raw) == "alpha"
