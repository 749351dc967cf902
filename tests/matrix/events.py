"""Objects of events for the authorisation matrix (see tests/test_authorisation_matrix.py).

Diakonie (the coordinator, network.manage) organises a published upcoming event and a past one
where a partner attended (with a material). Published events are network-wide: every holder of
network.participate reaches their pages; the organising pages (registrations, attendance,
certificates, feedback) are Diakonie's. The portal's pages take the public link of the upcoming
event and the attendee's manage token of the past one (certificate and material available).
"""

from datetime import timedelta
from types import SimpleNamespace

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.events import services
from apps.events.models import Event, Registration
from apps.events.tests.helpers import make_event, register_public
from tests.matrix.documents import PDF
from tests.test_authorisation_matrix import Scope, Target


def _public(value) -> Target:
    return Target(SimpleNamespace(pk=value), None, read=None)


def extend(world) -> Scope:
    cache.clear()  # the manage link's limits count in the cache: each persona starts afresh
    coordinator, diakonie = world.personas.coordinator, world.orgs.diakonie
    upcoming = make_event(coordinator, diakonie, title="Matrix-Infoveranstaltung")
    past = make_event(coordinator, diakonie, title="Matrix-Schulung", days=2)
    attendee, token = register_public(past, 1)
    network_attendee, _token = services.registration_create_for_user(
        actor=world.personas.partner, event=past, consent=True, base_url="http://testserver")
    material = services.material_upload(actor=coordinator, event=past, title="Folien",
                                        uploaded_file=SimpleUploadedFile("folien.pdf", PDF))
    ago = timezone.now() - timedelta(days=1)
    Event.objects.filter(pk=past.pk).update(starts_at=ago - timedelta(hours=3), ends_at=ago)
    past.refresh_from_db()
    services.attendance_mark(actor=coordinator, event=past, marks={
        attendee.pk: Registration.Status.ATTENDED, network_attendee.pk: Registration.Status.ATTENDED})
    participate = Target(past, None, read="network.participate", write="network.participate")
    return Scope(
        prefixes={"events/": participate, "events/manage/": Target(past, diakonie, read="network.manage",
                                                                   write="network.manage")},
        values={"material_pk": Target(material, None, read="network.participate"),
                "registration_pk": Target(attendee, diakonie, read="network.manage", write="network.manage"),
                "signup_token": _public(upcoming.public_token), "participant_token": _public(token),
                "material_id": _public(material.pk)},
        api_ids={"event_id": Target(upcoming, None, read="network.participate", write="network.participate")},
    )
