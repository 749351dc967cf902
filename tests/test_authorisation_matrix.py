"""The authorisation matrix: every route, every persona, the expected answer.

Web: a route without a declared access policy fails here, and so does a route this file
does not know how to fill: adding a view means adding it to the matrix.

API: every operation of the API with every persona's token. The answer is exact: 401
without a token, 403 when the user holds the operation's declared permission in no
organisation, 404 when the object lies outside the user's scope, else success (the
documented 2xx with the object). Every write is sent with a valid body built for its
target (tests/matrix/api_writes.py), so an outsider's write can only be stopped by the
scope or permission check, never by a 422; each write runs in a savepoint that is rolled
back, so every check starts from the same world.

The world holds a restricted case too: every route of a case runs against it as well
(only the assigned counsellor and holders of case.restricted.read reach it).
"""

import dataclasses
import importlib
import json
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from apps.accounts.selectors import organisation_ids_with, user_has_perm
from apps.api.api import api as ninja_api
from apps.api.permissions import access_of, operations, permissions_of
from apps.cases import services as case_services
from apps.clients import services as client_services
from apps.clients.models import Consent

PERSONAS = ["anonymous", "counsellor", "counsellor_speyer", "team_lead", "hotline", "iom_dpo", "iom_admin",
            "network_admin", "diakonie_counsellor", "coordinator", "authority", "partner", "statistics"]
# "internal": for machines (/metrics), allowed by network or token, never by role; the test
# client asks from loopback, which the default METRICS_ALLOWED_IPS lets in (apps/core/tests/test_metrics.py
# proves the refusals).
KNOWN_POLICIES = {"public", "login", "second-factor", "api", "internal"}
SUCCESS = {200, 302}
# Personas assigned to the world's cases (the restricted one included): make_case assigns its author.
ASSIGNED = {"counsellor"}


def walk(patterns=None, prefix="", namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry.callback


ROUTES = sorted(walk())


@pytest.mark.parametrize("name,pattern,callback", ROUTES, ids=[r[0] + ":" + r[1] for r in ROUTES])
def test_every_route_declares_who_may_see_it(name, pattern, callback):
    policy = getattr(callback, "access_policy", None)
    assert policy in KNOWN_POLICIES or (policy or "").startswith("perm:"), f"{name} declares no access policy"


@pytest.fixture
def world(personas, orgs, iom_case, restricted_case):
    principal = iom_case.household.members.get().person
    session = case_services.session_record(actor=personas.counsellor, case=iom_case,
                                           data={"channel": "office", "language": "fa"})
    task = case_services.task_create(actor=personas.counsellor, case=iom_case, title="Call")
    consent = client_services.consent_record(actor=personas.counsellor, person=principal, data={
        "purpose": Consent.Purpose.COUNSELLING, "form": "oral", "language": "fa"})
    membership = personas.counsellor.memberships.get()
    child = client_services.person_create(actor=personas.counsellor, organisation=orgs.iom,
                                          data={"family_name": "Hosseini", "given_names": "Sara"})
    member = client_services.household_add_member(actor=personas.counsellor, household=iom_case.household,
                                                  person=child, relationship="child")
    return SimpleNamespace(case=iom_case, person=principal, session=session, task=task, consent=consent,
                           membership=membership, member=member, personas=personas, orgs=orgs,
                           restricted_case=restricted_case)


# Apps of issue 3 onwards add their objects in tests/matrix/<app>.py: a function
# extend(world) returning a Scope with URL prefixes, named URL values and API ids.
EXTENSIONS = ["outreach", "assessments", "referrals", "countryinfo", "documents", "disclosures", "programmes",
              "applications", "reintegration", "mobile", "tours", "appointments", "jobs", "portal_booking", "portal",
              "hotline", "events", "exports", "network", "reports", "privacy", "privacy_access", "duplicates"]


@dataclass
class Target:
    """The object a URL names and the organisation it belongs to (scope of the 404 check;
    None for network-wide objects such as directories: the permission anywhere suffices).

    `read` and `write` are the permissions that reach the object in its organisation (None:
    every signed-in user). A `restricted` target is part of a restricted case: only its
    assigned counsellors and holders of case.restricted.read reach it. `refusal` is the
    answer to a user who holds the permission, but not for this object."""

    obj: object
    org: object | None
    read: str | None = "case.read"
    write: str = "case.write"
    restricted: bool = False
    refusal: int = 404
    owner: str | None = None  # a persona's own object (an export): everybody else gets 404


@dataclass
class Scope:
    prefixes: dict[str, Target] = field(default_factory=dict)  # path prefix → object behind <pk>
    values: dict[str, Target] = field(default_factory=dict)  # other URL parameters by name
    api_ids: dict[str, Target] = field(default_factory=dict)  # API path (and body) parameters by name


def base_scope(world) -> Scope:
    iom = world.orgs.iom
    case, session, task, person = (Target(o, iom) for o in (world.case, world.session, world.task, world.person))
    household = Target(world.case.household, iom)
    return Scope(
        prefixes={"cases/": case, "sessions/": session, "tasks/": task, "clients/persons/": person,
                  "accounts/members/": Target(world.membership, iom)},
        values={"consent_pk": Target(world.consent, iom), "person_pk": person,
                "member_pk": Target(world.member, iom)},
        api_ids={"case_id": case, "person_id": person, "session_id": session, "task_id": task,
                 "household_id": household},
    )


@pytest.fixture
def scope(world) -> Scope:
    merged = base_scope(world)
    for name in EXTENSIONS:
        extra = importlib.import_module(f"tests.matrix.{name}").extend(world)
        merged.prefixes.update(extra.prefixes)
        merged.values.update(extra.values)
        merged.api_ids.update(extra.api_ids)
    return merged


def restricted_target(world) -> Target:
    return Target(world.restricted_case, world.orgs.iom, restricted=True)


def in_scope(persona: str, world, permission: str | None, target: Target | None) -> bool:
    """Whether the persona reaches `target` with `permission` (None: every signed-in user)."""
    if persona == "anonymous":
        return False
    if permission is None:
        return True
    user = getattr(world.personas, persona)
    if target is None or target.org is None:
        return user_has_perm(user, permission)
    if target.org.pk not in organisation_ids_with(user, permission):
        return False
    return not target.restricted or persona in ASSIGNED or target.org.pk in organisation_ids_with(
        user, "case.restricted.read")


# --- Web --------------------------------------------------------------------------------

FIXED_VALUES = {"uidb64": "MQ", "token": "set-password"}


def fill(pattern: str, scope: Scope) -> tuple[str | None, Target | None]:
    """The URL for a route with objects of the world, and the object that scopes it."""
    values = {name: target.obj.pk for name, target in scope.values.items()} | FIXED_VALUES
    target = None
    if "<int:pk>" in pattern or "<pk>" in pattern:
        # The longest matching prefix wins (cases/<pk>/ vs. a more specific extension prefix).
        for prefix in sorted(scope.prefixes, key=len, reverse=True):
            if pattern.startswith(prefix):
                target = scope.prefixes[prefix]
                values["pk"] = target.obj.pk
                break
        else:
            return None, None
    else:
        named = [scope.values[n] for n in re.findall(r"<(?:\w+:)?(\w+)>", pattern) if n in scope.values]
        target = named[0] if named else None
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), values.get("pk", "x"))), pattern)
    return "/" + path.replace("^", "").replace("$", ""), target


