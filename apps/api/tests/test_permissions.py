"""Every API operation declares who may call it (apps/api/permissions.py), and the
declaration is enforced and documented."""

import pytest
from ninja import NinjaAPI, Router

from apps.api.api import api
from apps.api.permissions import access_of, operations, permissions_of, requires, signed_in
from apps.core.permissions import PERMISSIONS

OPERATIONS = operations(api)


def undeclared(ninja_api) -> list[str]:
    return [f"{method} {path}" for method, path, op in operations(ninja_api) if access_of(op.view_func) is None]


def test_the_check_finds_an_operation_without_a_declaration():
    router = Router()

    @router.get("/declared")
    @signed_in
    def declared(request):
        return {}

    @router.get("/forgotten")
    def forgotten(request):
        return {}

    toy = NinjaAPI(urls_namespace="toy-permissions")
    toy.add_router("", router)
    assert undeclared(toy) == ["GET /forgotten"]


@pytest.mark.parametrize("method,path,operation", OPERATIONS, ids=[f"{m} {p}" for m, p, _op in OPERATIONS])
def test_every_api_operation_declares_its_permission(method, path, operation):
    access = access_of(operation.view_func)
    assert access is not None, f"{method} {path} declares no permission: add @requires(...), @signed_in or @public"
    assert access in {"login", "public"} or set(permissions_of(access)) <= set(PERMISSIONS)
    # Only the migrants' endpoints go without a token, and they are exactly the public ones.
    assert (access == "public") == (not operation.auth_callbacks)


def test_the_openapi_document_names_the_permission_and_the_refusal(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    update_case = paths["/api/v1/cases/{case_id}"]["patch"]
    assert update_case["x-permission"] == "perm:case.write"
    assert "403" in update_case["responses"]
    assert "`case.write`" in update_case["description"]
    hosting = paths["/api/v1/hosting-requests"]["get"]
    assert hosting["x-permission"] == "perm:mobile.host|mobile.plan" and "403" in hosting["responses"]
    assert paths["/api/v1/programmes"]["get"]["x-permission"] == "login"
    assert paths["/api/v1/public/bookings"]["post"]["x-permission"] == "public"
    for path, item in paths.items():
        for method, operation in item.items():
            assert "x-permission" in operation, f"{method} {path}"
            if operation["x-permission"].startswith("perm:"):
                assert "403" in operation["responses"], f"{method} {path} does not document its refusal"


def test_a_user_without_the_permission_is_refused_before_the_body_is_read(api_as, personas):
    # The statistics viewer holds no case.write anywhere: 403 whatever the body, even garbage.
    refused = api_as(personas.statistics).post("/cases", raw="not json at all")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "You do not have the permission for this action (case.write)."}
    # The same garbage from a counsellor reaches the body validation.
    assert api_as(personas.counsellor).post("/cases", raw="not json at all").status_code in {400, 422}


def test_any_of_several_permissions_suffices(api_as, personas):
    assert api_as(personas.partner).get("/hosting-requests").status_code == 200  # mobile.host
    assert api_as(personas.team_lead).get("/hosting-requests").status_code == 200  # mobile.plan
    assert api_as(personas.counsellor).get("/hosting-requests").status_code == 403


def test_an_unknown_permission_is_a_programming_error():
    with pytest.raises(ValueError):
        requires("case.delete")
    with pytest.raises(ValueError):
        requires()
