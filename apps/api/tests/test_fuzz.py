"""Property: no body sent to any write operation of the API gets a 5xx.

The bodies are drawn from each operation's request schema in the OpenAPI document (so every
write operation is covered, including ones added later), mixed with hostile values: lone
surrogates, NUL and control characters, huge texts, year-1 and year-9999 dates and times,
huge numbers, wrong types. Several personas send them, to ids that exist and ids that do not.
"""

import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.api.api import api
from apps.api.services import api_token_create
from apps.api.tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
WRITE_METHODS = ("post", "put", "patch", "delete")

HOSTILE_TEXT = st.sampled_from([
    "\udc80", "\ud83d", "a\x00b", "\x00", "x\x1by", "\ufffe", "", " ", "   padded   ", "x" * 30_000,
    "0001-01-01T00:00:00+14:00", "0001-01-01", "9999-12-31T23:59:59-14:00", "2.57e-270", "NaN",
    "\u202eevil", "<script>alert(1)</script>", "'; DROP TABLE cases; --", "١٢٣", "😀" * 50,
])
HOSTILE_NUMBER = st.sampled_from([0, -1, 2**31, 2**63, 2**80, -(2**63) - 1, 1e308, -1e-300, 0.5])
ANY_JSON = st.recursive(st.none() | st.booleans() | HOSTILE_NUMBER | HOSTILE_TEXT,
                        lambda children: st.lists(children, max_size=3)
                        | st.dictionaries(st.text(max_size=5), children, max_size=3), max_leaves=5)
# Any day from year 1 to 9999, and often the extremes (a year-1 time cannot be put into UTC).
DATES = st.sampled_from(["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"]) | st.dates().map(
    lambda d: d.isoformat())
TIMES = st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00",
                         "2026-03-02T09:30:00"]) | st.datetimes(
    timezones=st.none() | st.timezones()).map(lambda t: t.isoformat())


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _resolve({**schema["allOf"][0], **{k: v for k, v in schema.items() if k != "allOf"}}, components)
    return schema


