from datetime import timedelta

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.appointments import services
from apps.appointments.models import Appointment, CalendarToken
from apps.appointments.tests.factories import make_day
from apps.audit.models import AuditEntry


def test_hotline_finds_a_free_slot_and_books_a_caller(client, personas, day):
    client.force_login(personas.hotline)
    page = client.get(reverse("appointments:free"), {"district": day.location.district_id})
    slot = day.slots.first()
    assert page.status_code == 200 and reverse("appointments:book", args=[slot.pk]) in page.content.decode()
    assert "Book" in page.content.decode()
    form = client.get(reverse("appointments:book", args=[slot.pk]))
    assert "Book appointment" in form.content.decode()
    response = client.post(reverse("appointments:book", args=[slot.pk]),
                           {"pseudonym": "Herr A.", "phone": "0151 23456789", "language": "fa"}, follow=True)
    appointment = Appointment.objects.get()
    assert appointment.pseudonym == "Herr A." and appointment.booked_by == personas.hotline
    body = response.content.decode()
    assert "Confirmation code" in body and appointment.confirmation_code in body
    # The client's link, shown once: the portal's manage page in the client's language, at SITE_URL.
    assert "http://testserver/fa/appointment/" in body


def test_booking_errors_keep_the_input(client, personas, slot):
    client.force_login(personas.hotline)
    response = client.post(reverse("appointments:book", args=[slot.pk]),
                           {"pseudonym": "Herr A.", "phone": "12", "language": "fa"})
    assert response.status_code == 200 and "Enter a valid phone number." in response.content.decode()
    assert 'value="Herr A."' in response.content.decode() and not Appointment.objects.exists()


def test_a_taken_slot_says_so(client, personas, slot):
    services.appointment_book(actor=personas.counsellor, slot=slot, data={"pseudonym": "X", "language": "ar"})
    client.force_login(personas.hotline)
    response = client.post(reverse("appointments:book", args=[slot.pk]), {"pseudonym": "Y", "language": "ar"})
    assert "This slot has just been booked; choose another." in response.content.decode()


def test_booking_for_a_found_client(client, personas, slot, iom_case):
    person = iom_case.household.members.get().person
    client.force_login(personas.counsellor)
    found = client.get(reverse("appointments:book", args=[slot.pk]), {"q": person.family_name})
    assert str(person) in found.content.decode()
    client.post(reverse("appointments:book", args=[slot.pk]) + f"?person={person.pk}",
                {"person": person.pk, "language": "fa"})
    assert Appointment.objects.get().person == person


def test_day_page_shows_names_only_to_who_sees_the_person(client, personas, day, restricted_case):
    person = restricted_case.household.members.get().person
    services.appointment_book(actor=personas.counsellor, slot=day.slots.first(), person=person,
                              data={"language": "fa"})
    client.force_login(personas.counsellor)
    assert person.family_name in client.get(reverse("appointments:day", args=[day.pk])).content.decode()
    client.force_login(personas.hotline)
    page = client.get(reverse("appointments:day", args=[day.pk])).content.decode()
    assert person.family_name not in page and "a client" in page
    client.force_login(personas.diakonie_counsellor)
    assert client.get(reverse("appointments:day", args=[day.pk])).status_code == 404


def test_day_page_queries_stay_constant(client, personas, location, django_assert_max_num_queries):
    client.force_login(personas.counsellor)
    small = make_day(location, personas.team_lead, slots=1)
    services.appointment_book(actor=personas.counsellor, slot=small.slots.first(), data={"pseudonym": "A",
                                                                                          "language": "ar"})
    big = make_day(location, personas.team_lead, slots=5, on=small.date + timedelta(days=1))
    for slot in big.slots.all():
        services.appointment_book(actor=personas.counsellor, slot=slot, data={"pseudonym": "A", "language": "ar"})
    client.get(reverse("appointments:day", args=[small.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("appointments:day", args=[small.pk]))
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("appointments:day", args=[big.pk]))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("appointments:free"), {"district": location.district_id,
                                                  "start": small.date, "end": small.date})
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("appointments:free"), {"district": location.district_id})


