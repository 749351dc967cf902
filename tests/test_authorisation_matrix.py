"""The authorisation matrix: every route, every persona, the expected answer.

A route without a declared access policy fails here, and so does a route this file does
not know how to fill: adding a view means adding it to the matrix.
"""

import importlib
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from apps.accounts.selectors import organisation_ids_with, user_has_perm
from apps.cases import services as case_services
from apps.clients import services as client_services
from apps.clients.models import Consent

PERSONAS = ["anonymous", "counsellor", "counsellor_speyer", "team_lead", "hotline", "iom_dpo", "iom_admin",
            "network_admin", "diakonie_counsellor", "coordinator", "authority", "partner", "statistics"]
KNOWN_POLICIES = {"public", "login", "second-factor", "api"}
SUCCESS = {200, 302}


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
def world(personas, orgs, iom_case):
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
                           membership=membership, member=member, personas=personas, orgs=orgs)


# Apps of issue 3 onwards add their objects in tests/matrix/<app>.py: a function
# extend(world) returning a Scope with URL prefixes, named URL values and API ids.
EXTENSIONS = ["assessments", "referrals", "countryinfo", "documents", "disclosures", "programmes",
              "applications", "reintegration", "mobile", "tours", "appointments", "jobs"]


@dataclass
class Target:
    """The object a URL names and the organisation it belongs to (scope of the 404 check;
    None for network-wide objects such as directories: the permission anywhere suffices).

    `permission` overrides the one the route declares for the scope check (API routes
    declare none: there case.read / case.write decide unless given here)."""

    obj: object
    org: object | None
    read: str | None = "case.read"  # None: every signed-in user
    write: str = "case.write"


@dataclass
class Scope:
    prefixes: dict[str, Target] = field(default_factory=dict)  # path prefix → object behind <pk>
    values: dict[str, Target] = field(default_factory=dict)  # other URL parameters by name
    api_ids: dict[str, Target] = field(default_factory=dict)  # API path parameters by name
    # Permission (in any organisation) that a write to an API route without ids needs, by prefix.
    api_writes: dict[str, str] = field(default_factory=dict)


def base_scope(world) -> Scope:
    iom = world.orgs.iom
    case, session, task, person = (Target(o, iom) for o in (world.case, world.session, world.task, world.person))
    household = Target(world.case.household, iom)
    return Scope(
        prefixes={"cases/": case, "sessions/": session, "tasks/": task, "clients/persons/": person,
                  "accounts/members/": Target(world.membership, iom), "api/v1/cases/": case,
                  "api/v1/sessions/": session, "api/v1/tasks/": task, "api/v1/persons/": person,
                  "api/v1/households/": household},
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
        merged.api_writes.update(extra.api_writes)
    return merged


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
    if persona == "anonymous":
        return {200, 302, 405} if policy == "public" else {302}
    if policy in {"public", "login", "second-factor"}:
        return SUCCESS | {405}
    permission = policy.removeprefix("perm:")
    user = getattr(world.personas, persona)
    if not user_has_perm(user, permission):
        return {403}
    if target is not None and target.org is not None and target.org.pk not in organisation_ids_with(user, permission):
        return {404}
    return SUCCESS


WEB_ROUTES = [r for r in ROUTES if getattr(r[2], "access_policy", None) != "api"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_authorisation_matrix_web(client, world, scope, persona):
    failures = []
    for name, pattern, callback in WEB_ROUTES:
        if persona != "anonymous":  # again each time: the sign-out routes end the session
            user = getattr(world.personas, persona)
            client.force_login(type(user).objects.get(pk=user.pk))
        url, target = fill(pattern, scope)
        assert url is not None, f"add {name} ({pattern}) to the authorisation matrix"
        policy = callback.access_policy
        status = client.get(url).status_code
        if status == 405:  # POST-only: ask again the way a form would
            status = client.post(url, {}).status_code
        allowed = expected(policy, persona, target, world)
        if status not in allowed:
            failures.append(f"{name} {url}: {status}, expected {sorted(allowed)}")
    assert not failures, "\n".join(failures)


API_ROUTES = sorted({pattern for _name, pattern, cb in ROUTES
                     if getattr(cb, "access_policy", None) == "api" and "<rest>" not in pattern
                     and pattern != "api/v1/"})


def fill_api(pattern: str, scope: Scope) -> tuple[str, Target | None]:
    names = re.findall(r"<(?:\w+:)?(\w+)>", pattern)
    url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(scope.api_ids[m.group(1)].obj.pk), pattern)
    # The innermost parameter names the object the route acts on.
    return url, scope.api_ids[names[-1]] if names else None


def holds(persona: str, world, permission: str | None, org) -> bool:
    if permission is None:  # every signed-in user
        return persona != "anonymous"
    if org is None:
        return holds_anywhere(persona, world, permission)
    return persona != "anonymous" and org.pk in organisation_ids_with(getattr(world.personas, persona), permission)


def holds_anywhere(persona: str, world, permission: str) -> bool:
    return persona != "anonymous" and user_has_perm(getattr(world.personas, persona), permission)


def list_write_permission(pattern: str, scope: Scope) -> str:
    for prefix in sorted(scope.api_writes, key=len, reverse=True):
        if pattern.startswith(prefix):
            return scope.api_writes[prefix]
    return "case.write"


@pytest.mark.parametrize("persona", PERSONAS)
def test_authorisation_matrix_api(client, world, scope, persona):
    """Every API route and method with every persona's token: outsiders never succeed."""
    from apps.api.services import api_token_create

    headers = {}
    if persona != "anonymous":
        user = getattr(world.personas, persona)
        headers["HTTP_AUTHORIZATION"] = "Bearer " + api_token_create(actor=None, user=user, name="matrix")[1]
    failures = []
    for pattern in API_ROUTES:
        url, target = fill_api(pattern, scope)
        public_doc = pattern.endswith("openapi.json")
        public_api = pattern.startswith("api/v1/public/")  # the migrants' site: no token, no personal data
        for method in ("get", "post", "patch"):
            if method == "get":
                response = client.get(url, **headers)
            else:
                response = getattr(client, method)(url, "{}", content_type="application/json", **headers)
            status = response.status_code
            if status == 405:
                continue
            if public_doc:
                ok = {200}
            elif public_api:  # the same for every persona; an empty booking body is refused
                ok = {200} if method == "get" else {422}
            elif persona == "anonymous":
                ok = {401}
            elif method == "get":
                ok = {200} if target is None or holds(persona, world, target.read, target.org) else {404, 403}
            elif (holds_anywhere(persona, world, list_write_permission(pattern, scope)) if target is None
                  else holds(persona, world, target.write, target.org)):
                ok = {200, 201, 409, 422}
            else:  # an outsider's write is refused; an empty body may be refused first (422)
                ok = {403, 404, 422}
            if status not in ok:
                failures.append(f"{method.upper()} {url} as {persona}: {status}, expected {sorted(ok)}")
    assert not failures, "\n".join(failures)
