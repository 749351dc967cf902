"""Events of the network: /events (published events), /events/{event_id} (with one's own
registration), registering oneself and cancelling one's registration (network.participate).
Organising stays in the back office."""

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import RECORD_ERRORS
from apps.api.schemas.common import ErrorOut, PathId
from apps.api.schemas.events import EventDetailOut, EventOut, MyRegistrationOut, RegistrationIn
from apps.core.links import site_url_of
from apps.events import selectors, services
from apps.events.models import Event, Registration

router = Router()
PARTICIPATE = "network.participate"


def _mine(registration: Registration | None) -> dict | None:
    if registration is None:
        return None
    event = registration.event
    confirmed = registration.holds_seat and event.status == Event.Status.PUBLISHED
    return {"id": registration.pk, "status": registration.status,
            "waiting_position": selectors.waiting_position(registration),
            "online_link": event.online_link if confirmed else ""}


@router.get("/events", response=list[EventOut], summary="List the network's events")
@requires(PARTICIPATE)
@paginate(Page)
def list_events(request: HttpRequest, past: bool = False):
    """Published events, upcoming first (`past=true`: those that have ended, newest first)."""
    now = timezone.now()
    if past:
        return selectors.published_events_for(request.auth).filter(ends_at__lt=now).order_by("-starts_at", "-id")
    return selectors.published_events_for(request.auth).filter(ends_at__gte=now).order_by("starts_at", "id")


@router.get("/events/{event_id}", response={200: EventDetailOut, 404: ErrorOut}, summary="Read an event")
@requires(PARTICIPATE)
def get_event(request: HttpRequest, event_id: PathId):
    """One published event with your own registration (if any)."""
    event = selectors.published_event_for(request.auth, event_id)
    event.my_registration = _mine(selectors.own_registration(request.auth, event))
    return event


@router.post("/events/{event_id}/registration", response={201: MyRegistrationOut, **RECORD_ERRORS},
             summary="Register yourself for an event")
@requires(PARTICIPATE)
def register_for_event(request: HttpRequest, event_id: PathId, payload: RegistrationIn):
    """Registers the token's user (name, e-mail and organisation from the account): a confirmed
    place while places are free, else the waiting list. The confirmation mail carries a
    calendar entry. Registration closed, or already registered: 422."""
    event = selectors.published_event_for(request.auth, event_id)
    registration, _token = services.registration_create_for_user(
        actor=request.auth, event=event, accessibility_needs=payload.accessibility_needs, consent=payload.consent,
        base_url=site_url_of(request), language=payload.language)
    return Status(201, _mine(registration))


@router.post("/events/{event_id}/registration/cancel", response={200: MyRegistrationOut, **RECORD_ERRORS},
             summary="Cancel your registration")
@requires(PARTICIPATE)
def cancel_event_registration(request: HttpRequest, event_id: PathId):
    """Cancels your active registration; a freed place goes to the first on the waiting list.
    No active registration: 404."""
    event = selectors.published_event_for(request.auth, event_id)
    mine = selectors.own_registration(request.auth, event)
    if mine is None or mine.status not in (Registration.Status.CONFIRMED, Registration.Status.WAITING):
        raise Http404
    registration = services.registration_cancel(registration=mine, actor=request.auth)
    return _mine(registration)
