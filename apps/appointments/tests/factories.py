"""Counselling days and slots made directly with the ORM (independent of the mobile services)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from apps.mobile.models import CounsellingLocation, MobileCounsellingDay, Slot
from apps.regions.models import District


def make_location(organisation, *, ags="07211", name="Caritas Trier, Raum 2"):
    return CounsellingLocation.objects.create(
        organisation=organisation, kind=CounsellingLocation.Kind.PARTNER_PREMISES, name=name,
        street="Musterstraße 1", postcode="54290", city="Trier", district=District.objects.get(ags=ags))


def make_day(location, creator, *, on=None, is_public=True, slots=3, counsellors=()):
    """A counselling day with `slots` slots of 45 minutes and 15 minutes' buffer from 9:00."""
    on = on or timezone.localdate() + timedelta(days=7)
    day = MobileCounsellingDay.objects.create(
        organisation=location.organisation, location=location, date=on, starts_at=time(9), ends_at=time(13),
        is_public=is_public, created_by=creator)
    day.counsellors.set(counsellors)
    for i in range(slots):
        start = timezone.make_aware(datetime.combine(on, time(9))) + timedelta(hours=i)
        Slot.objects.create(day=day, starts_at=start, ends_at=start + timedelta(minutes=45))
    return day
