"""The hotline desk: calls and callback requests (hotline.take, in the user's organisations)."""

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import EDIT_ERRORS, RECORD_ERRORS, district, invalid
from apps.api.schemas.common import ErrorOut, PathId
from apps.api.schemas.hotline import (
    AttemptIn,
    CallbackCreateIn,
    CallbackFilters,
    CallbackOut,
    CallCreateIn,
    CallFilters,
    CallOut,
    CloseIn,
)
from apps.hotline import selectors, services

router = Router()
PAGE_PARAMETERS = {"limit", "offset"}


def _known_parameters_only(request: HttpRequest, *names: str) -> None:
    """A misspelt filter is a 422, not silently ignored (like an unknown field in a body)."""
    unknown = sorted(set(request.GET) - PAGE_PARAMETERS - set(names))
    if unknown:
        raise invalid(unknown[0][:50], "Unknown query parameter.")


@router.get("/hotline/calls", response=list[CallOut], summary="List logged calls")
@requires("hotline.take")
@paginate(Page)
def list_calls(request: HttpRequest, filters: Query[CallFilters]):
    """Calls of your organisations (hotline.take), newest first; without callers' names or numbers."""
    _known_parameters_only(request, "since")
    calls = selectors.calls_visible_to(request.auth)
    if filters.since is not None:
        calls = calls.filter(started_at__gte=filters.since)
    return calls.order_by("-started_at", "-id")


@router.post("/hotline/calls", response={201: CallOut, **RECORD_ERRORS, 422: ErrorOut}, summary="Log a call")
@requires("hotline.take")
def create_call(request: HttpRequest, payload: CallCreateIn):
    """Log a call in your (first) hotline organisation. Anonymous unless you send a name or number;
    the outcome "callback" puts a callback request into the queue and needs `phone`."""
    data = payload.model_dump(exclude={"district_id", "callback_window"})
    data["district"] = district(payload.district_id)
    data["outcomes"] = [str(outcome) for outcome in payload.outcomes]
    if data["started_at"] is None:
        data.pop("started_at")
    call = services.call_log(actor=request.auth, data=data, callback_window=payload.callback_window)
    return Status(201, call)


@router.get("/hotline/callbacks", response=list[CallbackOut], summary="List callback requests")
@requires("hotline.take")
@paginate(Page)
def list_callbacks(request: HttpRequest, filters: Query[CallbackFilters]):
    """The callback queue of your organisations: open ones by due time, or closed ones, newest
    closed first. They carry phone numbers; the ids you receive are written to the audit log."""
    _known_parameters_only(request, "status")
    return selectors.callback_queue(request.auth, status=filters.status)


@router.post("/hotline/callbacks", response={201: CallbackOut, **RECORD_ERRORS, 422: ErrorOut},
             summary="Add a callback request")
@requires("hotline.take")
def create_callback(request: HttpRequest, payload: CallbackCreateIn):
    """Put a callback request into your organisation's queue, assigned to you and due by the end
    of the next working day."""
    callback = services.callback_create(actor=request.auth, phone=payload.phone, language=payload.language,
                                        window=payload.window, first_name=payload.first_name)
    return Status(201, callback)


@router.post("/hotline/callbacks/{callback_id}/attempts", response={201: CallbackOut, **EDIT_ERRORS,
                                                                    422: ErrorOut},
             summary="Record an attempt to call back")
@requires("hotline.take")
def create_callback_attempt(request: HttpRequest, callback_id: PathId, payload: AttemptIn):
    """Record an attempt (reached, no answer, voicemail, wrong number); a stale `version` is a 409."""
    callback = selectors.callback_for(request.auth, callback_id, audit=False)
    services.callback_attempt_record(actor=request.auth, callback=callback, outcome=payload.outcome,
                                     note=payload.note, expected_version=payload.version)
    return Status(201, selectors.callback_for(request.auth, callback_id, audit=False))


@router.post("/hotline/callbacks/{callback_id}/close", response={200: CallbackOut, **EDIT_ERRORS, 422: ErrorOut},
             summary="Close a callback request")
@requires("hotline.take")
def close_callback(request: HttpRequest, callback_id: PathId, payload: CloseIn):
    """Close an open request with a reason; a stale `version` is a 409, a closed request a 422."""
    callback = selectors.callback_for(request.auth, callback_id, audit=False)
    services.callback_close(actor=request.auth, callback=callback, reason=payload.reason,
                            expected_version=payload.version)
    return selectors.callback_for(request.auth, callback_id, audit=False)
