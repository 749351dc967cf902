"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py)."""

from datetime import datetime, time, timedelta
from types import SimpleNamespace

from django.core.cache import cache
from django.utils import timezone

from apps.appointments import services
from apps.mobile.models import CounsellingLocation, MobileCounsellingDay, Slot
from apps.regions.models import District
from tests.test_authorisation_matrix import Scope, Target


def _day(world) -> MobileCounsellingDay:
    location = CounsellingLocation.objects.create(
        organisation=world.orgs.iom, kind=CounsellingLocation.Kind.PARTNER_PREMISES, name="Matrix premises",
        district=District.objects.get(ags="07211"))
    on = timezone.localdate() + timedelta(days=7)
    day = MobileCounsellingDay.objects.create(organisation=world.orgs.iom, location=location, date=on,
                                              starts_at=time(9), ends_at=time(12),
                                              created_by=world.personas.team_lead)
    for hour in (9, 10, 11):
        start = timezone.make_aware(datetime.combine(on, time(hour)))
        Slot.objects.create(day=day, starts_at=start, ends_at=start + timedelta(minutes=45))
    return day


def extend(world) -> Scope:
    # Rate limits and the public booking throttle count per address in the cache: every
    # persona's run starts afresh.
    cache.clear()
    iom = world.orgs.iom
    day = _day(world)
    booked, free, spare = day.slots.all()
    appointment, manage_token = services.appointment_book(
        actor=world.personas.counsellor, slot=booked, person=world.person, data={"language": "fa"})
    _token, counsellor_token = services.calendar_token_create(actor=world.personas.counsellor,
                                                              user=world.personas.counsellor)
    _token, location_token = services.calendar_token_create(actor=world.personas.team_lead, location=day.location)
    appointment_target = Target(appointment, iom)
    # The secrets in public URLs: Target.obj.pk is what the matrix puts into the path.
    secret = {name: Target(SimpleNamespace(pk=value), None) for name, value in (
        ("manage_token", manage_token), ("counsellor_token", counsellor_token),
        ("location_token", location_token))}
    return Scope(
        prefixes={"appointments/": appointment_target, "appointments/days/": Target(day, iom),
                  "appointments/book/": Target(free, iom, write="case.write")},
        values=secret,
        # slot_id and public_slot_id are no path parameters: the bookings' bodies name them.
        api_ids={"appointment_id": appointment_target, "ags": Target(SimpleNamespace(pk="07211"), None, read=None),
                 "slot_id": Target(free, iom), "public_slot_id": Target(spare, None, read=None)},
    )
