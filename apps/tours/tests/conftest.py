from datetime import date
from types import SimpleNamespace

import pytest

from apps.mobile import services as mobile_services
from apps.mobile.models import CounsellingLocation
from apps.regions.models import District
from apps.tours import services
from apps.tours.models import TourPlan

MONDAY = date(2026, 3, 2)


@pytest.fixture
def planning(personas, orgs):
    """IOM with the Trier and Speyer offices in their districts and a location in each."""
    trier, speyer = District.objects.get(ags="07211"), District.objects.get(ags="07318")
    personas.trier.district, personas.speyer.district = trier, speyer
    personas.trier.save()
    personas.speyer.save()

    def location(name, district):
        return mobile_services.location_create(actor=personas.team_lead, organisation=orgs.iom, data={
            "kind": CounsellingLocation.Kind.OFFICE, "name": name, "district": district})

    return SimpleNamespace(trier=location("Beratung Trier (fiktiv)", trier),
                           speyer=location("Beratung Speyer (fiktiv)", speyer))


@pytest.fixture
def plan(personas, orgs, planning) -> TourPlan:
    return services.plan_create(actor=personas.team_lead, organisation=orgs.iom, start=MONDAY, weeks=4, k=1)
