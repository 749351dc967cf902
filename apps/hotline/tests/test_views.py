"""The desk through the test client with real roles: agent yes, partner 403, other org 404."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.appointments.tests.factories import make_day, make_location
from apps.audit.models import AuditEntry
from apps.hotline import services
from apps.hotline.models import Call, CallbackAttempt, CallbackRequest
from apps.regions.models import District

BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY = datetime(2026, 12, 4, 14, 30, tzinfo=BERLIN)


def _call_post(**overrides):
    data = {"started_at": "14:20", "direction": "inbound", "duration_minutes": "7", "language": "ar",
            "topic": "programmes", "district": District.objects.get(ags="07211").pk, "outcomes": ["information"],
            "callback_window": "anytime"}
    data.update(overrides)
    return data


@time_machine.travel(FRIDAY, tick=False)
def test_agent_logs_an_anonymous_call_and_sees_it_today(client, personas):
    client.force_login(personas.hotline)
    page = client.get(reverse("hotline:desk"))
    assert page.status_code == 200 and 'value="14:30"' in page.content.decode()
    response = client.post(reverse("hotline:desk"), _call_post(), follow=True)
    call = Call.objects.get()
    assert (call.agent, call.language, call.duration_minutes, call.outcomes) == (personas.hotline, "ar", 7,
                                                                                 ["information"])
    assert call.started_at == datetime(2026, 12, 4, 14, 20, tzinfo=BERLIN)
    assert call.caller_name == "" and call.phone == ""
    assert "Trier" in response.content.decode() and "The call has been logged." in response.content.decode()


@time_machine.travel(FRIDAY, tick=False)
def test_promised_callback_needs_a_phone_and_then_enters_the_queue(client, personas, hotline_office):
    client.force_login(personas.hotline)
    refused = client.post(reverse("hotline:desk"), _call_post(outcomes=["callback"]))
    assert refused.status_code == 200 and "needs the caller" in refused.content.decode()
    assert 'value="7"' in refused.content.decode() and not Call.objects.exists()
    client.post(reverse("hotline:desk"), _call_post(outcomes=["callback"], phone="0651 998877",
                                                     caller_name="Omid K.", callback_window="morning"))
    callback = CallbackRequest.objects.get()
    assert callback.source_call == Call.objects.get() and callback.window == "morning"
    assert callback.first_name == "Omid" and callback.assigned_to == personas.hotline


@pytest.mark.parametrize("bad", [
    {"started_at": "25:99"}, {"started_at": "yesterday"}, {"duration_minutes": "-3"}, {"duration_minutes": "x"},
    {"language": "xx"}, {"direction": "sideways"}, {"district": "999999"}, {"outcomes": ["nonsense"]},
    {"phone": "12"}, {"started_at": "23:59"},
])
@time_machine.travel(FRIDAY, tick=False)
def test_bad_call_input_is_a_form_error_never_a_500(client, personas, bad):
    client.force_login(personas.hotline)
    response = client.post(reverse("hotline:desk"), _call_post(**bad))
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Call.objects.exists()


def test_partner_and_statistics_are_refused(client, personas):
    for user in (personas.partner, personas.statistics, personas.coordinator):
        client.force_login(user)
        assert client.get(reverse("hotline:desk")).status_code == 403
        assert client.get(reverse("hotline:callbacks")).status_code == 403
    client.force_login(personas.hotline)
    assert client.get(reverse("hotline:overview")).status_code == 403


def test_other_organisations_callbacks_are_404(client, personas, orgs, hotline_office):
    callback = services.callback_request_submit_public(phone="0651 1234567", language="ar", window="morning",
                                                       consent=True)
    client.force_login(personas.diakonie_counsellor)  # hotline.take, but in Diakonie
    assert client.get(reverse("hotline:callback", args=[callback.pk])).status_code == 404
    assert "1234567" not in client.get(reverse("hotline:callbacks")).content.decode()
    response = client.post(reverse("hotline:callback_close", args=[callback.pk]),
                           {"reason": "done", "version": callback.version})
    assert response.status_code == 404


@time_machine.travel(FRIDAY, tick=False)
def test_queue_read_is_audited_and_overdue_is_said_in_words(client, personas, hotline_office):
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN), tick=False):
        old = services.callback_request_submit_public(phone="0651 1234567", language="ar", window="morning",
                                                      consent=True)
    fresh = services.callback_request_submit_public(phone="0651 7654321", language="fa", window="anytime",
                                                    consent=True)
    client.force_login(personas.hotline)
    body = client.get(reverse("hotline:callbacks")).content.decode()
    assert body.count(">overdue<") == 1 and "+496511234567" in body and "+496517654321" in body
    entry = AuditEntry.objects.filter(action="callback.list_viewed").latest("pk")
    assert entry.details["ids"] == [old.pk, fresh.pk] and entry.actor == personas.hotline
    client.get(reverse("hotline:callback", args=[old.pk]))
    assert AuditEntry.objects.filter(action="callback.viewed", object_id=str(old.pk)).exists()


def test_attempts_suggest_closing_after_three_failures_then_close(client, personas, hotline_office):
    callback = services.callback_request_submit_public(phone="0651 1234567", language="ar", window="morning",
                                                       consent=True)
    client.force_login(personas.hotline)
    url = reverse("hotline:callback_attempt", args=[callback.pk])
    for version, outcome in enumerate(["no_answer", "voicemail", "no_answer"], start=1):
        assert client.post(url, {"outcome": outcome, "note": "", "version": version}).status_code == 302
    page = client.get(reverse("hotline:callback", args=[callback.pk])).content.decode()
    assert "Consider closing" in page and CallbackAttempt.objects.count() == 3
    client.post(reverse("hotline:callback_close", args=[callback.pk]), {"reason": "not_reached",
                                                                               "version": 4})
    callback.refresh_from_db()
    assert callback.status == "closed" and callback.close_reason == "not_reached"


def test_a_stale_form_is_refused_and_keeps_the_input(client, personas, hotline_office):
    callback = services.callback_request_submit_public(phone="0651 1234567", language="ar", window="morning",
                                                       consent=True)
    services.callback_attempt_record(actor=personas.counsellor, callback=callback, outcome="no_answer",
                                     expected_version=1)
    client.force_login(personas.hotline)
    response = client.post(reverse("hotline:callback_attempt", args=[callback.pk]),
                           {"outcome": "reached", "note": "spoke", "version": 1})
    assert response.status_code == 200 and "Someone else has changed" in response.content.decode()
    assert "spoke" in response.content.decode() and CallbackAttempt.objects.count() == 1


def test_bad_callback_actions_are_clear_errors(client, personas, hotline_office):
    callback = services.callback_request_submit_public(phone="0651 1234567", language="ar", window="morning",
                                                       consent=True)
    client.force_login(personas.hotline)
    for which, data in [("attempt", {"outcome": "x", "version": 1}), ("close", {"reason": "x", "version": 1}),
                        ("assign", {"assignee": personas.partner.pk, "version": 1}), ("close", {})]:
        response = client.post(reverse(f"hotline:callback_{which}", args=[callback.pk]), data)
        assert response.status_code == 200 and "errorlist" in response.content.decode(), which
    assert client.post(reverse("hotline:callback_take", args=[callback.pk]), {"version": "zz"}).status_code == 302


def test_agent_may_take_but_only_a_team_lead_assigns_a_colleague(personas, hotline_office):
    callback = services.callback_request_submit_public(phone="0651 1234567", language="ar", window="morning",
                                                       consent=True)
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        services.callback_assign(actor=personas.hotline, callback=callback, assignee=personas.counsellor,
                                 expected_version=1)
    services.callback_assign(actor=personas.team_lead, callback=callback, assignee=personas.hotline,
                             expected_version=1)
    assert callback.assigned_to == personas.hotline
    with pytest.raises(PermissionDenied):
        services.callback_assign(actor=personas.counsellor, callback=callback, assignee=None, expected_version=2)
    services.callback_assign(actor=personas.hotline, callback=callback, assignee=None, expected_version=2)
    assert callback.assigned_to is None


def _queue_queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("hotline:callbacks")).status_code == 200
    return len(queries)


def test_queue_and_overview_queries_do_not_grow_with_rows(client, personas, hotline_office):
    services.callback_request_submit_public(phone="0651 1000000", language="ar", window="morning", consent=True)
    one = _queue_queries(client, personas.team_lead)
    client.force_login(personas.team_lead)
    with CaptureQueriesContext(connection) as overview_one:
        client.get(reverse("hotline:overview"))
    for n in range(1, 5):
        callback = services.callback_request_submit_public(phone=f"0651 100000{n}", language="fa",
                                                           window="anytime", consent=True)
        services.callback_attempt_record(actor=personas.hotline, callback=callback, outcome="no_answer",
                                         expected_version=1)
        services.call_log(actor=personas.hotline, data={"language": "de"})
    assert _queue_queries(client, personas.team_lead) == one
    with CaptureQueriesContext(connection) as overview_five:
        assert client.get(reverse("hotline:overview")).status_code == 200
    assert len(overview_five) == len(overview_one)


PHONE = "+496511234567"


def _renders(client, url, data=None):
    """(shows the phone number, callback/call reads recorded while answering)."""
    before = AuditEntry.objects.filter(action__in=["callback.viewed", "call.viewed"]).count()
    response = client.post(url, data) if data is not None else client.get(url)
    after = AuditEntry.objects.filter(action__in=["callback.viewed", "call.viewed"]).count()
    return PHONE in response.content.decode(), after - before


def test_every_page_that_shows_a_phone_number_records_the_read(client, personas, orgs, hotline_office):
    make_day(make_location(orgs.iom), personas.team_lead)  # free slots: the booking form shows the number
    callback = services.callback_request_submit_public(phone="0651 1234567", language="ar", window="morning",
                                                       consent=True)
    call = services.call_log(actor=personas.hotline, data={"language": "ar", "phone": "0651 1234567"})
    services.callback_attempt_record(actor=personas.counsellor, callback=callback, outcome="no_answer",
                                     expected_version=1)
    client.force_login(personas.hotline)
    pages = [
        (reverse("hotline:callback", args=[callback.pk]), None),
        (reverse("hotline:callback_attempt", args=[callback.pk]), {"outcome": "x", "version": 2}),
        (reverse("hotline:callback_attempt", args=[callback.pk]), {"outcome": "reached", "version": 1}),  # stale
        (reverse("hotline:callback_assign", args=[callback.pk]), {"assignee": personas.partner.pk, "version": 2}),
        (reverse("hotline:callback_close", args=[callback.pk]), {}),
        (reverse("hotline:callback_book", args=[callback.pk]), None),
        (reverse("hotline:call", args=[call.pk]), None),
        (reverse("hotline:call_book", args=[call.pk]), None),
    ]
    for url, data in pages:
        shown, reads = _renders(client, url, data)
        assert shown and reads >= 1, (url, data, shown, reads)


def test_back_office_pages_name_languages_in_german(client, personas, hotline_office, settings):
    settings.LANGUAGE_CODE = "de"
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN), tick=False):
        callback = services.callback_request_submit_public(phone="0651 1234567", language="ru",
                                                           window="morning", consent=True)
    with time_machine.travel(FRIDAY, tick=False):
        call = services.call_log(actor=personas.hotline, data={"language": "ps"})
        services.call_log(actor=personas.hotline, data={"language": "sr-latn"})
        client.force_login(personas.team_lead)
        pages = {
            "desk": (reverse("hotline:desk"), ["Paschtu", "Serbisch"]),
            "queue": (reverse("hotline:callbacks"), ["Russisch"]),
            "callback": (reverse("hotline:callback", args=[callback.pk]), ["Russisch"]),
            "call": (reverse("hotline:call", args=[call.pk]), ["Paschtu"]),
            "overview": (reverse("hotline:overview"), ["Russisch"]),
        }
        for name, (url, words) in pages.items():
            body = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
            for word in words:
                assert f">{word}" in body, (name, word)
            assert ">ru<" not in body and ">ps<" not in body and ">sr-latn" not in body, name


FRIDAY_AFTERNOON = datetime(2026, 11, 27, 16, 0, tzinfo=BERLIN)


def test_a_request_before_the_weekend_is_shown_due_by_the_end_of_monday(client, personas, hotline_office):
    with time_machine.travel(FRIDAY_AFTERNOON, tick=False):
        callback = services.callback_request_submit_public(phone="0651 1234567", language="fa",
                                                           window="morning", consent=True)
    # The service level is unchanged: due at the end of Monday, overdue from Tuesday 00:00.
    assert callback.due_at == datetime(2026, 12, 1, 0, 0, tzinfo=BERLIN)
    client.force_login(personas.team_lead)
    with time_machine.travel(datetime(2026, 11, 30, 23, 59, tzinfo=BERLIN), tick=False):
        queue = client.get(reverse("hotline:callbacks")).content.decode()
        detail = client.get(reverse("hotline:callback", args=[callback.pk])).content.decode()
    assert "Mon 30.11., end of day" in queue and ">overdue<" not in queue and "Tue 01.12." not in queue
    assert "Mon 30.11.2026, end of day" in detail and "00:00" not in detail
    with time_machine.travel(datetime(2026, 12, 1, 0, 1, tzinfo=BERLIN), tick=False):
        queue = client.get(reverse("hotline:callbacks")).content.decode()
        overview = client.get(reverse("hotline:overview")).content.decode()
    assert ">overdue<" in queue and "Mon 30.11., end of day" in queue
    assert "Mon 30.11., end of day" in overview and "Tue 01.12." not in overview
