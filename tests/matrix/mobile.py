"""Objects of this app for the authorisation matrix (see tests/test_authorisation_matrix.py).

The world gets an IOM counselling location (no host), a counselling day there, and a
hosting request from the partner (Caritas Trier) addressed to IOM.
"""

from datetime import time, timedelta

from django.utils import timezone

from apps.mobile import services
from apps.mobile.models import CounsellingLocation
from apps.regions.models import District
from tests.test_authorisation_matrix import Scope, Target


def _working_day():
    from apps.regions.holidays import is_public_holiday

    day = timezone.localdate() + timedelta(days=7)
    while day.weekday() >= 5 or is_public_holiday(day):
        day += timedelta(days=1)
    return day


def extend(world) -> Scope:
    personas, orgs = world.personas, world.orgs
    trier = District.objects.get(ags="07211")
    location = services.location_create(actor=personas.team_lead, organisation=orgs.iom, data={
        "kind": CounsellingLocation.Kind.OFFICE, "name": "Beratungsstelle Trier (fiktiv)", "district": trier})
    day = services.day_create(personas.team_lead, location, {
        "date": _working_day(), "starts_at": time(9), "ends_at": time(12), "slot_minutes": 45,
        "buffer_minutes": 15}, [personas.counsellor])[0]
    hosting_request = services.hosting_request_submit(
        actor=personas.partner, requesting_organisation=orgs.partner, counselling_organisation=orgs.iom,
        data={"premises_name": "Caritas-Haus (fiktiv)", "district": trier, "frequency": "monthly",
              "expected_clients": 6})
    iom, partner = orgs.iom, orgs.partner
    return Scope(
        prefixes={
            "mobile/locations/": Target(location, iom, read="case.read", write="mobile.plan"),
            "mobile/days/": Target(day, iom, read="case.read", write="mobile.plan"),
            "hosting/": Target(hosting_request, partner, read="mobile.host", write="mobile.host"),
            "hosting/incoming/": Target(hosting_request, iom, read="mobile.plan", write="mobile.plan"),
        },
        api_ids={"day_id": Target(day, iom, read="case.read", write="mobile.plan")},
    )