def expected(policy: str, persona: str, target: Target | None, world) -> set[int]:
    if policy == "internal":
        return {200}
    if persona == "anonymous":
        return {200, 302, 405} if policy == "public" else {302}
    if target is not None and target.owner and persona != target.owner:
        return {404}
    if policy in {"public", "login", "second-factor"}:
        return SUCCESS | {405}
    permission = policy.removeprefix("perm:")
    if not user_has_perm(getattr(world.personas, persona), permission):
        return {403}
    if target is not None and not in_scope(persona, world, permission, target):
        return {404}
    return SUCCESS


WEB_ROUTES = [r for r in ROUTES if getattr(r[2], "access_policy", None) != "api"]


def web_variants(pattern: str, scope: Scope, world) -> list[Scope]:
    """The world's scope, and for a page of one case (no other parameter) the restricted case's."""
    if not re.fullmatch(r"cases/<int:pk>/[^<]*", pattern):
        return [scope]
    return [scope, dataclasses.replace(scope, prefixes={**scope.prefixes, "cases/": restricted_target(world)})]


@pytest.mark.parametrize("persona", PERSONAS)
def test_authorisation_matrix_web(client, world, scope, persona):
    failures = []
    for name, pattern, callback in WEB_ROUTES:
        for variant in web_variants(pattern, scope, world):
            if persona != "anonymous":  # again each time: the sign-out routes end the session
                user = getattr(world.personas, persona)
                client.force_login(type(user).objects.get(pk=user.pk))
            url, target = fill(pattern, variant)
            assert url is not None, f"add {name} ({pattern}) to the authorisation matrix"
            status = client.get(url).status_code
            if status == 405:  # POST-only: ask again the way a form would
                status = client.post(url, {}).status_code
            allowed = expected(callback.access_policy, persona, target, world)
            if status not in allowed:
                failures.append(f"{name} {url}: {status}, expected {sorted(allowed)}")
    assert not failures, "\n".join(failures)


# --- API --------------------------------------------------------------------------------

