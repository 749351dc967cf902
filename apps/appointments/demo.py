"""Demo data of the appointments app: a few bookings on the demo counselling days (made by
the mobile demo; without them nothing is created). Callers, names and numbers are
fictitious and say so. Idempotent: booked demo callers are recognised by their
pseudonym."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from apps.appointments import services
from apps.appointments.models import Appointment
from apps.mobile.models import MobileCounsellingDay, Slot

CALLERS = [
    ("Demo-Anrufer A. (fiktiv)", "fa", "+49 151 23456701"),
    ("Demo-Anruferin B. (fiktiv)", "ar", "+49 151 23456702"),
    ("Demo-Anrufer C. (fiktiv)", "tr", "+49 151 23456703"),
    ("Demo-Anruferin D. (fiktiv)", "ru", "+49 151 23456704"),
]


def seed(network) -> int:
    hotline = network.users.get("hotline")
    organisation = network.organisations.get("IOM")
    if hotline is None or organisation is None:
        return 0
    booked = set(Appointment.objects.filter(pseudonym__in=[c[0] for c in CALLERS]).values_list("pseudonym",
                                                                                              flat=True))
    missing = [caller for caller in CALLERS if caller[0] not in booked]
    if not missing:
        return 0
    free = (Slot.objects.filter(day__organisation=organisation, day__status=MobileCounsellingDay.Status.PLANNED,
                                starts_at__gt=timezone.now())
            .exclude(Exists(Appointment.objects.filter(slot=OuterRef("pk"), cancelled_at__isnull=True)))
            .select_related("day").order_by("starts_at")[: len(missing)])
    created = 0
    for slot, (pseudonym, language, phone) in zip(free, missing, strict=False):
        services.appointment_book(actor=hotline, slot=slot, data={
            "pseudonym": pseudonym, "language": language, "phone": phone, "consent": True})
        created += 1
    return created