def test_detail_cancel_and_outcome(client, personas, slot):
    appointment, _ = services.appointment_book(actor=personas.hotline, slot=slot,
                                               data={"pseudonym": "A", "language": "ar"})
    client.force_login(personas.counsellor)
    page = client.get(reverse("appointments:detail", args=[appointment.pk])).content.decode()
    assert "Cancel appointment" in page and appointment.confirmation_code in page
    assert AuditEntry.objects.filter(action="appointment.viewed", actor=personas.counsellor).exists()
    client.post(reverse("appointments:no_show", args=[appointment.pk]))
    assert Appointment.objects.get().status == "booked"  # not begun yet
    client.post(reverse("appointments:cancel", args=[appointment.pk]),
                {"reason": "asked", "version": appointment.version})
    assert Appointment.objects.get().status == "cancelled"
    client.force_login(personas.diakonie_counsellor)
    assert client.get(reverse("appointments:detail", args=[appointment.pk])).status_code == 404


def test_the_old_manage_link_leads_to_the_portal_page_in_the_holders_language(client, day):
    first, _second, _ = day.slots.all()
    appointment, token = services.appointment_book_public(slot=first, pseudonym="Secret Name",
                                                          phone="015123456789", language="fa", consent=True)
    url = reverse("appointments:manage", args=[token])
    for response in (client.get(url), client.post(url, {"action": "cancel"})):
        assert response.status_code == 302 and response["Location"] == f"/fa/appointment/{token}/"
    assert Appointment.objects.get().status == "booked"  # the old page's POST does nothing any more
    page = client.get(url, follow=True)
    html = page.content.decode()
    assert 'dir="rtl"' in html and 'lang="fa"' in html
    assert appointment.confirmation_code in html and day.location.name in html
    assert "Secret Name" not in html and "23456789" not in html
    assert client.get(reverse("appointments:manage", args=["wrong"])).status_code == 404


def test_manage_link_is_rate_limited(client, settings, day):
    settings.APPOINTMENT_PUBLIC_RATE = (3, 600)
    cache.clear()
    statuses = [client.get(reverse("appointments:manage", args=["guess"])).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_counsellor_feed_has_days_but_no_client_data(client, personas, day):
    services.appointment_book_public(slot=day.slots.first(), pseudonym="Zarah Pseudo", phone="015123456789",
                                     language="fa", consent=True, email="zarah@example.org")
    client.force_login(personas.counsellor)
    client.post(reverse("appointments:calendar_create"))
    link = client.get(reverse("appointments:calendars")).context["new_link"]
    assert client.get(reverse("appointments:calendars")).context["new_link"] is None  # shown once
    client.logout()
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    for secret in ("Zarah", "Pseudo", "015123456789", "+4915123456789", "zarah@example.org", "23456789"):
        assert secret not in body
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1 and day.location.name in str(events[0]["location"])
    assert personas.counsellor.full_name in str(events[0]["description"])
    assert AuditEntry.objects.filter(action="calendar_feed.viewed").exists()
    token = CalendarToken.objects.get()
    client.force_login(personas.counsellor)
    client.post(reverse("appointments:calendar_revoke"), {"token": token.pk})
    client.logout()
    assert client.get(link).status_code == 404


def test_location_feed(client, personas, day):
    _token, plain = services.calendar_token_create(actor=personas.team_lead, location=day.location)
    other = make_day(day.location, personas.team_lead, on=day.date + timedelta(days=1))
    response = client.get(reverse("appointments:location_feed", args=[plain]))
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 2 and other.pk
    assert client.get(reverse("appointments:counsellor_feed", args=[plain])).status_code == 404


def test_free_slots_needs_case_write(client, personas):
    client.force_login(personas.partner)
    assert client.get(reverse("appointments:free")).status_code == 403


def test_past_days_are_not_offered(client, personas, location):
    past = make_day(location, personas.team_lead, on=timezone.localdate() - timedelta(days=2))
    client.force_login(personas.hotline)
    page = client.get(reverse("appointments:free"), {"start": past.date, "end": past.date})
    assert "No free slots in this period." in page.content.decode()


def test_team_lead_creates_and_revokes_a_location_link(client, personas, day):
    client.force_login(personas.team_lead)
    client.post(reverse("appointments:location_calendar_create"), {"location": day.location.pk})
    page = client.get(reverse("appointments:calendars"))
    link = page.context["new_link"]
    assert "/calendars/location/" in link
    token = CalendarToken.objects.get(kind="location")
    client.post(reverse("appointments:calendar_revoke"), {"token": token.pk})
    client.logout()
    assert client.get(link).status_code == 404
    client.force_login(personas.counsellor)
    assert client.post(reverse("appointments:location_calendar_create"),
                       {"location": day.location.pk}).status_code == 403
