import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.mobile.models import CounsellingLocation, HostingRequest, MobileCounsellingDay
from apps.mobile.tests.helpers import make_day, make_location, make_request, next_working_day
from apps.regions.models import District

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


# --- Hosting requests ---------------------------------------------------------------------

def test_a_partner_asks_to_host_and_follows_the_status(client, personas, orgs):
    login(client, personas.partner)
    page = client.get(reverse("mobile:hosting_list")).content.decode()
    assert "Ask to host counselling" in page
    assert "Send request" in client.get(reverse("mobile:hosting_new")).content.decode()
    response = client.post(reverse("mobile:hosting_new"), {
        "counselling_organisation": orgs.iom.pk, "premises_name": "Caritas-Haus (fiktiv)", "postcode": "54290",
        "city": "Trier", "frequency": "monthly", "expected_clients": "8", "languages": ["fa", "ar"],
        "preferred_weekdays": ["1"], "message": "Zwei Räume frei"})
    request = HostingRequest.objects.get()
    assert response.status_code == 302 and request.district.ags == "07211"
    assert request.requesting_organisation == orgs.partner and request.preferred_weekdays == [1]
    assert "submitted" in client.get(reverse("mobile:hosting_detail", args=[request.pk])).content.decode()


def test_the_request_form_keeps_the_input_when_the_postcode_names_no_district(client, personas, orgs):
    login(client, personas.partner)
    response = client.post(reverse("mobile:hosting_new"), {
        "counselling_organisation": orgs.iom.pk, "premises_name": "Haus am Markt", "postcode": "00000",
        "frequency": "weekly", "expected_clients": "3"})
    assert response.status_code == 200 and "Haus am Markt" in response.content.decode()
    assert not HostingRequest.objects.exists()


def test_another_organisations_request_is_not_found(client, personas, orgs):
    request = make_request(personas.partner, orgs.partner, orgs.iom)
    login(client, personas.authority)
    assert client.get(reverse("mobile:hosting_detail", args=[request.pk])).status_code == 404
    assert "Caritas-Haus" not in client.get(reverse("mobile:hosting_list")).content.decode()
    login(client, personas.coordinator)
    assert client.get(reverse("mobile:incoming_detail", args=[request.pk])).status_code == 403


def test_the_team_lead_accepts_and_the_partner_sees_the_resulting_days(client, personas, orgs):
    request = make_request(personas.partner, orgs.partner, orgs.iom)
    login(client, personas.team_lead)
    page = client.get(reverse("mobile:incoming_detail", args=[request.pk])).content.decode()
    assert all(label in page for label in ("Accept", "Decline", "Propose changes"))
    client.post(reverse("mobile:incoming_accept", args=[request.pk]), {"response": "Gern", "version": "1"})
    request.refresh_from_db()
    assert request.status == HostingRequest.Status.ACCEPTED
    make_day(personas.team_lead, request.location, on=next_working_day(10))
    login(client, personas.partner)
    page = client.get(reverse("mobile:hosting_detail", args=[request.pk])).content.decode()
    assert "accepted" in page and next_working_day(10).strftime("%d.%m.%Y") in page


