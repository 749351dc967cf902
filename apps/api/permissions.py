"""How API operations declare who may call them, with the vocabulary of the web views
(apps/core/permissions.py). Place the declaration directly under the router's decorator:

    @router.patch("/cases/{case_id}", ...)
    @requires("case.write")
    def update_case(request, ...): ...

`requires` refuses (403) a token whose user holds none of the permissions in any
organisation, right after authentication and before the request body is read, so that the
answer does not depend on what was sent. Which objects the user reaches is still decided by
the selectors (404), never here. The declaration is recorded on the view function
(`api_access`, read by apps/api/tests/test_permissions.py and the authorisation matrix) and
documented in the OpenAPI operation (`x-permission`, a line in the description, a 403 answer).
"""

from collections.abc import Callable
from functools import partial

from django.core.exceptions import PermissionDenied
from ninja.decorators import decorate_view
from ninja.utils import contribute_operation_callback

from apps.api.schemas.common import ErrorOut
from apps.core.permissions import PERMISSIONS

ATTRIBUTE = "api_access"
# Any valid token; for reference data without personal data (directory, programme rules).
SIGNED_IN = "login"
# No token at all; for the migrants' public endpoints, which carry no personal data.
PUBLIC = "public"


def access_of(view: Callable) -> str | None:
    """What the operation declared: "public", "login" or "perm:a|b"; None when nothing."""
    return getattr(view, ATTRIBUTE, None)


def permissions_of(access: str) -> tuple[str, ...]:
    """The permissions of a "perm:a|b" declaration (any one of them suffices)."""
    return tuple(access.removeprefix("perm:").split("|")) if access.startswith("perm:") else ()


def operations(ninja_api) -> list[tuple[str, str, object]]:
    """(METHOD, path below the API's root, operation) of every operation `ninja_api` serves,
    paths spelt as in the OpenAPI document ("/cases/{case_id}")."""
    found = []
    # The bound routers hold the operations as served (ninja copies each router's operations
    # when it binds them); ninja offers no public way to list them.
    for bound in ninja_api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            full = "/" + "/".join(part.strip("/") for part in (bound.prefix, path) if part.strip("/"))
            for operation in path_view.operations:
                found.extend((method, full, operation) for method in operation.methods)
    return sorted(found, key=lambda row: (row[1], row[0]))


def _document(operation, *, access: str, text: str) -> None:
    operation.openapi_extra = {**(operation.openapi_extra or {}), "x-permission": access}
    operation.description = f"{operation.description}\n\n{text}".strip()
    if 403 not in operation.response_models and access.startswith("perm:"):
        # The refusal is part of the contract (schemathesis checks that every answer is documented).
        operation.response_models[403] = operation._create_response_model(ErrorOut)


def _refuse_without(permissions: tuple[str, ...], run: Callable) -> Callable:
    """Wrap the operation's checks (authentication, throttling) with the permission check.

    ninja re-applies this to every copy of the operation it binds to the API; `run` is the
    bound method of that copy. The check sits between authentication and the reading of the
    body, which ninja does in `run` itself: apps/api/tests/test_permissions.py proves the
    order, so that a ninja upgrade moving it fails there."""
    from apps.accounts.selectors import user_has_perm

    operation = run.__self__
    checks = operation._run_checks

    def run_checks(request):
        refused = checks(request)
        if refused is not None:
            return refused
        if not any(user_has_perm(request.auth, permission) for permission in permissions):
            return operation.api.on_exception(request, PermissionDenied(" / ".join(permissions)))
        return None

    operation._run_checks = run_checks
    return run


def _declare(view: Callable, access: str, text: str) -> Callable:
    if access_of(view) is not None:
        raise ValueError(f"{view.__name__} declares its access twice")
    setattr(view, ATTRIBUTE, access)
    contribute_operation_callback(view, partial(_document, access=access, text=text))
    return view


def requires(*permissions: str) -> Callable:
    """Allow users holding at least one of `permissions` in at least one organisation."""
    unknown = [p for p in permissions if p not in PERMISSIONS]
    if not permissions or unknown:
        raise ValueError(f"unknown permission(s) {unknown or permissions}")

    def decorator(view: Callable) -> Callable:
        named = " or ".join(f"`{p}`" for p in permissions)
        _declare(view, "perm:" + "|".join(permissions),
                 f"Permission: {named} in at least one of your organisations (otherwise 403).")
        return decorate_view(partial(_refuse_without, permissions))(view)

    return decorator


def signed_in(view: Callable) -> Callable:
    """Any valid token: reference data without personal data."""
    return _declare(view, SIGNED_IN, "Permission: any valid token (no personal data).")


def public(view: Callable) -> Callable:
    """No token: the public endpoints of the migrants' site, without personal data."""
    return _declare(view, PUBLIC, "Permission: none, public (no personal data).")
