"""An administrator's actions on a member's *user* (second factor, enrolment, lockout, API
tokens) span all the user's organisations: they need org.manage in every one of them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import enrolment
from apps.accounts.extensions import api_tokens
from apps.accounts.models import Membership, Role, SecondFactorEnrolment
from apps.audit.models import AuditEntry

ACTIONS = ("member_second_factor_reset", "member_enrolment_link", "member_enrolment_code", "member_unlock",
           "member_token_revoke")


@pytest.fixture
def shared(personas, orgs):
    """The IOM counsellor also works at the Diakonie, and has a device and an API token."""
    user = personas.counsellor
    Membership.objects.create(user=user, organisation=orgs.diakonie, role=Role.objects.get(code="counsellor"))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    token, _plain = api_tokens().create(actor=user, user=user, name="laptop-sync", days=30)
    return user.memberships.get(organisation=orgs.iom), token


def test_an_administrator_of_one_of_the_users_organisations_cannot_act_on_the_user(client, personas, shared):
    membership, token = shared
    client.force_login(personas.iom_admin)
    page = client.get(reverse("accounts:member_edit", args=[membership.pk]))
    assert page.status_code == 200
    assert "laptop-sync" not in page.text and "Reset second factor" not in page.text
    assert "second_factor_enrolment" in page.text
    for name in ACTIONS:
        data = {"token": token.pk} if name == "member_token_revoke" else {}
        assert client.post(reverse(f"accounts:{name}", args=[membership.pk]), data).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert TOTPDevice.objects.filter(user=personas.counsellor).exists()
    assert not SecondFactorEnrolment.objects.filter(user=personas.counsellor).exists()
    assert not AuditEntry.objects.filter(action__in=["auth.second_factor_reset", "auth.lockout_lifted"]).exists()
    with pytest.raises(PermissionDenied):
        enrolment.second_factor_reset(actor=personas.iom_admin, membership=membership)
    with pytest.raises(PermissionDenied):
        api_tokens().revoke(actor=personas.iom_admin, user=personas.counsellor, token_id=token.pk)


def test_an_administrator_of_all_the_users_organisations_can_act(client, personas, orgs, shared):
    membership, token = shared
    Membership.objects.create(user=personas.iom_admin, organisation=orgs.diakonie,
                              role=Role.objects.get(code="org_admin"))
    client.force_login(personas.iom_admin)
    page = client.get(reverse("accounts:member_edit", args=[membership.pk]))
    assert "laptop-sync" in page.text and "Reset second factor" in page.text
    assert client.post(reverse("accounts:member_unlock", args=[membership.pk])).status_code == 302
    assert client.post(reverse("accounts:member_enrolment_code", args=[membership.pk])).status_code == 200
    assert client.post(reverse("accounts:member_enrolment_link", args=[membership.pk])).status_code == 302
    assert client.post(reverse("accounts:member_token_revoke", args=[membership.pk]),
                       {"token": token.pk}).status_code == 302
    assert client.post(reverse("accounts:member_second_factor_reset", args=[membership.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not TOTPDevice.objects.filter(user=personas.counsellor).exists()
    assert AuditEntry.objects.filter(action="auth.lockout_lifted").exists()


def test_an_inactive_membership_gives_no_user_wide_actions(client, personas, orgs):
    membership = personas.counsellor.memberships.get()
    Membership.objects.filter(pk=membership.pk).update(is_active=False)
    client.force_login(personas.iom_admin)
    assert client.post(reverse("accounts:member_enrolment_code", args=[membership.pk])).status_code == 404
