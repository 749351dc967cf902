from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import AuditEntry
from apps.core.errors import ConcurrentEditError
from apps.jobs.testing import run_jobs
from apps.mobile import services
from apps.mobile.models import CounsellingLocation, HostingRequest, MobileCounsellingDay
from apps.mobile.signals import counselling_day_cancelled, counselling_day_moved
from apps.mobile.tests.helpers import make_day, make_location, make_request, next_working_day

pytestmark = pytest.mark.django_db


# --- Recurrence ---------------------------------------------------------------------------

def test_a_weekly_series_skips_public_holidays():
    # 14 May 2026 is Ascension Day (Christi Himmelfahrt), a holiday in Rhineland-Palatinate.
    dates = services.recurrence_dates(date(2026, 5, 7), "weekly", date(2026, 5, 28))
    assert dates == [date(2026, 5, 7), date(2026, 5, 21), date(2026, 5, 28)]


def test_a_fortnightly_series_skips_weekdays_the_location_is_not_available():
    dates = services.recurrence_dates(date(2026, 3, 2), "fortnightly", date(2026, 3, 31), weekdays=[0])
    assert dates == [date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 30)]
    assert services.recurrence_dates(date(2026, 3, 2), "weekly", date(2026, 3, 31), weekdays=[2]) == []


def test_a_monthly_series_keeps_the_day_of_the_month_or_the_last_day():
    dates = services.recurrence_dates(date(2026, 1, 31), "monthly", date(2026, 4, 30))
    assert dates == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_a_series_needs_an_end_and_a_known_rhythm():
    with pytest.raises(ValidationError):
        services.recurrence_dates(date(2026, 1, 5), "weekly", None)
    with pytest.raises(ValidationError):
        services.recurrence_dates(date(2026, 1, 5), "daily", date(2026, 2, 5))


# --- Days -----------------------------------------------------------------------------------

def test_day_create_makes_a_series_with_one_key_and_slots_on_each_day(personas, orgs):
    location = make_location(personas.team_lead, orgs.iom)
    days = make_day(personas.team_lead, location, on=date(2026, 5, 7), counsellors=[personas.counsellor],
                    recurrence="weekly", until=date(2026, 5, 28), interpreter_languages=["fa"])
    assert [d.date for d in days] == [date(2026, 5, 7), date(2026, 5, 21), date(2026, 5, 28)]
    assert len({d.series for d in days}) == 1 and days[0].series is not None
    assert all(d.slots.count() == 3 for d in days)
    assert list(days[0].counsellors.all()) == [personas.counsellor]
    assert AuditEntry.objects.filter(action="counselling_day.created").count() == 3


def test_a_single_day_on_a_public_holiday_is_refused(personas, orgs):
    location = make_location(personas.team_lead, orgs.iom)
    with pytest.raises(ValidationError) as error:
        make_day(personas.team_lead, location, on=date(2026, 10, 3))
    assert "date" in error.value.message_dict


def test_a_counsellor_is_at_one_location_per_day(personas, orgs):
    first, second = make_location(personas.team_lead, orgs.iom), make_location(personas.team_lead, orgs.iom)
    on = next_working_day()
    make_day(personas.team_lead, first, on=on, counsellors=[personas.counsellor])
    with pytest.raises(ValidationError) as error:
        make_day(personas.team_lead, second, on=on, counsellors=[personas.counsellor])
    assert "counsellors" in error.value.message_dict


def test_only_counselling_staff_of_the_organisation_can_be_counsellors(personas, orgs):
    location = make_location(personas.team_lead, orgs.iom)
    with pytest.raises(ValidationError):
        make_day(personas.team_lead, location, counsellors=[personas.diakonie_counsellor])


def test_day_create_needs_mobile_plan_in_the_locations_organisation(personas, orgs):
    location = make_location(personas.team_lead, orgs.iom)
    with pytest.raises(PermissionDenied):
        make_day(personas.counsellor, location)


def test_cancelling_a_day_sends_the_signal_with_the_reason(personas, orgs):
    day = make_day(personas.team_lead, make_location(personas.team_lead, orgs.iom))[0]
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    counselling_day_cancelled.connect(receiver)
    try:
        services.day_cancel(actor=personas.team_lead, day=day, reason="Raum nicht verfügbar")
    finally:
        counselling_day_cancelled.disconnect(receiver)
    day.refresh_from_db()
    assert day.status == MobileCounsellingDay.Status.CANCELLED
    assert heard == [{"signal": counselling_day_cancelled, "actor": personas.team_lead, "day": day,
                      "reason": "Raum nicht verfügbar"}]
    with pytest.raises(ValidationError):
        services.day_cancel(actor=personas.team_lead, day=day, reason="again")


def test_cancelling_with_a_stale_version_is_a_conflict(personas, orgs):
    day = make_day(personas.team_lead, make_location(personas.team_lead, orgs.iom))[0]
    with pytest.raises(ConcurrentEditError):
        services.day_cancel(actor=personas.team_lead, day=day, reason="x", expected_version=day.version + 1)


