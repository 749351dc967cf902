"""Services of the accounts app: permission checks, scoping, audit and the second factor."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import services
from apps.accounts.models import Membership, Role, User
from apps.audit.models import AuditEntry
from apps.jobs.testing import run_jobs
from tests.factories import TEST_PASSWORD, OfficeFactory


def role(code):
    return Role.objects.get(code=code)


def create(actor, organisation, email="new@iom.test", **kwargs):
    data = {"full_name": "New Person", "role": role("counsellor"), "office": None, **kwargs}
    return services.member_create(actor=actor, organisation=organisation, email=email, **data)


def test_member_create_needs_org_manage_in_that_organisation(personas, orgs):
    with pytest.raises(PermissionDenied):
        create(personas.iom_admin, orgs.diakonie)
    with pytest.raises(PermissionDenied):
        create(personas.team_lead, orgs.iom)
    assert not User.objects.filter(email="new@iom.test").exists()


def test_member_create_makes_a_user_without_password_and_audits(
    personas, orgs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = create(personas.iom_admin, orgs.iom, email=" New@IOM.test ", office=personas.trier)
    run_jobs()  # the invitation waits in the outbox for its delivery job
    assert membership.user.email == "new@iom.test"
    assert not membership.user.has_usable_password()
    entry = AuditEntry.objects.get(action="membership.created")
    assert entry.organisation_id == orgs.iom.pk
    assert entry.details == {"role": "counsellor", "office_id": personas.trier.pk, "new_user": True}
    assert "New Person" not in str(entry.details)
    assert "/accounts/password/set/" in mail.outbox[0].body


def test_member_create_refuses_an_office_of_another_organisation(personas, orgs):
    with pytest.raises(ValidationError):
        create(personas.iom_admin, orgs.iom, office=OfficeFactory(organisation=orgs.diakonie))


def test_member_create_adds_an_existing_user_without_touching_them(personas, orgs):
    user = personas.diakonie_counsellor
    create(personas.iom_admin, orgs.iom, email="counsellor@diakonie.test", full_name="Other Name")
    user.refresh_from_db()
    assert user.full_name != "Other Name" and user.check_password(TEST_PASSWORD)
    assert Membership.objects.filter(user=user).count() == 2


def test_member_create_refuses_a_second_membership_in_the_same_organisation(personas, orgs):
    with pytest.raises(ValidationError):
        create(personas.iom_admin, orgs.iom, email="counsellor@iom.test")


def test_membership_update_changes_only_the_membership_and_audits_the_change(personas, orgs):
    membership = Membership.objects.get(user=personas.counsellor)
    services.membership_update(
        actor=personas.iom_admin, membership=membership, role=role("team_lead"),
        office=personas.trier, is_active=True,
    )
    membership.refresh_from_db()
    assert membership.role.code == "team_lead"
    entry = AuditEntry.objects.get(action="membership.updated")
    assert entry.details == {"role": ["counsellor", "team_lead"]}


def test_membership_update_of_another_organisation_is_refused(personas, orgs):
    foreign = Membership.objects.get(user=personas.diakonie_counsellor)
    with pytest.raises(PermissionDenied):
        services.membership_update(
            actor=personas.iom_admin, membership=foreign, role=role("org_admin"), office=None, is_active=True
        )


def test_membership_update_refuses_the_actors_own_membership(personas):
    own = Membership.objects.get(user=personas.iom_admin)
    with pytest.raises(ValidationError):
        services.membership_update(
            actor=personas.iom_admin, membership=own, role=role("org_admin"), office=None, is_active=False
        )


def test_sessions_end_everywhere_rotates_the_salt(personas):
    user = personas.counsellor
    before = user.get_session_auth_hash()
    services.sessions_end_everywhere(actor=user)
    user.refresh_from_db()
    assert user.get_session_auth_hash() != before
    assert AuditEntry.objects.filter(action="auth.logout_all", actor=user).exists()


def test_second_factor_check_confirms_verifies_and_refuses_replay(personas):
    user = personas.iom_admin
    device = services.second_factor_enrolment_device(user=user)
    assert services.second_factor_enrolment_device(user=user) == device
    token = f"{TOTP(device.bin_key).token():06d}"
    check = services.second_factor_check
    assert check(actor=user, device=device, token=token) is services.TokenCheck.VERIFIED
    assert services.confirmed_device(user) == device
    # The same code is not accepted twice.
    assert check(actor=user, device=device, token=token) is services.TokenCheck.WRONG


def test_second_factor_check_is_throttled_after_a_failure(personas):
    device = TOTPDevice.objects.create(user=personas.iom_admin, name="phone", confirmed=True)
    token = f"{TOTP(device.bin_key).token():06d}"
    wrong = f"{(int(token) + 1) % 1000000:06d}"
    check = services.second_factor_check
    assert check(actor=personas.iom_admin, device=device, token=wrong) is services.TokenCheck.WRONG
    assert check(actor=personas.iom_admin, device=device, token=token) is services.TokenCheck.THROTTLED


def test_device_of_another_user_is_not_checked(personas):
    device = TOTPDevice.objects.create(user=personas.counsellor, name="phone", confirmed=True)
    with pytest.raises(TOTPDevice.DoesNotExist):
        services.second_factor_check(actor=personas.iom_admin, device=device, token="123456")


def test_device_secret_is_base32_in_groups(personas):
    device = services.second_factor_enrolment_device(user=personas.iom_admin)
    groups = services.device_secret(device).split(" ")
    assert all(len(group) <= 4 for group in groups) and len("".join(groups)) == 32
    assert services.device_qr_data_uri(device).startswith("data:image/svg+xml")
