"""The authorisation matrix: every route, every persona, the expected answer.

A route without a declared access policy fails here, and so does a route this file does
not know how to fill: adding a view means adding it to the matrix.
"""

import re
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from apps.accounts.selectors import organisation_ids_with, user_has_perm
from apps.cases import services as case_services
from apps.clients import services as client_services
from apps.clients.models import Consent

PERSONAS = ["anonymous", "counsellor", "counsellor_speyer", "team_lead", "hotline", "iom_dpo", "iom_admin",
            "diakonie_counsellor", "coordinator", "authority", "partner", "statistics"]
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


# Which object each URL parameter names, by the route's path prefix (IOM's objects).
def fill(pattern: str, world) -> str | None:
    values = {
        "consent_pk": world.consent.pk, "person_pk": world.person.pk, "member_pk": world.member.pk,
        "uidb64": "MQ", "token": "set-password",
    }
    if "<int:pk>" in pattern or "<pk>" in pattern:
        for prefix, obj in (("cases/", world.case), ("sessions/", world.session), ("tasks/", world.task),
                            ("clients/persons/", world.person), ("accounts/members/", world.membership),
                            ("api/v1/cases/", world.case), ("api/v1/sessions/", world.session),
                            ("api/v1/tasks/", world.task), ("api/v1/persons/", world.person),
                            ("api/v1/households/", world.case.household)):
            if pattern.startswith(prefix):
                values["pk"] = obj.pk
                break
        else:
            return None
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), values.get("pk", "x"))), pattern)
    path = re.sub(r"\{(\w+)\}", lambda m: str(values.get("pk")), path)
    return "/" + path.replace("^", "").replace("$", "")


def scoped_to_iom(pattern: str) -> bool:
    return bool(re.search(r"<(?:int:)?(pk|consent_pk|person_pk|member_pk)>", pattern))


def expected(policy: str, persona: str, pattern: str, world) -> set[int]:
    if persona == "anonymous":
        return {200, 302, 405} if policy == "public" else {302}
    if policy in {"public", "login", "second-factor"}:
        return SUCCESS | {405}
    permission = policy.removeprefix("perm:")
    user = getattr(world.personas, persona)
    if not user_has_perm(user, permission):
        return {403}
    if scoped_to_iom(pattern) and world.orgs.iom.pk not in organisation_ids_with(user, permission):
        return {404}
    return SUCCESS


WEB_ROUTES = [r for r in ROUTES if getattr(r[2], "access_policy", None) != "api"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_authorisation_matrix_web(client, world, persona):
    failures = []
    for name, pattern, callback in WEB_ROUTES:
        if persona != "anonymous":  # again each time: the sign-out routes end the session
            user = getattr(world.personas, persona)
            client.force_login(type(user).objects.get(pk=user.pk))
        url = fill(pattern, world)
        assert url is not None, f"add {name} ({pattern}) to the authorisation matrix"
        policy = callback.access_policy
        status = client.get(url).status_code
        if status == 405:  # POST-only: ask again the way a form would
            status = client.post(url, {}).status_code
        if status not in expected(policy, persona, pattern, world):
            failures.append(f"{name} {url}: {status}, expected {sorted(expected(policy, persona, pattern, world))}")
    assert not failures, "\n".join(failures)


API_ROUTES = sorted({pattern for _name, pattern, cb in ROUTES
                     if getattr(cb, "access_policy", None) == "api" and "<rest>" not in pattern
                     and pattern != "api/v1/"})
API_IDS = {"case_id": "case", "person_id": "person", "session_id": "session", "task_id": "task",
           "household_id": "household"}


def fill_api(pattern: str, world) -> str:
    objects = {"case": world.case, "person": world.person, "session": world.session, "task": world.task,
               "household": world.case.household}
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(objects[API_IDS[m.group(1)]].pk), pattern)


@pytest.mark.parametrize("persona", PERSONAS)
def test_authorisation_matrix_api(client, world, persona):
    """Every API route and method with every persona's token: outsiders never succeed."""
    from apps.api.services import api_token_create

    headers = {}
    if persona != "anonymous":
        user = getattr(world.personas, persona)
        headers["HTTP_AUTHORIZATION"] = "Bearer " + api_token_create(actor=None, user=user, name="matrix")[1]
    reads_iom = persona != "anonymous" and world.orgs.iom.pk in organisation_ids_with(
        getattr(world.personas, persona), "case.read")
    writes_iom = persona != "anonymous" and world.orgs.iom.pk in organisation_ids_with(
        getattr(world.personas, persona), "case.write")
    failures = []
    for pattern in API_ROUTES:
        url = fill_api(pattern, world)
        public_doc = pattern.endswith("openapi.json")
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
            elif persona == "anonymous":
                ok = {401}
            elif method == "get":
                ok = {200} if reads_iom or "<" not in pattern else {404}
            elif writes_iom:
                ok = {200, 201, 409, 422}
            else:  # an outsider's write is refused; an empty body may be refused first (422)
                ok = {403, 404, 422}
            if status not in ok:
                failures.append(f"{method.upper()} {url} as {persona}: {status}, expected {sorted(ok)}")
    assert not failures, "\n".join(failures)
