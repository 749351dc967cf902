"""The demo network covers the state: a location in each of the 36 districts, and the default
quarter plan (`manage.py plan_tours --start 2027-01-04 --weeks 13`) visits every district in
every month of the quarter, as the coverage page then shows.

The demo is seeded on a fixed day before the quarter (its counselling days are relative to
the day of seeding, and days cannot be planned in the past), so the test runs the same on
any date. The solve is the real job's (services.plan_solve, two workers) with a short time
limit: it starts from the greedy plan, which covers every district-month, and keeps it when
it finds nothing better in time, so neither the machine's speed nor the workers' timing can
leave a district out.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.demo import district_locations
from apps.demo.network import MOBILE_TEAM, authority_code, ensure_network
from apps.mobile import demo as mobile_demo
from apps.mobile.models import CounsellingLocation, HostingRequest
from apps.regions.models import District, Postcode
from apps.tours import demo as tours_demo
from apps.tours import services
from apps.tours.models import PlannerCounsellor

SEEDED_ON = datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
QUARTER = (date(2027, 1, 4), 13)
MONTHS = ["2027-01", "2027-02", "2027-03"]


@pytest.fixture
def demo(db, settings):
    """The part of the demo the planner reads: network, mobile counselling, tour planning,
    district locations (no cases)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.REQUIRE_2FA = False
    with time_machine.travel(SEEDED_ON, tick=True):
        network = ensure_network()
        mobile_demo.seed(network)
        tours_demo.seed(network)
        district_locations.seed(network)
        yield network


def test_every_district_has_a_location_at_its_authority_with_an_address_in_the_district(demo):
    postcodes = set(Postcode.objects.values_list("code", "district__ags"))
    for district in District.objects.all():
        location = CounsellingLocation.objects.get(host__code=authority_code(district.ags))
        assert location.district == district and location.is_active and location.available_weekdays
        assert location.street and location.city and location.latitude is not None
        assert (location.postcode, district.ags) in postcodes, location.name
    assert District.objects.filter(kind=District.Kind.INDEPENDENT_CITY).count() == 12
    assert District.objects.count() == 36
    # Seeding again creates nothing.
    assert district_locations.seed(demo) == 0


def test_the_mobile_team_is_planned_from_its_home_offices(demo):
    for key, email, *_rest in MOBILE_TEAM:
        profile = PlannerCounsellor.objects.get(user__email=email)
        assert profile.is_active and profile.home_office.district_id and profile.languages, key
    assert PlannerCounsellor.objects.filter(organisation__code="IOM").count() == 2 + len(MOBILE_TEAM)


def test_hosting_requests_carry_their_address(demo):
    postcodes = set(Postcode.objects.values_list("code", "district_id"))
    for request in HostingRequest.objects.all():
        assert request.street and request.city, request.premises_name
        assert (request.postcode, request.district_id) in postcodes
    saarburg = HostingRequest.objects.get(premises_name__contains="Saarburg")
    assert (saarburg.street, saarburg.postcode, saarburg.city) == ("Graf-Siegfried-Straße 32", "54439", "Saarburg")


def test_the_default_quarter_plan_covers_all_36_districts_every_month(demo, client):
    lead = demo.users["team_lead"]
    iom = demo.organisations["IOM"]
    with time_machine.travel(SEEDED_ON, tick=True):
        plan = services.plan_create(actor=lead, organisation=iom, start=QUARTER[0], weeks=QUARTER[1])
        plan = services.plan_solve(actor=lead, plan=plan, time_limit=3)

        figures = plan.figures
        assert figures["months"] == MONTHS
        assert (figures["districts_covered"], figures["districts_total"], figures["uncovered"]) == (36, 36, [])
        assert figures["left_out"] == []
        visited: dict[str, set[str]] = {month: set() for month in MONTHS}
        for entry in plan.entries.select_related("location__district"):
            visited.setdefault(f"{entry.date:%Y-%m}", set()).add(entry.location.district.ags)
        every = set(District.objects.values_list("ags", flat=True))
        assert {month: len(visited[month] & every) for month in MONTHS} == dict.fromkeys(MONTHS, 36)

        services.plan_accept(actor=lead, plan=plan)
        client.force_login(lead)
        page = client.get(reverse("mobile:coverage"), {"start": "2027-01-01", "end": "2027-03-31"})
    assert page.status_code == 200
    assert page.context["covered"] == 36 and page.context["required"] == 3
    assert not [row.district.name for row in page.context["rows"] if row.below_rule]
