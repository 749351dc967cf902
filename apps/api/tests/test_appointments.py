import json
from datetime import timedelta

import pytest
from django.core.cache import cache

from apps.api.services import api_token_create
from apps.appointments import services
from apps.appointments.models import Appointment
from apps.appointments.tests.factories import make_day, make_location


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


@pytest.fixture
def day(orgs, personas):
    return make_day(make_location(orgs.iom), personas.team_lead)


def bearer(user):
    return {"HTTP_AUTHORIZATION": "Bearer " + api_token_create(actor=None, user=user, name="t")[1]}


def post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_public_district_listing_has_free_counts_and_no_personal_data(client, personas, day):
    services.appointment_book_public(slot=day.slots.first(), pseudonym="Zarah Pseudo", phone="015123456789",
                                     language="fa", consent=True)
    make_day(day.location, personas.team_lead, is_public=False, on=day.date)
    response = client.get("/api/v1/public/districts/07211/counselling")
    assert response.status_code == 200
    [entry] = response.json()
    assert entry["free_slots"] == 2 and entry["location_name"] == day.location.name
    assert entry["date"] == day.date.isoformat() and entry["starts_at"] == "09:00:00"
    assert "Zarah" not in response.content.decode() and "0151" not in response.content.decode()
    assert client.get("/api/v1/public/districts/99999/counselling").status_code == 404


def test_public_listing_query_count_is_constant(client, personas, day, django_assert_max_num_queries):
    client.get("/api/v1/public/districts/07211/counselling")
    for offset in range(1, 5):
        make_day(day.location, personas.team_lead, on=day.date + timedelta(days=offset))
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/public/districts/07211/counselling").json()) == 5


def test_public_booking_returns_code_and_token_once(client, day):
    slot = day.slots.first()
    response = post(client, "/api/v1/public/bookings", {"slot_id": slot.pk, "pseudonym": "A", "phone": "015123456789",
                                                        "language": "ar", "consent": True})
    assert response.status_code == 201
    body = response.json()
    appointment = Appointment.objects.get()
    assert body["confirmation_code"] == appointment.confirmation_code and body["manage_token"]
    again = post(client, "/api/v1/public/bookings", {"slot_id": slot.pk, "pseudonym": "B", "phone": "015123456789",
                                                     "language": "ar", "consent": True})
    assert again.status_code == 422 and "just been booked" in again.content.decode()


def test_public_booking_validation(client, personas, day):
    internal = make_day(day.location, personas.team_lead, is_public=False)
    base = {"pseudonym": "A", "phone": "015123456789", "language": "ar", "consent": True}
    assert post(client, "/api/v1/public/bookings", base | {"slot_id": internal.slots.first().pk}).status_code == 404
    no_consent = post(client, "/api/v1/public/bookings", base | {"slot_id": day.slots.first().pk, "consent": False})
    assert no_consent.status_code == 422 and "consent" in no_consent.content.decode()
    assert post(client, "/api/v1/public/bookings", base | {"slot_id": day.slots.first().pk,
                                                           "language": "Persian"}).status_code == 422
    assert not Appointment.objects.exists()


def test_public_booking_is_throttled(client, settings, day):
    settings.PUBLIC_BOOKING_RATE = "2/h"
    statuses = [post(client, "/api/v1/public/bookings", {}).status_code for _ in range(3)]
    assert statuses == [422, 422, 429]