API_ROOT = "/api/v1"
API_OPERATIONS = operations(ninja_api)
API_READS = [row for row in API_OPERATIONS if row[0] == "GET"]
API_WRITES = [row for row in API_OPERATIONS if row[0] != "GET"]


def api_variants(path: str, scope: Scope, world) -> list[dict[str, Target]]:
    """The world's objects, and for a route below a case the restricted case as well."""
    if "{case_id}" not in path:
        return [scope.api_ids]
    return [scope.api_ids, {**scope.api_ids, "case_id": restricted_target(world)}]


def fill_api(path: str, ids: dict[str, Target]) -> tuple[str, Target | None]:
    names = re.findall(r"{(\w+)}", path)
    url = API_ROOT + re.sub(r"{(\w+)}", lambda m: str(ids[m.group(1)].obj.pk), path)
    # The innermost parameter names the object the operation acts on.
    return url, ids[names[-1]] if names else None


def refusal(access: str, persona: str, world, target: Target | None, permission: str | None) -> int | None:
    """The answer that refuses the persona, or None when the operation must succeed."""
    if access == "public":
        return None
    if persona == "anonymous":
        return 401
    user = getattr(world.personas, persona)
    if access != "login" and not any(user_has_perm(user, p) for p in permissions_of(access)):
        return 403
    if target is not None and not in_scope(persona, world, permission, target):
        return target.refusal
    return None


def token_headers(world, persona: str) -> dict:
    from apps.api.services import api_token_create

    if persona == "anonymous":
        return {}
    user = getattr(world.personas, persona)
    return {"HTTP_AUTHORIZATION": "Bearer " + api_token_create(actor=None, user=user, name="matrix")[1]}


def success_codes(operation) -> set[int]:
    return {int(code) for code in operation.response_models if 200 <= int(code) < 300}


@pytest.mark.parametrize("persona", PERSONAS)
def test_authorisation_matrix_api_reads(client, world, scope, persona):
    """Every GET operation: exactly 401, 403, 404 or 200."""
    headers = token_headers(world, persona)
    failures = []
    assert client.get(f"{API_ROOT}/openapi.json", **headers).status_code == 200
    for _method, path, operation in API_READS:
        access = access_of(operation.view_func)
        for ids in api_variants(path, scope, world):
            url, target = fill_api(path, ids)
            status = client.get(url, **headers).status_code
            refused = refusal(access, persona, world, target, target.read if target else None)
            wanted = {refused} if refused else {200}
            if status not in wanted:
                failures.append(f"GET {url} as {persona}: {status}, expected {sorted(wanted)}")
    assert not failures, "\n".join(failures)


def send_write(client, method: str, url: str, call, headers: dict):
    if call.files is not None:
        return client.post(url, {**call.body, **call.files}, **headers)
    return getattr(client, method.lower())(url, json.dumps(call.body), content_type="application/json", **headers)


def succeeded(response, method: str, target: Target | None) -> bool:
    """Allowed means the object in the answer: a PATCH answers with the object it changed."""
    data = response.json()
    if not data:
        return False
    return method != "PATCH" or data.get("id") == target.obj.pk


@pytest.mark.parametrize("persona", PERSONAS)
def test_authorisation_matrix_api_writes(client, world, scope, persona):
    """Every write with a valid body: the outsider gets exactly 401, 403 or 404 (never 422,
    never 2xx), the allowed persona the documented success with the object."""
    writes = importlib.import_module("tests.matrix.api_writes")
    headers = token_headers(world, persona)
    failures = []
    for method, path, operation in API_WRITES:
        name = operation.view_func.__name__
        assert name in writes.WRITES, f"add a valid body for {name} ({method} {path}) to tests/matrix/api_writes.py"
        for ids in api_variants(path, scope, world):
            with transaction.atomic():
                call = writes.WRITES[name](writes.Ctx(world, ids))
                url, target = fill_api(path, {**ids, **call.path})
                target = call.target or target
                response = send_write(client, method, url, call, headers)
                transaction.set_rollback(True)
            refused = refusal(access_of(operation.view_func), persona, world, target,
                              target.write if target else None)
            wanted = {refused} if refused else success_codes(operation)
            if response.status_code not in wanted or (not refused and not succeeded(response, method, target)):
                failures.append(f"{method} {url} as {persona}: {response.status_code} {response.content[:300]!r}, "
                                f"expected {sorted(wanted)}")
    assert not failures, "\n".join(failures)


def test_every_api_write_has_a_valid_body_in_the_matrix():
    writes = importlib.import_module("tests.matrix.api_writes")
    names = {operation.view_func.__name__ for _method, _path, operation in API_WRITES}
    assert names == set(writes.WRITES), "tests/matrix/api_writes.py and the API's writes differ"
