"""A call or callback turned into a case (with the duplicate check) or an appointment in one step."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from apps.appointments.models import Appointment
from apps.appointments.tests.factories import make_day, make_location
from apps.cases.models import Case
from apps.hotline import handover, services
from apps.hotline.models import Call
from apps.jobs import sms
from apps.jobs.testing import run_jobs
from tests.factories import make_case


@pytest.fixture(autouse=True)
def _clean_sms():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


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


def test_a_booking_without_the_callers_consent_records_none_and_sends_nothing(
        client, personas, orgs, hotline_office, django_capture_on_commit_callbacks):
    day = make_day(make_location(orgs.iom), personas.team_lead)
    callback = _callback(personas)
    client.force_login(personas.hotline)
    page = client.get(reverse("hotline:callback_book", args=[callback.pk])).content.decode()
    assert 'name="consent"' in page and "checked" not in page.split('name="consent"')[1].split(">")[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("hotline:callback_book", args=[callback.pk]), {
            "slot": day.slots.first().pk, "pseudonym": "Mohammad", "phone": "+496511234567"})
    assert response.status_code == 302
    assert Appointment.objects.get().consent_given_at is None
    run_jobs()
    assert not sms.outbox


def test_consent_needs_a_number_to_send_the_confirmation_to(client, personas, orgs, hotline_office):
    day = make_day(make_location(orgs.iom), personas.team_lead)
    call = services.call_log(actor=personas.hotline, data={"language": "fa"})
    client.force_login(personas.hotline)
    response = client.post(reverse("hotline:call_book", args=[call.pk]), {
        "slot": day.slots.first().pk, "pseudonym": "Reza", "consent": "on"})
    assert response.status_code == 200 and "Enter the phone number the confirmation" in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("language", ["fa", "sr-latn"])
def test_a_booking_with_consent_sends_the_confirmation_with_the_manage_link_in_the_callers_language(
        client, personas, orgs, hotline_office, django_capture_on_commit_callbacks, language):
    day = make_day(make_location(orgs.iom), personas.team_lead)
    call = services.call_log(actor=personas.hotline, data={"language": language})
    client.force_login(personas.hotline)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("hotline:call_book", args=[call.pk]), {
            "slot": day.slots.first().pk, "pseudonym": "Reza", "phone": "0176 12345678", "consent": "on"})
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.consent_given_at is not None and appointment.language == language
    run_jobs()
    [message] = sms.outbox
    with override(language):
        booked = gettext("Your counselling appointment is booked")
    assert booked != "Your counselling appointment is booked"  # a real translation, not the English source
    assert message.phone == "+4917612345678" and message.text.startswith(booked)
    link = re.search(rf"http://testserver(/{language}/appointment/[\w-]+/)", message.text)
    assert link, message.text
    manage = client.get(link.group(1))
    assert manage.status_code == 200 and appointment.confirmation_code in manage.content.decode()


def test_the_booking_language_is_the_client_code_unchanged():
    assert [handover.booking_language(code) for code in ("sr-latn", "kmr", "fa", "")] == [
        "sr-latn", "kmr", "fa", "de"]
