"""The portal's record type (apps.portal.privacy): accessibility feedback."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import Office
from apps.portal import privacy
from apps.portal.models import AccessibilityFeedback
from apps.privacy.registry import ANONYMISE, DELETE, RetentionScope
from tests.factories import OfficeFactory


@pytest.fixture(autouse=True)
def _clock(fixed_clock):
    """Periods count back from "now": a fixed moment (conftest.FIXED_MOMENT), not the day of the run."""


def feedback(days_ago):
    return AccessibilityFeedback.objects.create(name="Marker", email="marker@example.org", message="Kontrast",
                                                language="de", received_at=timezone.now() - timedelta(days=days_ago))


def test_feedback_is_the_hotline_organisations_and_goes_after_the_period(orgs):
    OfficeFactory(organisation=orgs.diakonie, name="Hotline", kind=Office.Kind.HOTLINE)
    old, recent = feedback(800), feedback(10)
    runs = {org: RetentionScope(organisation_id=org.pk, now=timezone.now(), months=24, held_case_ids=frozenset())
            for org in (orgs.iom, orgs.diakonie)}

    assert not privacy.feedback_due(runs[orgs.iom]).exists()  # counted once, by the portal's organisation
    assert list(privacy.feedback_due(runs[orgs.diakonie])) == [old]
    assert privacy.feedback_apply(privacy.feedback_due(runs[orgs.diakonie]), DELETE) == 1
    assert list(AccessibilityFeedback.objects.all()) == [recent]


def test_anonymised_feedback_keeps_only_page_language_and_time(orgs):
    old = feedback(800)
    run = RetentionScope(organisation_id=privacy.portal_organisation_id(), now=timezone.now(), months=24,
                         held_case_ids=frozenset())
    privacy.feedback_apply(privacy.feedback_due(run), ANONYMISE)
    old.refresh_from_db()
    assert (old.name, old.email, old.message, old.language) == ("", "", privacy.ANONYMISED_TEXT, "de")
    assert not privacy.feedback_due(run).exists()