def _typed(schema: dict, components: dict, depth: int) -> st.SearchStrategy:
    """A value that follows the schema (so that the request gets past validation to the
    services and the database)."""
    schema = _resolve(schema, components)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([_typed(option, components, depth) for option in schema[key]])
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date":
            return DATES
        if schema.get("format") == "date-time":
            return TIMES
        texts = st.text(min_size=schema.get("minLength", 0), max_size=min(schema.get("maxLength", 50), 50))
        if "pattern" in schema:
            texts = st.from_regex(schema["pattern"], fullmatch=True).filter(
                lambda value: len(value) <= schema.get("maxLength", 10**6))
        return texts | HOSTILE_TEXT
    if kind == "integer":
        low, high = schema.get("minimum", -10), schema.get("maximum", 10**6)
        return st.integers(min_value=low, max_value=min(high, low + 5)) | st.integers(low, high)
    if kind == "number":
        return st.floats(min_value=schema.get("minimum"), max_value=schema.get("maximum"),
                         allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        return st.lists(_typed(schema.get("items", {}), components, depth + 1),
                        min_size=schema.get("minItems", 0), max_size=min(schema.get("maxItems", 3), 3))
    if kind == "object" or "properties" in schema:
        return _object(schema, components, depth)
    return ANY_JSON


def _object(schema: dict, components: dict, depth: int) -> st.SearchStrategy:
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    if depth > 3:
        return st.just({})
    given = st.fixed_dictionaries(
        {name: _typed(sub, components, depth + 1) for name, sub in properties.items() if name in required})
    # Few optional fields at a time: each one (an unknown id, say) may end the request early.
    optional = sorted(set(properties) - required)
    if not optional:
        return given
    extra = st.lists(st.sampled_from(optional), max_size=2, unique=True).flatmap(
        lambda names: st.fixed_dictionaries({name: _typed(properties[name], components, depth + 1)
                                             for name in names}))
    return st.tuples(given, extra).map(lambda parts: {**parts[0], **parts[1]})


def _one_field_hostile(schema: dict, components: dict) -> st.SearchStrategy:
    """A valid body with one property (present or not) replaced by a hostile value."""
    names = sorted(schema.get("properties", {}))
    if not names:
        return ANY_JSON
    return st.tuples(_object(schema, components, 0), st.sampled_from(names), HOSTILE_TEXT | HOSTILE_NUMBER).map(
        lambda parts: {**parts[0], parts[1]: parts[2]})


def bodies(schema: dict, components: dict) -> st.SearchStrategy:
    """Valid bodies, valid bodies with one hostile field, and anything at all."""
    schema = _resolve(schema, components)
    return st.one_of(_typed(schema, components, 0), _one_field_hostile(schema, components), ANY_JSON)


def write_operations():
    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in WRITE_METHODS:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            media_type, body = next(iter(content.items()), (None, {}))
            yield pytest.param(method, path, media_type, _resolve(body.get("schema", {}), components), components,
                               id=f"{method.upper()} {path}")


@pytest.fixture
def clients(personas, iom_case):
    """API clients of personas on both sides of cases, referrals and disclosures."""
    users = [personas.counsellor, personas.team_lead, personas.authority, personas.partner,
             personas.diakonie_counsellor]
    return [ApiClient(api_token_create(actor=user, user=user, name="fuzz")[1]) for user in users]


@pytest.mark.parametrize("method, path, media_type, body_schema, components", list(write_operations()))
def test_no_body_gets_a_server_error(clients, iom_case, method, path, media_type, body_schema, components):
    person_id = iom_case.household.members.get().person_id
    known = {"case_id": iom_case.pk, "person_id": person_id}
    others = st.sampled_from([1, 2, 3, 999_999, 2**63 - 1])
    body = bodies(body_schema, components) if media_type else st.none()

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(client=st.just(clients[0]) | st.sampled_from(clients), data=body,
           path_ids=st.fixed_dictionaries({name: (st.just(known[name]) | others) if name in known else others
                                           for name in re.findall(r"\{([^}]+)\}", path)}))
    def check(client, data, path_ids):
        url = re.sub(r"\{([^}]+)\}", lambda match: str(path_ids[match.group(1)]), path)
        if media_type == "multipart/form-data":
            fields = data if isinstance(data, dict) else {"file": data}
            response = client.client.post(url, {k: json.dumps(v) for k, v in fields.items()})
        else:
            raw = "" if data is None else json.dumps(data)
            response = getattr(client.client, method)(url, raw, content_type="application/json")
        assert response.status_code < 500, (method, url, data, response.content[:500])

    check()


# The sweep below puts each hostile value of a field's kind into an otherwise plain body,
# so that the value reaches the services and the database (random bodies mostly stop at
# the first invalid field).
HOSTILE_BY_KIND = {
    "string": ["\udc80", "a\x00b", "x" * 30_000],
    "date": ["0001-01-01", "9999-12-31"],
    "date-time": ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"],
    "integer": [2**63, -1],
}
PLAIN_STRINGS = ["de", "DE", "54290", "07211", "Test", ""]


def _plain(name: str, schema: dict, components: dict, ids: dict):
    """A simple valid value for a field (an id of a real record where the name says so)."""
    schema = _resolve(schema, components)
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        return _plain(name, schema["anyOf"][0], components, ids)
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date":
            return "2026-03-02"
        if schema.get("format") == "date-time":
            return "2026-03-02T09:30:00+01:00"
        pattern = schema.get("pattern")
        return next((s for s in PLAIN_STRINGS if not pattern or re.search(pattern, s)), "Test")
    if kind == "integer":
        return ids.get(name, max(schema.get("minimum", 1), 1))
    if kind == "number":
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    if kind == "array":
        return [ids.get(name, 1)] if name.endswith("_ids") else []
    if kind == "object" or "properties" in schema:
        return {key: _plain(key, sub, components, ids) for key, sub in schema.get("properties", {}).items()
                if key in schema.get("required", [])}
    return None


def _kind(schema: dict, components: dict) -> str | None:
    schema = _resolve(schema, components)
    if "anyOf" in schema:
        kinds = [_kind(option, components) for option in schema["anyOf"]]
        return next((kind for kind in kinds if kind), None)
    if schema.get("type") == "string" and "enum" not in schema:
        return schema.get("format") if schema.get("format") in ("date", "date-time") else "string"
    return "integer" if schema.get("type") == "integer" else None


@pytest.mark.parametrize("method, path, media_type, body_schema, components", [
    p for p in write_operations() if p.values[2] == "application/json"])
def test_every_field_refuses_hostile_values_without_a_server_error(personas, iom_case, api_as, method, path,
                                                                     media_type, body_schema, components):
    person_id = iom_case.household.members.get().person_id
    ids = {"case_id": iom_case.pk, "person_id": person_id, "participant_ids": person_id, "member_ids": person_id,
           "household_id": iom_case.household_id}
    url = re.sub(r"\{([^}]+)\}", lambda match: str(ids.get(match.group(1), 1)), path)
    client = api_as(personas.counsellor)
    plain = _plain("", body_schema, components, ids)
    for name, schema in body_schema.get("properties", {}).items():
        for value in HOSTILE_BY_KIND.get(_kind(schema, components), []):
            body = {**plain, name: value}
            response = getattr(client.client, method)(url, json.dumps(body), content_type="application/json")
            assert response.status_code < 500, (method, url, body, response.content[:500])
