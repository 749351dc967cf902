"""Schemathesis against /api/v1/openapi.json (as `schemathesis run --checks all` would):
every operation answers within its documented responses and schemas, never a 5xx.

It runs in-process against the WSGI application inside the test transaction, so it works on
SQLite and PostgreSQL alike and leaves nothing behind. The examples per operation are bounded
(SCHEMATHESIS_EXAMPLES, default 6) to keep `make test` within its time budget.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.config._checks import POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, PositiveDataAcceptanceConfig

from apps.api.services import api_token_create
from returnnet.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "6"))


@pytest.fixture
def wsgi_in_test_transaction(settings):
    """Requests through the real WSGI handler, inside the test's transaction: Django's own
    test client also keeps the handler from closing the connection."""
    settings.ALLOWED_HOSTS = ["localhost"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _schema():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    schema.config.checks.update(included_check_names=["all"])
    # Undeclared query parameters are ignored, as HTTP APIs do; negative cases target the
    # declared ones (otherwise "?=false" counts as a schema-violating request accepted).
    schema.config.generation.update(allow_extra_parameters=False)
    # A well-formed request may still name a record that does not exist (or that the token's
    # user may not see: the API does not say which) or break a rule of the domain, such as
    # an unknown country code: that is a 422 by design, not a rejected valid request.
    schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=[*POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, "422"])
    return schema


def _failures(operation, headers: dict, mode: GenerationMode) -> list[str]:
    """Run the operation's generated cases; the messages of the checks that failed."""
    found: list[str] = []

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode), _=st.just(None))
    def run(case, _):
        try:
            response = case.call(headers=headers)
            case.validate_response(response, headers=headers)
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 — every failed check is reported below
            found.append(f"{mode.value} {operation.label}: {str(error)[:1500]}")

    try:
        run()
    except Unsatisfiable:
        # Nothing is invalid for this operation (e.g. a free-text path segment): no negative case.
        assert mode is GenerationMode.NEGATIVE, operation.label
    except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 — e.g. a schema schemathesis cannot generate from
        found.append(f"{mode.value} {operation.label}: {type(error).__name__}: {str(error)[:1500]}")
    return found


def test_schemathesis_finds_no_server_error_and_no_schema_violation(wsgi_in_test_transaction, personas, iom_case):
    _token, plain = api_token_create(actor=personas.counsellor, user=personas.counsellor, name="schemathesis")
    headers = {"Authorization": f"Bearer {plain}"}
    failures = []
    for result in _schema().get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures.extend(_failures(operation, headers, mode))
    assert not failures, "\n\n".join(failures)


def test_the_document_names_each_enum_once_and_each_operation_once():
    from collections import Counter

    from apps.api.api import api

    document = api.get_openapi_schema()
    schemas = document["components"]["schemas"]
    assert "virtual_origin_country" in schemas["Channel"]["enum"]
    assert "Status" not in schemas
    ids = Counter(operation["operationId"] for item in document["paths"].values() for operation in item.values())
    assert [name for name, count in ids.items() if count > 1] == []
    day = schemas["DayOut"]["properties"]["starts_at"]
    assert "format" not in day and day["pattern"]


@pytest.mark.parametrize("path, body", [
    ("/persons", {"family_name": "Ahmadi", "given_names": "\udc80"}),
    ("/persons", {"family_name": "Ahmadi", "given_names": "a\x00"}),
    ("/cases/{case}/sessions", {"channel": "office", "language": "fa", "summary": "\udc80"}),
    ("/cases/{case}/sessions", {"channel": "office", "language": "fa", "started_at": "0001-01-01T00:00:00+14:00"}),
    ("/cases/{case}/sessions", {"channel": "office", "language": "fa", "summary": "x" * 1_000_000}),
])
def test_the_inputs_of_the_issue_are_422_with_a_described_body(personas, iom_case, api_as, path, body):
    response = api_as(personas.counsellor).post(path.format(case=iom_case.pk), body)
    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert set(error) >= {"loc", "msg", "type"} and error["loc"][:2] == ["body", "payload"]


def test_a_number_is_no_date(personas, api_as):
    response = api_as(personas.counsellor).get("/counselling-days", to="2.57e-270")
    assert response.status_code == 422
