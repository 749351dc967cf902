"""A call or callback turned into a case (with the duplicate check) or an appointment in one step."""

from django.urls import reverse

from apps.appointments.models import Appointment
from apps.appointments.tests.factories import make_day, make_location
from apps.cases.models import Case
from apps.hotline import services
from apps.hotline.models import Call
from tests.factories import make_case


def _person_post(**overrides):
    data = {"person-family_name": "Hosseini", "person-given_names": "Mohammad", "person-sex": "male",
            "person-birth_date_precision": "exact", "person-residence_status": "toleration",
            "person-language_1": "fa", "person-level_1": "native"}
    data.update(overrides)
    return data


def _callback(personas):
    return services.callback_request_submit_public(phone="0651 1234567", language="fa", window="morning",
                                                   first_name="Mohammad", consent=True)


def test_duplicates_are_shown_before_a_case_is_opened_from_a_callback(client, personas, orgs, hotline_office):
    existing = make_case(personas.counsellor, orgs.iom)
    callback = _callback(personas)
    client.force_login(personas.hotline)
    url = reverse("hotline:callback_case", args=[callback.pk])
    assert client.get(url).status_code == 200
    shown = client.post(url, _person_post())
    assert shown.status_code == 200 and "Possible duplicates" in shown.content.decode()
    assert Case.objects.count() == 1
    person = existing.household.members.get().person
    response = client.post(url, {"person_pk": person.pk})
    case = Case.objects.exclude(pk=existing.pk).get()
    assert response.status_code == 302 and case.household == existing.household
    assert case.first_contact_source == "hotline"
    callback.refresh_from_db()
    assert callback.case == case and callback.version == 2


def test_a_new_person_confirmed_opens_a_case_and_marks_the_call(client, personas, orgs):
    make_case(personas.counsellor, orgs.iom)
    call = services.call_log(actor=personas.hotline, data={"language": "fa", "outcomes": ["information"]})
    client.force_login(personas.hotline)
    url = reverse("hotline:call_case", args=[call.pk])
    client.post(url, _person_post(confirm_new="1"))
    call.refresh_from_db()
    assert call.case is not None and call.outcomes == ["information", "case"]
    assert Case.objects.count() == 2


def test_case_person_of_another_organisation_is_404(client, personas, orgs):
    other = make_case(personas.diakonie_counsellor, orgs.diakonie)
    call = services.call_log(actor=personas.hotline, data={"language": "fa"})
    client.force_login(personas.hotline)
    response = client.post(reverse("hotline:call_case", args=[call.pk]),
                           {"person_pk": other.household.members.get().person.pk})
    assert response.status_code == 404 and Case.objects.count() == 1


def test_book_a_free_slot_for_a_callback(client, personas, orgs, hotline_office):
    day = make_day(make_location(orgs.iom), personas.team_lead)
    callback = _callback(personas)
    client.force_login(personas.hotline)
    url = reverse("hotline:callback_book", args=[callback.pk])
    page = client.get(url)
    slot = day.slots.order_by("starts_at").first()
    assert page.status_code == 200 and 'value="+496511234567"' in page.content.decode()
    response = client.post(url, {"slot": slot.pk, "pseudonym": "Mohammad", "phone": "+496511234567"})
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert (appointment.slot, appointment.language, appointment.booked_by) == (slot, "fa", personas.hotline)
    callback.refresh_from_db()
    assert callback.appointment == appointment


def test_booking_a_slot_of_another_organisation_is_refused(client, personas, orgs):
    day = make_day(make_location(orgs.diakonie), personas.diakonie_counsellor)
    call = services.call_log(actor=personas.hotline, data={"language": "sr-latn"})
    client.force_login(personas.hotline)
    response = client.post(reverse("hotline:call_book", args=[call.pk]),
                           {"slot": day.slots.first().pk, "pseudonym": "X"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Appointment.objects.exists()
    assert Call.objects.get().appointment is None