def test_declining_without_a_reason_is_refused_with_a_message(client, personas, orgs):
    request = make_request(personas.partner, orgs.partner, orgs.iom)
    login(client, personas.team_lead)
    response = client.post(reverse("mobile:incoming_decline", args=[request.pk]), {"response": ""}, follow=True)
    assert "Give a reason for declining." in response.content.decode()
    client.post(reverse("mobile:incoming_propose", args=[request.pk]), {"response": "Dienstags?"})
    request.refresh_from_db()
    assert request.status == HostingRequest.Status.CHANGES_PROPOSED
    login(client, personas.partner)
    client.post(reverse("mobile:hosting_withdraw", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == HostingRequest.Status.WITHDRAWN


# --- Locations and days -------------------------------------------------------------------

def test_the_team_lead_creates_and_edits_a_location(client, personas, orgs):
    login(client, personas.team_lead)
    trier = District.objects.get(ags="07211")
    response = client.post(reverse("mobile:location_create"), {
        "kind": "office", "name": "Stadtbüro Trier (fiktiv)", "district": trier.pk, "accessibility": ["step_free"],
        "available_weekdays": ["0", "2"], "available_from": "09:00", "available_to": "16:00",
        "demand_weight": "2"})
    location = CounsellingLocation.objects.get()
    assert response.status_code == 302 and location.available_weekdays == [0, 2]
    assert location.accessibility == ["step_free"] and location.organisation == orgs.iom
    data = {"kind": "office", "name": "Stadtbüro Trier", "district": trier.pk, "demand_weight": "3", "version": "1"}
    client.post(reverse("mobile:location_edit", args=[location.pk]), data)
    stale = client.post(reverse("mobile:location_edit", args=[location.pk]), data | {"name": "Alt"})
    location.refresh_from_db()
    assert location.name == "Stadtbüro Trier" and stale.status_code == 200


def test_the_location_list_is_scoped_and_its_queries_stay_constant(client, personas, orgs,
                                                                   django_assert_max_num_queries):
    make_location(personas.team_lead, orgs.iom, name="Eins")
    login(client, personas.counsellor)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("mobile:locations"))
    for n in range(4):
        make_location(personas.team_lead, orgs.iom, name=f"Ort {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("mobile:locations")).content.decode()
    assert "Ort 3" in page
    login(client, personas.diakonie_counsellor)
    assert "Eins" not in client.get(reverse("mobile:locations")).content.decode()


def _post_weekly_series(client, location, counsellor, start: date, weeks: int):
    return client.post(reverse("mobile:day_create"), {
        "location": location.pk, "date": start.isoformat(), "starts_at": "09:00", "ends_at": "12:00",
        "counsellors": [counsellor.pk], "interpreter_languages": ["fa"], "is_public": "on",
        "slot_minutes": "45", "buffer_minutes": "15", "recurrence": "weekly",
        "until": (start + timedelta(weeks=weeks)).isoformat()})


def test_a_recurring_day_is_created_through_the_form(client, personas, orgs, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))  # a Monday
    location = make_location(personas.team_lead, orgs.iom)
    login(client, personas.team_lead)
    assert client.get(reverse("mobile:day_create") + f"?location={location.pk}").status_code == 200
    response = _post_weekly_series(client, location, personas.counsellor, date(2026, 3, 10), weeks=3)
    assert response.status_code == 302
    days = MobileCounsellingDay.objects.order_by("date")
    assert [d.date for d in days] == [date(2026, 3, 10), date(2026, 3, 17), date(2026, 3, 24), date(2026, 3, 31)]
    assert len({d.series for d in days}) == 1


def test_a_weekly_series_over_christmas_skips_the_public_holidays(client, personas, orgs, time_machine):
    time_machine.move_to(datetime(2026, 12, 4, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    location = make_location(personas.team_lead, orgs.iom)
    login(client, personas.team_lead)
    response = _post_weekly_series(client, location, personas.counsellor, date(2026, 12, 11), weeks=3)
    assert response.status_code == 302
    # 25 December and 1 January are public holidays in Rheinland-Pfalz: the series skips them.
    assert [d.date for d in MobileCounsellingDay.objects.order_by("date")] == [date(2026, 12, 11), date(2026, 12, 18)]


def test_the_day_list_queries_stay_constant(client, personas, orgs, django_assert_max_num_queries):
    location = make_location(personas.team_lead, orgs.iom)
    make_day(personas.team_lead, location, on=next_working_day(7))
    login(client, personas.hotline)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("mobile:days"))
    for n in range(4):
        make_day(personas.team_lead, location, on=next_working_day(8 + 2 * n))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("mobile:days")).content.decode()
    assert page.count("3 / 3") == 5


def test_a_day_is_cancelled_and_moved_through_the_forms(client, personas, orgs):
    day = make_day(personas.team_lead, make_location(personas.team_lead, orgs.iom))[0]
    login(client, personas.team_lead)
    assert "Cancel the day" in client.get(reverse("mobile:day_detail", args=[day.pk])).content.decode()
    new_date = next_working_day(20)
    response = client.post(reverse("mobile:day_move", args=[day.pk]), {
        "date": new_date.isoformat(), "starts_at": "10:00", "ends_at": "12:00", "version": str(day.version)})
    moved = MobileCounsellingDay.objects.get(moved_from=day)
    assert response.status_code == 302 and moved.date == new_date
    client.post(reverse("mobile:day_cancel", args=[moved.pk]), {"reason": "Krank", "version": "1"})
    moved.refresh_from_db()
    assert moved.status == MobileCounsellingDay.Status.CANCELLED
    login(client, personas.counsellor)
    assert client.get(reverse("mobile:day_cancel", args=[moved.pk])).status_code == 403


def test_the_start_page_lists_open_requests_and_upcoming_days(client, personas, orgs):
    make_request(personas.partner, orgs.partner, orgs.iom, premises_name="Pfarrsaal (fiktiv)")
    make_day(personas.team_lead, make_location(personas.team_lead, orgs.iom, name="Stadtbüro (fiktiv)"))
    page = login(client, personas.team_lead).get(reverse("mobile:start")).content.decode()
    assert "Pfarrsaal (fiktiv)" in page and "Stadtbüro (fiktiv)" in page
    assert "Mobile counselling" in page and "Coverage" in page  # the navigation


# --- Coverage -----------------------------------------------------------------------------

def test_the_coverage_map_shows_the_district_covered_and_others_below_the_rule(
        client, personas, orgs, django_assert_max_num_queries):
    # The whole next month: one day in Trier meets the rule of one day per month.
    start = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    after = (start - timezone.localdate()).days
    location = make_location(personas.team_lead, orgs.iom)
    make_day(personas.team_lead, location, on=next_working_day(after + 1))
    login(client, personas.coordinator)
    url = reverse("mobile:coverage") + f"?start={start.isoformat()}&end={end.isoformat()}"
    with django_assert_max_num_queries(15) as one:
        page = client.get(url).content.decode()
    assert "© GeoBasis-DE / BKG (2021), dl-de/by-2-0" in page and page.count("<path ") == 36
    assert re.search(r'fill="#9fd8b4"[^>]*data-ags="07211"><title>Trier: 1 counselling days', page)
    assert page.count('class="below-rule"') == 35 and "1 of 36 districts" in page
    for n in range(4):
        make_day(personas.team_lead, make_location(personas.team_lead, orgs.iom, ags="07315"),
                 on=next_working_day(after + 2 + n))
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)
    login(client, personas.counsellor)
    assert client.get(url).status_code == 403


