"""Enrolment needs more than the password (a mailed link or an administrator's code);
recovery codes; an administrator's reset. REQUIRE_2FA is on unless a test says otherwise."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.codes import hash_secret
from apps.accounts.enrolment import enrolment_grant_new, recovery_codes_generate
from apps.accounts.models import RecoveryCode, SecondFactorEnrolment
from apps.accounts.services import device_secret
from apps.audit.models import AuditEntry
from apps.jobs.testing import run_jobs
from tests.factories import TEST_PASSWORD

LOGIN = reverse("accounts:login")
SECOND_FACTOR = reverse("accounts:second_factor")
RECOVERY = reverse("accounts:second_factor_recovery")
HOME = reverse("cases:home")
ENROLMENT_KEY = "second_factor_enrolment"


@pytest.fixture
def strict(personas, settings):
    settings.REQUIRE_2FA = True
    return personas


def code_for(device) -> str:
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def sign_in(client, email):
    return client.post(LOGIN, {"username": email, "password": TEST_PASSWORD})


def mailed_enrolment_link() -> str:
    run_jobs()
    return re.search(r"https?://\S+/accounts/enrol/\S+/", mail.outbox[-1].body).group(0)


def test_the_password_alone_shows_no_secret(client, strict):
    assert sign_in(client, strict.counsellor.email).url.startswith(SECOND_FACTOR)
    response = client.get(SECOND_FACTOR)
    assert response.status_code == 200
    assert "data:image/svg+xml" not in response.text and "secret" not in response.context
    assert "enrolment link" in response.text
    assert not TOTPDevice.objects.filter(user=strict.counsellor).exists()
    # Nor can a code be confirmed without a grant.
    assert client.post(SECOND_FACTOR, {"token": "123456"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=strict.counsellor).exists()


def test_an_enrolment_link_opened_before_sign_in_leads_to_enrolment_once(strict):
    _grant, plain = enrolment_grant_new(user=strict.counsellor, kind="link", created_by=None)
    browser = Client()
    response = browser.get(reverse("accounts:enrol", args=[plain]))
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert sign_in(browser, strict.counsellor.email).url.startswith(SECOND_FACTOR)
    page = browser.get(SECOND_FACTOR)
    assert 'src="data:image/svg+xml' in page.text
    device = TOTPDevice.objects.get(user=strict.counsellor, confirmed=False)
    done = browser.post(SECOND_FACTOR, {"token": code_for(device)})
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.text for code in codes)
    assert browser.get(HOME).status_code == 200
    assert SecondFactorEnrolment.objects.get().used_at is not None
    # Single use: the same link is refused afterwards.
    again = Client().get(reverse("accounts:enrol", args=[plain]))
    assert again.status_code == 200 and "not valid" in again.text
    assert ENROLMENT_KEY not in again.wsgi_request.session


def test_an_enrolment_link_expires(client, strict):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _grant, plain = enrolment_grant_new(user=strict.counsellor, kind="link", created_by=None)
        clock.shift(timedelta(hours=72, seconds=1))
        assert "not valid" in client.get(reverse("accounts:enrol", args=[plain])).text


def test_a_newer_link_ends_the_older_one(client, strict):
    _old, first = enrolment_grant_new(user=strict.counsellor, kind="link", created_by=None)
    enrolment_grant_new(user=strict.counsellor, kind="link", created_by=None)
    assert "not valid" in client.get(reverse("accounts:enrol", args=[first])).text


def test_a_link_of_another_account_is_refused_to_a_signed_in_user(client, strict):
    _grant, plain = enrolment_grant_new(user=strict.counsellor, kind="link", created_by=None)
    client.force_login(strict.hotline)
    assert "belongs to another account" in client.get(reverse("accounts:enrol", args=[plain])).text
    assert ENROLMENT_KEY not in client.session


def test_a_device_shown_before_the_grant_is_not_reused(client, strict):
    """A secret someone saw with the password alone (before this rule) must not be enrolled."""
    with time_machine.travel(timezone.now() - timedelta(hours=1), tick=False):
        stale = TOTPDevice.objects.create(user=strict.counsellor, name="ReturnNet", confirmed=False)
    _grant, plain = enrolment_grant_new(user=strict.counsellor, kind="link", created_by=None)
    client.force_login(strict.counsellor)
    client.get(reverse("accounts:enrol", args=[plain]))
    page = client.get(SECOND_FACTOR)
    fresh = TOTPDevice.objects.filter(user=strict.counsellor).exclude(pk=stale.pk).get()
    assert page.context["secret"] == device_secret(fresh) != device_secret(stale)
    assert client.post(SECOND_FACTOR, {"token": code_for(fresh)}).context["codes"]
    assert list(TOTPDevice.objects.filter(user=strict.counsellor)) == [fresh]


def test_an_administrators_code_lets_the_member_enrol(client, strict):
    TOTPDevice.objects.create(user=strict.iom_admin, name="phone", confirmed=True)
    admin = Client()
    admin.force_login(strict.iom_admin)
    admin_device = TOTPDevice.objects.get(user=strict.iom_admin)
    admin.post(SECOND_FACTOR, {"token": code_for(admin_device)})
    membership = strict.counsellor.memberships.get()
    shown = admin.post(reverse("accounts:member_enrolment_code", args=[membership.pk]))
    code = shown.context["code"]
    assert code in shown.text
    assert SecondFactorEnrolment.objects.get().token_hash == hash_secret(code)  # stored hashed only
    client.force_login(strict.counsellor)
    assert "form" in client.post(SECOND_FACTOR, {"code": "wrong-code"}).context
    assert "not correct" in client.post(SECOND_FACTOR, {"code": "wrong-code"}).text
    assert client.post(SECOND_FACTOR, {"code": code.upper().replace("-", " ")}).url.startswith(SECOND_FACTOR)
    assert 'src="data:image/svg+xml' in client.get(SECOND_FACTOR).text
    issued = AuditEntry.objects.get(action="auth.second_factor_enrolment_issued")
    assert issued.organisation_id == membership.organisation_id and code not in str(issued.details)


def test_recovery_codes_are_hashed_single_use_and_verify_the_session(client, strict):
    TOTPDevice.objects.create(user=strict.counsellor, name="phone", confirmed=True)
    codes = recovery_codes_generate(actor=strict.counsellor)
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert not stored & set(codes) and hash_secret(codes[0]) in stored
    client.force_login(strict.counsellor)
    assert RECOVERY in client.get(SECOND_FACTOR).text
    response = client.post(RECOVERY, {"recovery_code": codes[0].upper()})
    assert response.status_code == 302 and response.url == HOME
    assert client.get(HOME).status_code == 200
    assert RecoveryCode.objects.count() == 9
    other = Client()
    other.force_login(strict.counsellor)
    refused = other.post(RECOVERY, {"recovery_code": codes[0]})
    assert refused.status_code == 200 and "has been used" in refused.text
    assert "auth.recovery_code_used" in AuditEntry.objects.values_list("action", flat=True)


def test_profile_makes_new_recovery_codes_that_replace_the_old(client, strict):
    device = TOTPDevice.objects.create(user=strict.counsellor, name="phone", confirmed=True)
    old = recovery_codes_generate(actor=strict.counsellor)
    client.force_login(strict.counsellor)
    client.post(SECOND_FACTOR, {"token": code_for(device)})
    assert "10" in client.get(reverse("accounts:profile")).text
    response = client.post(reverse("accounts:recovery_codes"))
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert RecoveryCode.objects.filter(code_hash=hash_secret(old[0])).count() == 0


def test_administrator_resets_a_members_second_factor(client, strict, orgs, django_capture_on_commit_callbacks):
    TOTPDevice.objects.create(user=strict.counsellor, name="phone", confirmed=True)
    recovery_codes_generate(actor=strict.counsellor)
    admin_device = TOTPDevice.objects.create(user=strict.iom_admin, name="phone", confirmed=True)
    client.force_login(strict.iom_admin)
    client.post(SECOND_FACTOR, {"token": code_for(admin_device)})
    membership = strict.counsellor.memberships.get()
    page = client.get(reverse("accounts:member_edit", args=[membership.pk]))
    assert "Reset second factor" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:member_second_factor_reset", args=[membership.pk]))
    assert not TOTPDevice.objects.filter(user=strict.counsellor).exists()
    assert not RecoveryCode.objects.filter(device__user=strict.counsellor).exists()
    entry = AuditEntry.objects.get(action="auth.second_factor_reset")
    assert entry.actor == strict.iom_admin and entry.organisation_id == orgs.iom.pk
    link = mailed_enrolment_link()
    assert mail.outbox[-1].to == [strict.counsellor.email]
    member = Client()
    member.get(link)
    sign_in(member, strict.counsellor.email)
    assert 'src="data:image/svg+xml' in member.get(SECOND_FACTOR).text


def test_administrator_cannot_reach_other_organisations_members_nor_reset_themself(client, strict, orgs):
    admin_device = TOTPDevice.objects.create(user=strict.iom_admin, name="phone", confirmed=True)
    client.force_login(strict.iom_admin)
    client.post(SECOND_FACTOR, {"token": code_for(admin_device)})
    foreign = strict.diakonie_counsellor.memberships.get()
    for name in ("member_second_factor_reset", "member_enrolment_link", "member_enrolment_code", "member_unlock",
                 "member_token_revoke"):
        assert client.post(reverse(f"accounts:{name}", args=[foreign.pk])).status_code == 404
    own = strict.iom_admin.memberships.get()
    client.post(reverse("accounts:member_second_factor_reset", args=[own.pk]))
    assert TOTPDevice.objects.filter(user=strict.iom_admin).exists()
    assert not AuditEntry.objects.filter(action="auth.second_factor_reset").exists()


def test_member_pages_need_org_manage(client, strict):
    TOTPDevice.objects.create(user=strict.counsellor, name="phone", confirmed=True)
    device = TOTPDevice.objects.get(user=strict.counsellor)
    client.force_login(strict.counsellor)
    client.post(SECOND_FACTOR, {"token": code_for(device)})
    membership = strict.hotline.memberships.get()
    assert client.post(reverse("accounts:member_second_factor_reset", args=[membership.pk])).status_code == 403


def test_demo_mode_without_the_second_factor_still_enrols_freely(client, personas, settings):
    settings.REQUIRE_2FA = False
    client.force_login(personas.counsellor)
    assert 'src="data:image/svg+xml' in client.get(SECOND_FACTOR).text


def test_the_operator_command_prints_a_code_for_the_first_administrator(client, strict, capsys):
    from django.core.management import call_command

    TOTPDevice.objects.create(user=strict.iom_admin, name="lost phone", confirmed=True)
    call_command("second_factor_enrolment", strict.iom_admin.email, "--reset")
    code = capsys.readouterr().out.strip()
    assert not TOTPDevice.objects.filter(user=strict.iom_admin).exists()
    client.force_login(strict.iom_admin)
    assert client.post(SECOND_FACTOR, {"code": code}).url.startswith(SECOND_FACTOR)
    assert 'src="data:image/svg+xml' in client.get(SECOND_FACTOR).text
    entry = AuditEntry.objects.get(action="auth.second_factor_enrolment_issued")
    assert entry.actor is None and entry.details["by"] == "operator" and code not in str(entry.details)


def test_the_service_refuses_to_confirm_an_enrolment_without_a_grant(strict):
    from django.core.exceptions import PermissionDenied

    from apps.accounts import services

    device = TOTPDevice.objects.create(user=strict.counsellor, name="ReturnNet", confirmed=False)
    with pytest.raises(PermissionDenied):
        services.second_factor_check(actor=strict.counsellor, device=device, token=code_for(device))
    device.refresh_from_db()
    assert not device.confirmed
