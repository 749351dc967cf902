"""The outbox's and the exports' record types (apps.jobs.privacy)."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone

from apps.core.chunked import export_storage
from apps.jobs import privacy
from apps.jobs.models import ExportFile, OutboundMessage
from apps.privacy.registry import RetentionScope


@pytest.fixture(autouse=True)
def _clock(fixed_clock):
    """Periods count back from "now": a fixed moment (conftest.FIXED_MOMENT), not the day of the run."""


def scope(orgs, months=1):
    return RetentionScope(organisation_id=orgs.iom.pk, now=timezone.now(), months=months, held_case_ids=frozenset())


def message(orgs, status, days_ago, **fields):
    moment = timezone.now() - timedelta(days=days_ago)
    return OutboundMessage.objects.create(channel="email", status=status, payload='{"to": ["marker@example.org"]}',
                                          recipient_hint="m***@example.org", created_at=moment,
                                          sent_at=moment if status == "sent" else None, **fields)


def test_sent_and_failed_messages_lose_their_content_and_waiting_ones_keep_it(personas, orgs):
    sent = message(orgs, "sent", 40, organisation=orgs.iom)
    sign_in_mail = message(orgs, "failed", 40, recipient_user=personas.counsellor)
    waiting = message(orgs, "pending", 40, organisation=orgs.iom)
    recent = message(orgs, "sent", 5, organisation=orgs.iom)
    other = message(orgs, "sent", 40, organisation=orgs.diakonie)

    assert set(privacy.messages_due(scope(orgs))) == {sent, sign_in_mail}
    assert privacy.messages_apply(privacy.messages_due(scope(orgs)), "anonymise") == 2
    sent.refresh_from_db()
    assert (sent.payload, sent.recipient_hint, sent.status) == ("", "", "sent")
    for kept in (waiting, recent, other):
        assert OutboundMessage.objects.get(pk=kept.pk).payload.startswith('{"to"')


def test_expired_exports_and_those_of_deactivated_users_are_deleted_with_their_file(personas, orgs):
    name = export_storage().save("marker-export.enc", ContentFile(b"ciphertext"))
    old = timezone.now() - timedelta(days=40)

    def export(user, status, stored_name=""):
        return ExportFile.objects.create(requested_by=user, organisation=orgs.iom, kind="audit.log", format="csv",
                                         status=status, stored_name=stored_name, created_at=old)

    expired = export(personas.counsellor, ExportFile.Status.EXPIRED)
    active_users = export(personas.counsellor, ExportFile.Status.DONE, "other.enc")
    membership = personas.team_lead.memberships.get()
    membership.is_active = False
    membership.save()
    left = export(personas.team_lead, ExportFile.Status.DONE, name)

    assert set(privacy.exports_due(scope(orgs))) == {expired, left}
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert privacy.exports_apply(privacy.exports_due(scope(orgs)), "delete") == 2
    assert list(ExportFile.objects.all()) == [active_users]
    assert not export_storage().exists(name)
