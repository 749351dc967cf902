from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from apps.mobile import selectors, services
from apps.mobile.tests.helpers import make_day, make_location, make_request, next_working_day
from apps.regions.models import District

pytestmark = pytest.mark.django_db


def _book(slot, cancelled=False, code="A1"):
    # The appointments app sits above this one: reach its model through the relation.
    return slot.appointments.model.objects.create(
        slot=slot, day=slot.day, organisation_id=slot.day.organisation_id, language="fa", channel="staff",
        confirmation_code=code, manage_token_hash=code * 8, cancelled_at=timezone.now() if cancelled else None)


def test_free_slots_leave_out_slots_with_an_active_appointment_only(personas, orgs):
    day = make_day(personas.team_lead, make_location(personas.team_lead, orgs.iom))[0]
    first, second, third = day.slots.all()
    _book(first, code="A1")
    _book(second, cancelled=True, code="A2")
    assert list(selectors.free_slots(day)) == [second, third]
    annotated = selectors.with_free_slot_counts(type(day).objects.filter(pk=day.pk)).get()
    assert (annotated.slot_total, annotated.slot_booked, annotated.slot_free) == (3, 1, 2)


def test_coordinates_fall_back_to_the_district_seat(personas, orgs):
    location = make_location(personas.team_lead, orgs.iom)
    trier = District.objects.get(ags="07211")
    assert selectors.coordinates_of(location) == (float(trier.latitude), float(trier.longitude))
    location.latitude, location.longitude = Decimal("49.75"), Decimal("6.64")
    assert selectors.coordinates_of(location) == (49.75, 6.64)


def test_days_are_visible_to_the_organisation_and_to_the_host(personas, orgs):
    request = make_request(personas.partner, orgs.partner, orgs.iom)
    hosted = services.hosting_request_accept(actor=personas.team_lead, hosting_request=request)
    day = make_day(personas.team_lead, hosted)[0]
    office_day = make_day(personas.team_lead, make_location(personas.team_lead, orgs.iom))[0]
    assert set(selectors.days_visible_to(personas.counsellor)) == {day, office_day}
    assert set(selectors.days_visible_to(personas.partner)) == {day}
    assert set(selectors.days_visible_to(personas.diakonie_counsellor)) == set()
    assert list(selectors.days_of_request(request)) == [day]


def test_a_permission_narrows_the_days_to_the_organisations_holding_it(personas, orgs):
    """Appointments reads days through the same selector, with case.read: a host sees its
    days, never the bookings on them."""
    request = make_request(personas.partner, orgs.partner, orgs.iom)
    hosted = services.hosting_request_accept(actor=personas.team_lead, hosting_request=request)
    day = make_day(personas.team_lead, hosted)[0]
    assert selectors.day_for(personas.partner, day.pk) == day
    assert set(selectors.days_visible_to(personas.partner, "case.read")) == set()
    with pytest.raises(Http404):
        selectors.day_for(personas.partner, day.pk, "case.read")
    assert selectors.day_for(personas.counsellor, day.pk, "case.read") == day
    assert selectors.day_for(personas.team_lead, day.pk, "mobile.plan") == day
    with pytest.raises(Http404):
        selectors.day_for(personas.counsellor, day.pk, "mobile.plan")


def test_upcoming_public_days_leave_out_internal_cancelled_and_other_districts(personas, orgs):
    trier = make_location(personas.team_lead, orgs.iom)
    mainz = make_location(personas.team_lead, orgs.iom, ags="07315")
    public = make_day(personas.team_lead, trier)[0]
    make_day(personas.team_lead, trier, on=next_working_day(8), is_public=False)
    cancelled = make_day(personas.team_lead, trier, on=next_working_day(9))[0]
    services.day_cancel(actor=personas.team_lead, day=cancelled, reason="x")
    make_day(personas.team_lead, mainz)
    assert list(selectors.upcoming_public_days(District.objects.get(ags="07211"))) == [public]
    assert len(selectors.upcoming_public_days()) == 2


def test_hosting_requests_are_seen_by_requester_and_receiver_only(personas, orgs):
    request = make_request(personas.partner, orgs.partner, orgs.iom)
    assert list(selectors.hosting_requests_of(personas.partner)) == [request]
    assert list(selectors.hosting_requests_of(personas.authority)) == []
    assert list(selectors.incoming_hosting_requests(personas.team_lead)) == [request]
    assert list(selectors.incoming_hosting_requests(personas.counsellor)) == []


def test_district_for_postcode_needs_exactly_one_district():
    assert selectors.district_for_postcode("54290").ags == "07211"
    assert selectors.district_for_postcode("00000") is None


def test_quarter_and_months():
    assert selectors.quarter_of(date(2026, 11, 24)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert selectors.quarter_of(date(2026, 2, 1)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert selectors.months_in(date(2026, 10, 1), date(2026, 12, 31)) == 3


def test_coverage_flags_districts_below_k_days_per_month(personas, orgs, settings, django_assert_num_queries):
    settings.MOBILE_MIN_DAYS_PER_MONTH = 1
    today = timezone.localdate()
    start, end = today.replace(day=1), (today.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    trier = make_location(personas.team_lead, orgs.iom)
    make_day(personas.team_lead, trier, on=next_working_day(0) if next_working_day(0) <= end else end)
    make_request(personas.partner, orgs.partner, orgs.iom, ags="07315")
    with django_assert_num_queries(3):
        rows = {row.district.ags: row for row in selectors.coverage(start, end)}
    assert len(rows) == 36
    assert not rows["07211"].below_rule and rows["07211"].days_in_period == 1
    assert rows["07315"].below_rule and rows["07315"].open_requests == 1
    settings.MOBILE_MIN_DAYS_PER_MONTH = 2
    assert selectors.coverage(start, end)[0].required == 2
    assert all(row.below_rule for row in selectors.coverage(start, end))