# --- Display fixes (issue 12): district names told apart, addresses without empty parts -------

def test_coverage_and_the_district_picker_tell_the_two_kaiserslauterns_apart(client, personas):
    login(client, personas.coordinator)
    page = client.get(reverse("mobile:coverage")).content.decode()
    assert "<td>Kaiserslautern (Stadt)" in page and "<td>Kaiserslautern (Landkreis)" in page
    assert not re.search(r"<td>Kaiserslautern(?! \((Stadt|Landkreis)\))", page)
    login(client, personas.partner)
    form = client.get(reverse("mobile:hosting_new")).content.decode()
    assert ">Kaiserslautern (Stadt)</option>" in form and ">Kaiserslautern (Landkreis)</option>" in form


def test_an_address_leaves_out_its_empty_parts(client, personas, orgs):
    request = make_request(personas.partner, orgs.partner, orgs.iom, street="", postcode="", city="Saarburg")
    assert request.address == "Saarburg"
    login(client, personas.partner)
    page = client.get(reverse("mobile:hosting_detail", args=[request.pk])).content.decode()
    assert "<dd>Saarburg</dd>" in page and ", </dd>" not in page
    HostingRequest.objects.filter(pk=request.pk).update(city="")
    page = client.get(reverse("mobile:hosting_detail", args=[request.pk])).content.decode()
    assert re.search(r"Address</dt><dd>—</dd>", page)
    location = make_location(personas.team_lead, orgs.iom, street="Graf-Siegfried-Str. 32", postcode="54439",
                             city="Saarburg")
    assert location.address == "Graf-Siegfried-Str. 32, 54439 Saarburg"
