"""Writes of the desk: audited, keyword-only, optimistic locking; the team lead's figures."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import AuditEntry
from apps.core.errors import ConcurrentEditError
from apps.core.registry import home_widgets
from apps.hotline import services
from apps.hotline.models import Call, CallbackRequest
from apps.hotline.overview import per_agent, queue_figures

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)


def _portal(phone="0651 1234567"):
    return services.callback_request_submit_public(phone=phone, language="ar", window="anytime", consent=True)


def test_call_log_is_audited_without_contact_data(personas):
    call = services.call_log(actor=personas.hotline, data={"language": "fa", "caller_name": "Reza Test",
                                                           "phone": "0651 5550000", "outcomes": ["referral"]})
    entry = AuditEntry.objects.get(action="call.logged")
    assert entry.object_id == str(call.pk) and "Reza" not in str(entry.details) and "555" not in str(entry.details)
    assert call.phone == "+496515550000" and call.phone_hash


def test_partner_cannot_log_and_duplicate_outcomes_are_refused(personas):
    with pytest.raises(PermissionDenied):
        services.call_log(actor=personas.partner, data={"language": "de"})
    with pytest.raises(ValidationError) as error:
        services.call_log(actor=personas.hotline, data={"language": "de", "outcomes": ["referral", "referral"]})
    assert "outcomes" in error.value.message_dict


def test_concurrent_edits_are_refused(personas, hotline_office):
    callback = _portal()
    stale = CallbackRequest.objects.get(pk=callback.pk)
    services.callback_close(actor=personas.hotline, callback=callback, reason="done", expected_version=1)
    with pytest.raises(ConcurrentEditError):
        services.callback_attempt_record(actor=personas.counsellor, callback=stale, outcome="reached",
                                         expected_version=1)
    call = services.call_log(actor=personas.hotline, data={"language": "de"})
    services.call_update(actor=personas.hotline, call=call, expected_version=1, data={"duration_minutes": 9})
    with pytest.raises(ConcurrentEditError):
        services.call_update(actor=personas.hotline, call=Call.objects.get(pk=call.pk), expected_version=1,
                             data={"duration_minutes": 3})
    assert Call.objects.get(pk=call.pk).duration_minutes == 9


def test_closed_requests_take_no_more_attempts(personas, hotline_office):
    callback = _portal()
    services.callback_close(actor=personas.hotline, callback=callback, reason="withdrawn", expected_version=1)
    with pytest.raises(ValidationError):
        services.callback_attempt_record(actor=personas.hotline, callback=callback, outcome="reached",
                                         expected_version=callback.version)


def test_service_level_share_counts_reached_by_the_deadline(personas, hotline_office):
    with time_machine.travel(MONDAY, tick=False):
        on_time, late, waiting = _portal("0651 1000001"), _portal("0651 1000002"), _portal("0651 1000003")
    with time_machine.travel(MONDAY + timedelta(hours=20), tick=False):  # Tuesday morning: within
        services.callback_attempt_record(actor=personas.hotline, callback=on_time, outcome="reached",
                                         expected_version=1)
    with time_machine.travel(MONDAY + timedelta(days=3), tick=False):  # Thursday: too late
        services.callback_attempt_record(actor=personas.hotline, callback=late, outcome="reached",
                                         expected_version=1)
        figures = queue_figures(personas.team_lead)
        agents = per_agent(personas.team_lead)
    # waiting is overdue and counts against the level; all three are still open.
    assert (figures.measured, figures.within, figures.share_within) == (3, 1, 33)
    assert figures.open_count == 3 and figures.overdue_count == 3
    assert figures.oldest == waiting.requested_at
    assert agents == [{"name": personas.hotline.full_name, "calls": 0, "attempts": 2, "open": 2}]


@time_machine.travel(MONDAY, tick=False)
def test_home_widget_counts_for_agents_only(personas, hotline_office):
    callback = _portal()
    services.callback_assign(actor=personas.hotline, callback=callback, assignee=personas.hotline,
                             expected_version=1)
    widgets = dict(home_widgets(personas.hotline))
    assert widgets["hotline/_home_callbacks.html"] == {"open": 1, "mine": 1, "overdue": 0}
    assert "hotline/_home_callbacks.html" not in dict(home_widgets(personas.partner))
