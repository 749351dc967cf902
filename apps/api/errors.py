"""How exceptions from services and selectors become JSON answers: always {"detail": ...};
and how the OpenAPI document describes those answers."""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from apps.api.schemas.common import ErrorOut, ValidationErrorOut
from apps.core.errors import ConcurrentEditError
from apps.core.storage import DocumentUnreadable

# Model field → the name the API uses for it, so that error locations match the request.
API_FIELD_NAMES = {
    "assignee": "assignee_id",
    "office": "office_id",
    "district": "district_id",
    "participants": "participant_ids",
    "topics": "topic_codes",
    "person": "person_id",
    "type": "type_code",
    "child": "child_id",
}
NON_FIELD = "__all__"
# Where ninja places request-body errors: every write operation names its body `payload`.
BODY = ["body", "payload"]


def validation_errors(exc: ValidationError) -> list[dict]:
    """Django's errors in the shape ninja uses for pydantic's: [{loc, msg, type}]."""
    if not hasattr(exc, "error_dict"):
        return [{"loc": BODY, "msg": str(message), "type": "invalid"} for message in exc.messages]
    errors = []
    for field, messages in exc.message_dict.items():
        loc = BODY if field == NON_FIELD else [*BODY, API_FIELD_NAMES.get(field, field)]
        errors.extend({"loc": loc, "msg": str(message), "type": "invalid"} for message in messages)
    return errors


def _respond(api: NinjaAPI, request: HttpRequest, status: int, detail) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


def _not_found(request, exc, *, api: NinjaAPI) -> HttpResponse:
    # Same answer whether the object does not exist or belongs to someone else.
    return _respond(api, request, 404, "Not found.")


def _permission_denied(request, exc, *, api: NinjaAPI) -> HttpResponse:
    needed = f" ({exc})" if str(exc) else ""
    return _respond(api, request, 403, f"You do not have the permission for this action{needed}.")


def _concurrent_edit(request, exc, *, api: NinjaAPI) -> HttpResponse:
    return _respond(api, request, 409, " ".join(str(m) for m in exc.messages))


def _invalid(request, exc, *, api: NinjaAPI) -> HttpResponse:
    return _respond(api, request, 422, validation_errors(exc))


def _document_unreadable(request, exc, *, api: NinjaAPI) -> HttpResponse:
    # The file exists but cannot be read (a removed key, a lost file): the operator can
    # repair it, so 503 rather than a server error; the attempt is audited as failed.
    return _respond(api, request, 503, "The stored file of this document cannot be read at the moment.")


def _unauthenticated(request, exc, *, api: NinjaAPI) -> HttpResponse:
    response = _respond(api, request, 401, "Authentication required: send 'Authorization: Bearer <token>' "
                                          "with a valid, unrevoked token.")
    response["WWW-Authenticate"] = "Bearer"
    return response


def install_handlers(api: NinjaAPI) -> None:
    """Register the handlers; the most specific class wins (ConcurrentEditError before
    ValidationError), as ninja looks them up along the exception's MRO."""
    handlers = {
        Http404: _not_found,
        PermissionDenied: _permission_denied,
        ConcurrentEditError: _concurrent_edit,
        ValidationError: _invalid,
        AuthenticationError: _unauthenticated,
        DocumentUnreadable: _document_unreadable,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, partial(handler, api=api))


def _ref(schema, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema.__name__}"}}}}


def document_errors(openapi: dict) -> dict:
    """Add the answers every operation may give besides its own to the OpenAPI document, so
    that it describes what the API answers: 401 and 403 wherever a token is needed, 422 (a
    list of errors) wherever there is input, 400 for a body that is not JSON, 404 for an id
    in the path that is unknown or not visible."""
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorOut, ValidationErrorOut):
        definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(definition.pop("$defs", {}))
        schemas[model.__name__] = definition
    for path, item in openapi.get("paths", {}).items():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            if operation.get("security"):
                responses.setdefault("401", _ref(ErrorOut, "No valid token."))
                responses.setdefault("403", _ref(ErrorOut, "The token's user lacks the permission."))
            else:
                # Operations without a token are rate-limited per address.
                responses.setdefault("429", _ref(ErrorOut, "Too many requests from this address."))
            if operation.get("parameters") or operation.get("requestBody"):
                # Ninja's own validation and ValidationError from services both answer a list.
                responses["422"] = _ref(ValidationErrorOut, "Invalid input.")
            if operation.get("requestBody"):
                responses.setdefault("400", _ref(ErrorOut, "The body is not valid JSON."))
            names = [p.get("name", "") for p in operation.get("parameters", [])]
            if "{" in path or any(name.endswith("_id") for name in names):
                responses.setdefault("404", _ref(ErrorOut, "Not found, or not visible to you."))
    return openapi
