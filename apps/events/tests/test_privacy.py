"""The events' record types (apps.events.privacy): registrations and feedback comments."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.events import privacy
from apps.events.models import Event, Feedback, Registration
from apps.privacy.registry import ANONYMISE, RetentionScope


@pytest.fixture(autouse=True)
def _clock(fixed_clock):
    """Periods count back from "now": a fixed moment (conftest.FIXED_MOMENT), not the day of the run."""


def event(orgs, *, days_ago):
    start = timezone.now() - timedelta(days=days_ago)
    return Event.objects.create(organisation=orgs.diakonie, title="Austauschtreffen", kind="exchange",
                                starts_at=start, ends_at=start + timedelta(hours=3), capacity=10,
                                public_token=f"token-{days_ago}")


def registration(event, n, status=Registration.Status.ATTENDED):
    return Registration.objects.create(
        event=event, name=f"Marker Person {n}", email=f"marker{n}@example.org", organisation_name="Flüchtlingsrat",
        accessibility_needs="Rollstuhl", channel=Registration.Channel.PUBLIC, status=status,
        consent_at=event.starts_at, manage_token_hash=f"hash-{event.pk}-{n}", manage_link="http://x/manage",
        email_hash=f"email-hash-{n}")


def test_registrations_lose_names_after_the_period_and_the_figures_stay(orgs):
    past, recent = event(orgs, days_ago=400), event(orgs, days_ago=30)
    attended, no_show = registration(past, 1), registration(past, 2, Registration.Status.NO_SHOW)
    kept = registration(recent, 3)
    scope = RetentionScope(organisation_id=orgs.diakonie.pk, now=timezone.now(), months=12,
                           held_case_ids=frozenset())
    other = RetentionScope(organisation_id=orgs.iom.pk, now=timezone.now(), months=12, held_case_ids=frozenset())

    assert set(privacy.registrations_due(scope)) == {attended, no_show}
    assert not privacy.registrations_due(other).exists()
    assert privacy.registrations_apply(privacy.registrations_due(scope), ANONYMISE) == 2

    attended.refresh_from_db()
    assert (attended.name, attended.email, attended.accessibility_needs, attended.manage_link) == ("", "", "", "")
    assert attended.email_hash == ""
    assert attended.status == Registration.Status.ATTENDED and attended.organisation_name == "Flüchtlingsrat"
    assert past.registrations.filter(status=Registration.Status.ATTENDED).count() == 1
    assert Registration.objects.get(pk=kept.pk).name == "Marker Person 3"
    assert not privacy.registrations_due(scope).exists()


def test_feedback_comments_go_and_the_ratings_stay(orgs):
    past = event(orgs, days_ago=400)
    feedback = Feedback.objects.create(event=past, registration=registration(past, 1), overall=4, usefulness=5,
                                       comment="Danke an Frau Marker")
    blank = Feedback.objects.create(event=past, registration=registration(past, 2), overall=3, usefulness=3)
    scope = RetentionScope(organisation_id=orgs.diakonie.pk, now=timezone.now(), months=12,
                           held_case_ids=frozenset())

    assert list(privacy.feedback_due(scope)) == [feedback]
    privacy.feedback_apply(privacy.feedback_due(scope), ANONYMISE)
    feedback.refresh_from_db()
    assert (feedback.comment, feedback.overall, feedback.usefulness) == ("", 4, 5)
    assert Feedback.objects.filter(pk=blank.pk).exists()
