"""The demo data of mobile counselling: fictitious, idempotent, with bookable days."""

from datetime import time

import pytest

from apps.demo.network import ensure_network
from apps.mobile import demo, selectors
from apps.mobile.models import CounsellingLocation, HostingRequest, MobileCounsellingDay, Slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return ensure_network()


def test_seeding_twice_adds_nothing(network):
    created = demo.seed(network)
    counts = (CounsellingLocation.objects.count(), HostingRequest.objects.count(),
              MobileCounsellingDay.objects.count(), Slot.objects.count())
    assert created == counts[0] + counts[1] + counts[2]  # the accepted request created a location
    assert demo.seed(network) == 0
    assert (CounsellingLocation.objects.count(), HostingRequest.objects.count(),
            MobileCounsellingDay.objects.count(), Slot.objects.count()) == counts


def test_demo_locations_requests_and_days(network):
    demo.seed(network)
    afa = CounsellingLocation.objects.filter(kind=CounsellingLocation.Kind.RECEPTION_FACILITY)
    assert afa.count() == 5 and all(location.office_id for location in afa)
    premises = CounsellingLocation.objects.filter(kind=CounsellingLocation.Kind.PARTNER_PREMISES)
    assert premises.count() == 13 and all("(Demo)" in location.name for location in premises)
    statuses = sorted(HostingRequest.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "submitted"]
    weekly = MobileCounsellingDay.objects.filter(starts_at=time(9, 30))
    assert weekly.count() == 16 and all(day.slots.count() == 3 for day in weekly)
    # Every partner premises with opening hours also gets public days (holidays skipped), so
    # the portal finds counselling across the state.
    fortnightly = MobileCounsellingDay.objects.filter(starts_at=time(10))
    assert fortnightly.count() >= 20 and all(day.slots.count() == 4 for day in fortnightly)
    districts = {day.location.district_id for day in selectors.upcoming_public_days()}
    assert len(selectors.upcoming_public_days()) == MobileCounsellingDay.objects.count() and len(districts) >= 12
