"""Reads of events, one selector per entity, each taking the acting user.

Published, done and cancelled events are network-wide: every holder of network.participate
reads them. Drafts, registrations (names, e-mail addresses, accessibility needs), attendance,
certificates and feedback results belong to the organising organisation: its members with
network.manage. Anything out of scope is a 404. Public pages (portal) reach an event by its
public link and a registration by its manage token only.
"""

from collections import Counter

from django.db.models import Avg, Count, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.accounts.selectors import organisation_ids_with, user_has_perm
from apps.events.models import Event, EventMaterial, Feedback, Registration
from apps.events.services import token_hash

MANAGE = "network.manage"
PARTICIPATE = "network.participate"
VISIBLE = (Event.Status.PUBLISHED, Event.Status.DONE, Event.Status.CANCELLED)


def events_visible_to(user) -> QuerySet[Event]:
    """Events the user reads: the network's published (done, cancelled) ones with
    network.participate, plus every event of the organisations where they organise."""
    if not getattr(user, "is_authenticated", False):
        return Event.objects.none()
    managed = organisation_ids_with(user, MANAGE)
    events = Event.objects.none()
    if user_has_perm(user, PARTICIPATE):
        events = Event.objects.filter(status__in=VISIBLE)
    if managed:
        events = events | Event.objects.filter(organisation_id__in=managed)
    return events.select_related("organisation", "district").distinct()


def event_for(user, pk: int) -> Event:
    return get_object_or_404(events_visible_to(user), pk=pk)


def published_events_for(user) -> QuerySet[Event]:
    """The network's events a participant sees (no drafts, also not one's own organisation's)."""
    return events_visible_to(user).filter(status__in=VISIBLE)


def published_event_for(user, pk: int) -> Event:
    return get_object_or_404(published_events_for(user), pk=pk)


def event_to_manage(user, pk: int) -> Event:
    """An event of an organisation where the user holds network.manage; else 404."""
    return get_object_or_404(Event.objects.select_related("organisation", "district"),
                             pk=pk, organisation_id__in=organisation_ids_with(user, MANAGE))


def can_manage(user, event: Event) -> bool:
    return user_has_perm(user, MANAGE, event.organisation_id)


def registrations_of(event: Event) -> QuerySet[Registration]:
    """Every registration of an event the caller manages (event_to_manage decided that)."""
    return event.registrations.select_related("organisation", "user").order_by("created_at", "pk")


def registration_to_manage(user, event_pk: int, registration_pk: int) -> Registration:
    event = event_to_manage(user, event_pk)
    return get_object_or_404(registrations_of(event), pk=registration_pk)


def own_registration(user, event: Event) -> Registration | None:
    """The user's active (or last) registration for the event."""
    if not getattr(user, "is_authenticated", False):
        return None
    mine = event.registrations.filter(user=user).order_by("-created_at", "-pk")
    return mine.exclude(status=Registration.Status.CANCELLED).first() or mine.first()


def waiting_position(registration: Registration) -> int | None:
    if registration.status != Registration.Status.WAITING:
        return None
    return registration.event.registrations.filter(
        status=Registration.Status.WAITING, created_at__lte=registration.created_at,
    ).exclude(created_at=registration.created_at, pk__gt=registration.pk).count()


def materials_of(event: Event) -> QuerySet[EventMaterial]:
    return event.materials.defer("data").order_by("uploaded_at", "pk")


def material_for(user, event: Event, material_pk: int) -> EventMaterial:
    """A material of an event the caller reaches (event_for / a registration's event)."""
    return get_object_or_404(EventMaterial, pk=material_pk, event=event)


# --- Public (portal) --------------------------------------------------------------------------

def event_by_public_token(token: str) -> Event:
    """The event behind a public registration link (not drafts); else 404."""
    if not token or len(token) > 100:
        raise Http404
    return get_object_or_404(Event.objects.select_related("organisation", "district"), public_token=token,
                             status__in=VISIBLE)


def registration_by_token(token: str) -> Registration:
    """The registration behind a participant's manage link (compared by its hash); else 404."""
    if not token or len(token) > 100:
        raise Http404
    return get_object_or_404(Registration.objects.select_related("event", "event__organisation",
                                                                 "event__district"),
                             manage_token_hash=token_hash(token))


# --- Figures ----------------------------------------------------------------------------------

def feedback_results(event: Event) -> dict:
    """Averages, distributions (1–5) and comments of an event's feedback; never who gave it.
    Comments come in alphabetical order, not in the order they were given."""
    rows = Feedback.objects.filter(event=event)
    summary = rows.aggregate(count=Count("pk"), overall=Avg("overall"), usefulness=Avg("usefulness"))
    distribution = {}
    for field in ("overall", "usefulness"):
        counts = Counter(rows.values_list(field, flat=True))
        distribution[field] = [(score, counts.get(score, 0)) for score in range(1, 6)]
    comments = sorted((c for c in rows.values_list("comment", flat=True) if c), key=str.casefold)
    return {**summary, "distribution": distribution, "comments": comments}


def attendance_counts_by_organisation(organisation_ids) -> dict[int, int]:
    """How many attended registrations each organisation has (registrations by network users
    carry their organisation; public ones only a name as text and are not counted)."""
    rows = (Registration.objects.filter(organisation_id__in=list(organisation_ids),
                                        status=Registration.Status.ATTENDED)
            .values("organisation_id").annotate(n=Count("pk")))
    return {row["organisation_id"]: row["n"] for row in rows}
