"""Logs: JSON lines with the request id, route, status, duration and user id; no personal data."""

import copy
import io
import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.urls import reverse

from apps.core.logs import mask

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """The production configuration (LOG_FORMAT=json) writing into a buffer: the same filters
    and formatter settings.LOGGING names, on the root logger and the request logger."""
    config = copy.deepcopy(settings.LOGGING)  # dictConfig pops keys from what it is given
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    factory = logging.config.DictConfigurator(copy.deepcopy(config))
    handler.setFormatter(factory.configure_formatter(config["formatters"]["json"]))
    for name in ("request_context", "personal_data"):
        handler.addFilter(factory.configure_filter(config["filters"][name]))
    root, requests = logging.getLogger(), logging.getLogger("returnnet.request")
    old_level = requests.level
    root.addHandler(handler)
    requests.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        requests.setLevel(old_level)


def test_a_record_with_personal_data_is_masked_in_the_json(json_log):
    logging.getLogger("apps.jobs").warning(
        "delivery to %s failed, SMS to %s, link %s", "anna.schmidt@example.org", "+49 171 2345678",
        "https://returnnet.example.org/appointments/manage/Zx8Qw3-kLm9PqR2sT5vY7bN1/?q=Hosseini",
        extra={"recipient": "0651 / 123 45 67", "attempt": 3})
    try:
        raise ValueError("duplicate key (email)=(anna.schmidt@example.org)")
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error: /clients/?q=Mohammad")
    delivery, error = json_log()
    assert delivery["message"] == ("delivery to [email] failed, SMS to [phone], link "
                                   "https://returnnet.example.org/appointments/manage/[token]/?[query]")
    assert delivery["level"] == "WARNING" and delivery["logger"] == "apps.jobs"
    assert delivery["recipient"] == "[phone]" and delivery["attempt"] == 3 and "time" in delivery
    assert error["message"] == "Internal Server Error: /clients/?[query]"
    assert "ValueError" in error["exc_info"] and "anna.schmidt" not in error["exc_info"]
    everything = json.dumps([delivery, error])
    for secret in ("anna.schmidt", "2345678", "123 45 67", "Zx8Qw3", "Hosseini", "Mohammad"):
        assert secret not in everything


def test_every_request_gets_an_id_and_one_record_without_path_or_query(client, personas, json_log):
    client.force_login(personas.counsellor)
    response = client.get(reverse("cases:list") + "?q=Hosseini")
    assert len(response["X-Request-ID"]) == 32
    record = next(r for r in json_log() if r["logger"] == "returnnet.request")
    assert record["request_id"] == response["X-Request-ID"]
    assert record["route"] == "cases:list" and record["method"] == "GET" and record["status"] == 200
    assert record["user_id"] == personas.counsellor.pk and record["duration_ms"] >= 0
    assert "Hosseini" not in json.dumps(record) and "/cases" not in json.dumps(record)
    assert "counsellor@" not in json.dumps(record)


def test_the_proxys_request_id_is_kept_and_a_malformed_one_replaced(client, json_log):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="nginx-4f2a9c0d11")["X-Request-ID"] == "nginx-4f2a9c0d11"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="x\nforged line anna@example.org")["X-Request-ID"]
    assert len(replaced) == 32 and "\n" not in replaced
    ids = [r["request_id"] for r in json_log() if r["logger"] == "returnnet.request"]
    assert ids == ["nginx-4f2a9c0d11", replaced]


def test_records_written_during_a_request_carry_its_id(client, personas, json_log):
    # A failed sign-in: django-axes logs a warning while the request runs.
    response = client.post(reverse("accounts:login"), {"username": "counsellor@iom.test", "password": "wrong"})
    records = json_log()
    during = [r for r in records if r["logger"] != "returnnet.request"]
    assert during and all(r["request_id"] == response["X-Request-ID"] for r in during)
    assert "counsellor@iom.test" not in json.dumps(records)


def test_masking_keeps_dates_ids_and_durations():
    text = "case 12 of 2026-12-05, job 7f3c2b9e-0d1a-4c55-8e2f-1b2c3d4e5f60 took 1234.5 ms"
    assert mask(text) == text
    assert mask("call 0049 651 1234567 or 0171-2345678") == "call [phone] or [phone]"