def test_staff_book_list_and_cancel(client, personas, day):
    headers = bearer(personas.hotline)
    slot = day.slots.first()
    created = post(client, "/api/v1/appointments", {"slot_id": slot.pk, "pseudonym": "Herr A.",
                                                    "phone": "0151 23456789", "language": "fa"}, **headers)
    assert created.status_code == 201
    appointment_id = created.json()["appointment"]["id"]
    listing = client.get(f"/api/v1/appointments?day_id={day.pk}", **headers).json()
    assert [item["id"] for item in listing["items"]] == [appointment_id]
    assert "phone" not in listing["items"][0]
    cancelled = post(client, f"/api/v1/appointments/{appointment_id}/cancel", {"reason": "asked"}, **headers)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_outsiders_cannot_book_or_see(client, personas, day):
    headers = bearer(personas.diakonie_counsellor)
    slot = day.slots.first()
    response = post(client, "/api/v1/appointments", {"slot_id": slot.pk, "pseudonym": "A", "language": "fa"},
                    **headers)
    assert response.status_code == 404
    assert client.get(f"/api/v1/appointments?day_id={day.pk}", **headers).status_code == 404
    appointment, _ = services.appointment_book(actor=personas.hotline, slot=slot,
                                               data={"pseudonym": "A", "language": "fa"})
    assert post(client, f"/api/v1/appointments/{appointment.pk}/cancel", {}, **headers).status_code == 404


def test_staff_booking_needs_authentication(client, day):
    assert post(client, "/api/v1/appointments", {"slot_id": day.slots.first().pk, "language": "fa"}).status_code == 401


def _public_booking(client, slot, *, phone="015123456789", **headers):
    return post(client, "/api/v1/public/bookings", {"slot_id": slot.pk, "pseudonym": "x", "phone": phone,
                                                    "language": "ar", "consent": True}, **headers)


def test_the_public_booking_throttle_ignores_a_forged_forwarded_for(client, settings, day):
    settings.PUBLIC_BOOKING_RATE = "2/h"
    settings.TRUSTED_PROXY_COUNT = 1
    codes = [_public_booking(client, slot, phone=f"01512345678{i}",
                             HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 203.0.113.7").status_code
             for i, slot in enumerate(day.slots.all())]
    assert codes == [201, 201, 429]


def test_without_a_proxy_the_forwarded_for_header_is_not_trusted(client, settings, day):
    settings.PUBLIC_BOOKING_RATE = "2/h"
    settings.TRUSTED_PROXY_COUNT = 0
    codes = [_public_booking(client, slot, phone=f"01512345678{i}", HTTP_X_FORWARDED_FOR=f"1.2.3.{i}").status_code
             for i, slot in enumerate(day.slots.all())]
    assert codes == [201, 201, 429]


def test_one_phone_number_holds_at_most_three_upcoming_public_bookings(client, settings, orgs, personas):
    settings.PUBLIC_BOOKING_RATE = "100/h"
    day = make_day(make_location(orgs.iom), personas.team_lead, slots=5)
    codes = [_public_booking(client, slot, phone="0151 2345 6789").status_code for slot in day.slots.all()[:4]]
    assert codes == [201, 201, 201, 422]
    assert _public_booking(client, day.slots.all()[4], phone="015198765432").status_code == 201


def test_an_inactive_location_is_neither_listed_nor_bookable(client, day):
    day.location.is_active = False
    day.location.save()
    assert client.get("/api/v1/public/districts/07211/counselling").json() == []
    assert _public_booking(client, day.slots.first()).status_code == 404


def test_the_list_hides_the_person_id_of_a_client_the_user_cannot_see(client, personas, orgs, restricted_case,
                                                                      iom_case, django_assert_max_num_queries):
    day = make_day(make_location(orgs.iom), personas.team_lead)
    hidden = restricted_case.household.members.get().person
    shown = iom_case.household.members.get().person
    first, second, _third = day.slots.all()
    services.appointment_book(actor=personas.counsellor, slot=first, person=hidden, data={"language": "fa"})
    services.appointment_book(actor=personas.counsellor, slot=second, person=shown, data={"language": "fa"})
    items = client.get(f"/api/v1/appointments?day_id={day.pk}", **bearer(personas.counsellor_speyer)).json()["items"]
    assert [i["person_id"] for i in items] == [None, shown.pk]
    items = client.get(f"/api/v1/appointments?day_id={day.pk}", **bearer(personas.counsellor)).json()["items"]
    assert [i["person_id"] for i in items] == [hidden.pk, shown.pk]
