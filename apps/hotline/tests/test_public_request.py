"""The portal's callback form: validation, minimal data, the hotline organisation, audit."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from apps.audit.models import AuditEntry
from apps.hotline.models import CallbackRequest
from apps.hotline.services import callback_request_submit_public

BERLIN = ZoneInfo("Europe/Berlin")


def submit(**overrides):
    data = {"phone": "0651 1234567", "language": "ar", "window": "morning", "consent": True}
    data.update(overrides)
    return callback_request_submit_public(**data)


@time_machine.travel(datetime(2026, 12, 4, 15, 0, tzinfo=BERLIN), tick=False)
def test_request_is_stored_encrypted_for_the_hotline_organisation_and_due_by_monday(hotline_office, orgs):
    callback = submit(first_name="Amal", campaign="spring-fb")
    assert callback.organisation == orgs.iom
    assert callback.source == CallbackRequest.Source.PORTAL
    assert callback.phone == "+496511234567"
    assert callback.due_at == datetime(2026, 12, 8, 0, 0, tzinfo=BERLIN)  # Friday → end of Monday
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, first_name FROM hotline_callbackrequest WHERE id = %s", [callback.pk])
        raw = cursor.fetchone()
    assert raw[0].startswith("fernet:") and "1234567" not in raw[0] and "Amal" not in raw[1]
    entry = AuditEntry.objects.get(action="callback.requested")
    assert entry.actor is None and entry.organisation_id == orgs.iom.pk and "Amal" not in str(entry.details)


@pytest.mark.parametrize("field,overrides", [
    ("phone", {"phone": ""}), ("phone", {"phone": "12"}), ("language", {"language": "xx"}),
    ("window", {"window": "night"}), ("consent", {"consent": False}), ("first_name", {"first_name": "A" * 61}),
])
def test_bad_input_is_a_field_error(hotline_office, field, overrides):
    with pytest.raises(ValidationError) as error:
        submit(**overrides)
    assert field in error.value.message_dict
    assert not CallbackRequest.objects.exists()


def test_a_waiting_number_asking_again_adds_no_second_request(hotline_office):
    first = submit()
    assert submit(phone="+49 651 1234567").pk == first.pk
    assert CallbackRequest.objects.count() == 1


def test_without_a_hotline_office_the_request_is_refused_clearly(personas):
    with pytest.raises(ValidationError):
        submit()


def test_windows_have_plain_labels_for_the_portal():
    assert ("morning", "Morning (9 to 12)") in [(v, str(label)) for v, label in CallbackRequest.Window.choices]