def test_moving_a_day_creates_a_new_one_cancels_the_old_and_sends_the_signal(personas, orgs):
    old = make_day(personas.team_lead, make_location(personas.team_lead, orgs.iom),
                   counsellors=[personas.counsellor], slot_minutes=30, buffer_minutes=0)[0]
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    counselling_day_moved.connect(receiver)
    try:
        new = services.day_move(actor=personas.team_lead, day=old, data={
            "date": next_working_day(14), "starts_at": time(13), "ends_at": time(15)})
    finally:
        counselling_day_moved.disconnect(receiver)
    old.refresh_from_db()
    assert old.status == MobileCounsellingDay.Status.CANCELLED and new.moved_from == old
    assert new.starts_at == time(13) and new.slots.count() == 4
    assert list(new.counsellors.all()) == [personas.counsellor]
    assert heard == [{"signal": counselling_day_moved, "actor": personas.team_lead, "old_day": old, "new_day": new}]


# --- Locations --------------------------------------------------------------------------------

def test_location_update_and_deactivate_are_locked_and_audited(personas, orgs):
    location = make_location(personas.team_lead, orgs.iom)
    services.location_update(actor=personas.team_lead, location=location, data={"rooms": "Raum 2"},
                             expected_version=1)
    with pytest.raises(ConcurrentEditError):
        services.location_update(actor=personas.team_lead, location=location, data={"rooms": "x"},
                                 expected_version=1)
    services.location_deactivate(actor=personas.team_lead, location=location)
    location.refresh_from_db()
    assert location.rooms == "Raum 2" and not location.is_active
    assert AuditEntry.objects.filter(action__startswith="counselling_location.").count() == 3


def test_available_hours_must_not_be_reversed(personas, orgs):
    with pytest.raises(ValidationError):
        make_location(personas.team_lead, orgs.iom, available_from=time(14), available_to=time(9))


# --- Hosting requests -------------------------------------------------------------------------

def test_demand_weight_is_expected_clients_per_month():
    assert services.demand_weight("weekly", 5) == Decimal("21.65")
    assert services.demand_weight("monthly", 6) == Decimal("6.00")
    assert services.demand_weight("quarterly", 1) == Decimal("1.00")  # at least 1


def test_accepting_creates_partner_premises_hosted_by_the_requester_and_mails_them(
        personas, orgs, mailoutbox, django_capture_on_commit_callbacks):
    request = make_request(personas.partner, orgs.partner, orgs.iom, frequency="fortnightly",
                           expected_clients=4, preferred_weekdays=[1, 3])
    with django_capture_on_commit_callbacks(execute=True):
        location = services.hosting_request_accept(actor=personas.team_lead, hosting_request=request,
                                                   response="Gern", expected_version=1)
    request.refresh_from_db()
    assert request.status == HostingRequest.Status.ACCEPTED and request.location == location
    assert request.decided_by == personas.team_lead
    assert location.kind == CounsellingLocation.Kind.PARTNER_PREMISES and location.host == orgs.partner
    assert location.organisation == orgs.iom and location.available_weekdays == [1, 3]
    assert location.demand_weight == Decimal("8.68")
    assert not mailoutbox  # in the outbox, for the delivery job
    run_jobs()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["staff@partner.test"]
    assert "accepted" in mailoutbox[0].subject


def test_only_the_receiving_organisation_decides(personas, orgs):
    request = make_request(personas.partner, orgs.partner, orgs.iom)
    with pytest.raises(PermissionDenied):
        services.hosting_request_decline(actor=personas.coordinator, hosting_request=request, reason="no")
    with pytest.raises(PermissionDenied):
        make_request(personas.counsellor, orgs.iom, orgs.iom)


def test_declining_needs_a_reason_and_a_decided_request_stays_decided(personas, orgs):
    request = make_request(personas.partner, orgs.partner, orgs.iom)
    with pytest.raises(ValidationError):
        services.hosting_request_decline(actor=personas.team_lead, hosting_request=request, reason=" ")
    services.hosting_request_decline(actor=personas.team_lead, hosting_request=request, reason="Keine Kapazität")
    with pytest.raises(ValidationError):
        services.hosting_request_accept(actor=personas.team_lead, hosting_request=request)
    assert not CounsellingLocation.objects.exists()


def test_after_proposed_changes_the_requester_may_withdraw(personas, orgs):
    request = make_request(personas.partner, orgs.partner, orgs.iom)
    services.hosting_request_propose_changes(actor=personas.team_lead, hosting_request=request,
                                             response="Lieber dienstags?")
    services.hosting_request_withdraw(actor=personas.partner, hosting_request=request)
    request.refresh_from_db()
    assert request.status == HostingRequest.Status.WITHDRAWN and request.response == "Lieber dienstags?"


def test_a_request_goes_to_a_counselling_provider_only(personas, orgs):
    with pytest.raises(ValidationError):
        make_request(personas.partner, orgs.partner, orgs.diakonie)
    with pytest.raises(ValidationError):
        make_request(personas.partner, orgs.partner, orgs.iom, languages=["xx-unknown"])
