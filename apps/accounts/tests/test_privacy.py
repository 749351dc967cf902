"""Staff accounts' record type (apps.accounts.privacy): anonymised after deactivation."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import privacy, services
from apps.accounts.models import User
from apps.audit.models import AuditEntry
from apps.audit.services import record
from apps.privacy.registry import RetentionScope


def scope(orgs, now, months=12):
    return RetentionScope(organisation_id=orgs.iom.pk, now=now, months=months, held_case_ids=frozenset())


def deactivate(admin, user):
    membership = user.memberships.get()
    return services.membership_update(actor=admin, membership=membership, role=membership.role,
                                      office=membership.office, is_active=False)


def test_deactivation_starts_the_period_and_reactivation_ends_it(personas):
    membership = deactivate(personas.iom_admin, personas.team_lead)
    assert membership.deactivated_at is not None
    membership = services.membership_update(actor=personas.iom_admin, membership=membership, role=membership.role,
                                            office=membership.office, is_active=True)
    assert membership.deactivated_at is None


def test_a_staff_member_gone_for_the_period_is_anonymised_and_keeps_the_audit_id(personas, orgs):
    leaver = personas.team_lead
    TOTPDevice.objects.create(user=leaver, name="phone", confirmed=True)
    entry = record(leaver, "case.viewed", organisation_id=orgs.iom.pk)
    deactivate(personas.iom_admin, leaver)
    later = timezone.now() + timedelta(days=400)

    assert not privacy.accounts_due(scope(orgs, timezone.now())).exists()
    with time_machine.travel(later, tick=False):
        assert list(privacy.accounts_due(scope(orgs, later))) == [leaver]
        assert privacy.accounts_apply(privacy.accounts_due(scope(orgs, later)), "anonymise") == 1

    leaver = User.objects.get(pk=leaver.pk)
    assert leaver.full_name == f"#{leaver.pk}" and leaver.email.endswith("@anonymised.invalid")
    assert not leaver.has_usable_password() and not leaver.is_active
    assert not TOTPDevice.objects.filter(user=leaver).exists()
    assert AuditEntry.objects.get(pk=entry.pk).actor_id == leaver.pk
    assert not privacy.accounts_due(scope(orgs, later)).exists()
    assert User.objects.get(pk=personas.counsellor.pk).full_name != f"#{personas.counsellor.pk}"


def test_the_apps_below_privacy_are_registered_through_privacy():
    from apps.audit import privacy as audit_privacy
    from apps.jobs import privacy as jobs_privacy
    from apps.privacy import registry

    assert registry.record_type("accounts.deactivated_users").apply is privacy.accounts_apply
    assert registry.record_type("audit.entries").due is audit_privacy.entries_due
    assert registry.record_type("jobs.exports").apply is jobs_privacy.exports_apply
    assert "security_logging" in {activity.code for activity in registry.processing_activities()}
