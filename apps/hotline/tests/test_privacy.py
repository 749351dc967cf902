"""The hotline's record types and subject source (apps.hotline.privacy)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.hotline import privacy
from apps.hotline.models import Call, CallbackAttempt, CallbackRequest
from apps.privacy.registry import ANONYMISE, DELETE, ERASE, ErasureContext, RetentionScope


@pytest.fixture(autouse=True)
def _clock(fixed_clock):
    """Periods count back from "now": a fixed moment (conftest.FIXED_MOMENT), not the day of the run."""


def scope(orgs, months=6, held=()):
    return RetentionScope(organisation_id=orgs.iom.pk, now=timezone.now(), months=months,
                          held_case_ids=frozenset(held))


def call(personas, orgs, *, days_ago, case=None, name="Maryam Marker", phone="+49 651 123456"):
    return Call.objects.create(organisation=orgs.iom, agent=personas.hotline, caller_name=name, phone=phone,
                               phone_hash="h" if phone else "", case=case,
                               started_at=timezone.now() - timedelta(days=days_ago))


def callback(orgs, *, days_ago, status=CallbackRequest.Status.CLOSED, case=None, note="Rief Maryam an"):
    moment = timezone.now() - timedelta(days=days_ago)
    request = CallbackRequest.objects.create(
        organisation=orgs.iom, source=CallbackRequest.Source.PORTAL, first_name="Maryam", phone="+49 651 123456",
        phone_hash="h", language="fa", requested_at=moment, due_at=moment, status=status, case=case,
        closed_at=moment if status == CallbackRequest.Status.CLOSED else None)
    CallbackAttempt.objects.create(callback=request, agent=request.organisation.memberships.first().user,
                                   outcome=CallbackAttempt.Outcome.REACHED, note=note, at=moment)
    return request


def test_calls_lose_the_callers_name_and_number_after_the_period_and_keep_the_figures(personas, orgs, iom_case):
    old = call(personas, orgs, days_ago=200)
    recent = call(personas, orgs, days_ago=30)
    held = call(personas, orgs, days_ago=200, case=iom_case)
    nameless = call(personas, orgs, days_ago=200, name="", phone="")
    rule = scope(orgs, held={iom_case.pk})

    assert list(privacy.calls_due(rule)) == [old]
    assert privacy.calls_held(rule) == 1
    assert privacy.calls_apply(privacy.calls_due(rule), ANONYMISE) == 1

    old.refresh_from_db()
    assert (old.caller_name, old.phone, old.phone_hash, old.topic) == ("", "", "", Call.Topic.COUNSELLING)
    assert Call.objects.get(pk=recent.pk).caller_name == "Maryam Marker"
    assert Call.objects.get(pk=held.pk).caller_name == "Maryam Marker"
    assert Call.objects.filter(pk=nameless.pk).exists()
    assert not privacy.calls_due(rule).exists()  # the next run finds nothing again


def test_closed_callbacks_are_anonymised_and_open_ones_are_never_due(personas, orgs):
    closed = callback(orgs, days_ago=120)
    still_open = callback(orgs, days_ago=400, status=CallbackRequest.Status.OPEN)
    rule = scope(orgs, months=3)

    assert list(privacy.callbacks_due(rule)) == [closed]
    privacy.callbacks_apply(privacy.callbacks_due(rule), ANONYMISE)

    closed.refresh_from_db()
    assert (closed.first_name, closed.phone, closed.phone_hash) == ("", "", "")
    assert closed.closed_at is not None and closed.requested_at is not None  # the service level stays
    assert closed.attempts.get().note == ""
    assert CallbackRequest.objects.get(pk=still_open.pk).phone == "+49 651 123456"

    deleted = callback(orgs, days_ago=120)
    assert privacy.callbacks_apply(privacy.callbacks_due(rule), DELETE) == 1
    assert not CallbackRequest.objects.filter(pk=deleted.pk).exists()


@pytest.mark.parametrize("mode", [ERASE, ANONYMISE])
def test_a_persons_erasure_takes_the_calls_of_their_whole_cases_and_scrubs_shared_ones(
        personas, orgs, iom_case, restricted_case, mode):
    whole_call = call(personas, orgs, days_ago=1, case=iom_case)
    whole_callback = callback(orgs, days_ago=1, case=iom_case)
    shared_call = call(personas, orgs, days_ago=1, case=restricted_case, name="Maryam Marker und Sohn")
    shared_callback = callback(orgs, days_ago=1, case=restricted_case, note="Maryam Marker nicht erreicht")
    person = iom_case.household.members.get().person

    records = list(privacy.collect(person.pk))
    assert {r.kind for r in records} == {"hotline_call", "callback_request"}
    assert any("Maryam Marker" in str(r.fields) for r in records)

    context = ErasureContext(person_id=person.pk, organisation_id=orgs.iom.pk, mode=mode,
                             names=["Maryam Marker", "Maryam"], whole_case_ids={iom_case.pk},
                             shared_case_ids={restricted_case.pk}, now=timezone.now())
    privacy.erase(context)

    if mode == ERASE:
        assert not Call.objects.filter(pk=whole_call.pk).exists()
        assert not CallbackRequest.objects.filter(pk=whole_callback.pk).exists()
    else:
        assert Call.objects.get(pk=whole_call.pk).caller_name == ""
        assert CallbackRequest.objects.get(pk=whole_callback.pk).phone == ""
    assert Call.objects.get(pk=shared_call.pk).caller_name == "[…] und Sohn"
    assert Call.objects.get(pk=shared_call.pk).version == shared_call.version + 1  # an open form cannot write it back
    assert CallbackAttempt.objects.get(callback=shared_callback).note == "[…] nicht erreicht"
    assert context.counts["hotline.calls"] == 1 and context.counts["hotline.scrubbed"] >= 2
