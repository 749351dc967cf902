"""Sign-in, second factor, sessions, profile and member pages through the test client."""

import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import Membership, Role, User
from apps.accounts.selectors import permissions_of
from apps.audit.models import AuditEntry
from apps.jobs.testing import run_jobs
from tests.factories import TEST_PASSWORD, member

LOGIN = reverse("accounts:login")
SECOND_FACTOR = reverse("accounts:second_factor")
HOME = reverse("cases:home")


def sign_in(client, email, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def code_for(device) -> str:
    device.refresh_from_db()
    # token() is an int: a code like 012345 must keep its leading zero, as apps show it.
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


# --- Sign-in ---------------------------------------------------------------------------


def test_sign_in_page_is_public_and_asks_for_email(client, personas):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert 'type="email"' in response.text and 'name="username"' in response.text
    assert "E-mail" in response.text


def test_sign_in_page_warns_when_the_second_factor_is_off(client, personas, settings):
    settings.REQUIRE_2FA = False
    assert "demo-warning" in client.get(LOGIN).text


def test_sign_in_page_warns_in_demo_mode(client, personas, settings):
    settings.REQUIRE_2FA, settings.DEMO_MODE = True, True
    assert "demo-warning" in client.get(LOGIN).text


def test_sign_in_page_has_no_warning_when_the_second_factor_is_on(client, personas, settings):
    settings.REQUIRE_2FA, settings.DEMO_MODE = True, False
    assert "demo-warning" not in client.get(LOGIN).text


def test_correct_password_signs_in_and_goes_home(client, personas):
    response = sign_in(client, "COUNSELLOR@iom.test")
    assert response.status_code == 302
    assert response.url == HOME
    assert client.session["_auth_user_id"] == str(personas.counsellor.pk)
    assert "auth.login" in actions()


def test_sign_in_follows_a_safe_next_only(client, personas):
    assert sign_in(client, "counsellor@iom.test", next="/cases/").url == "/cases/"
    client.post(reverse("accounts:logout"))
    assert sign_in(client, "counsellor@iom.test", next="https://evil.example/").url == HOME


def test_wrong_password_shows_error_and_keeps_the_email(client, personas):
    response = sign_in(client, "counsellor@iom.test", "wrong password")
    assert response.status_code == 200
    assert "E-mail or password is wrong" in response.text
    assert 'value="counsellor@iom.test"' in response.text
    assert "_auth_user_id" not in client.session
    assert "auth.login_failed" in actions()


def test_five_failures_lock_the_account_for_15_minutes(client, personas):
    for _ in range(4):
        assert sign_in(client, "counsellor@iom.test", "wrong password").status_code == 200
    locked = sign_in(client, "counsellor@iom.test", "wrong password")
    assert locked.status_code == 429
    assert "locked for 15 minutes" in locked.text

    # Even the right password does not get through while the lock lasts.
    response = sign_in(client, "counsellor@iom.test")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "auth.locked_out" in actions()


def test_lockout_counts_the_address_regardless_of_case(client, personas):
    for email in ["Counsellor@iom.test", "COUNSELLOR@IOM.TEST", "counsellor@iom.test", "cOunsellor@iom.test"]:
        sign_in(client, email, "wrong password")
    assert sign_in(client, "counsellor@iom.TEST", "wrong password").status_code == 429


def test_idle_timeout_is_30_minutes_from_the_last_request():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    # Written at most once a minute (apps/core/tests/test_sessions.py proves the timeout still holds).
    assert django_settings.SESSION_REFRESH_SECONDS == 60
    assert not getattr(django_settings, "SESSION_SAVE_EVERY_REQUEST", False)


# --- Second factor ---------------------------------------------------------------------


@pytest.fixture
def require_2fa(personas, settings):
    settings.REQUIRE_2FA = True
    return personas


def test_sign_in_of_a_role_reading_personal_data_continues_to_the_second_factor(client, require_2fa):
    response = sign_in(client, "admin@iom.test", next="/accounts/members/")
    assert response.status_code == 302
    assert response.url == f"{SECOND_FACTOR}?next=%2Faccounts%2Fmembers%2F"


def test_unverified_user_is_sent_from_a_protected_page_to_the_second_factor(client, require_2fa):
    client.force_login(require_2fa.iom_admin)
    response = client.get(reverse("accounts:members"))
    assert response.status_code == 302
    assert response.url.startswith(SECOND_FACTOR)


def with_enrolment_link(client, user):
    """Sign in and open an enrolment link, as an administrator's e-mail would let one."""
    from apps.accounts.enrolment import enrolment_grant_new

    _grant, plain = enrolment_grant_new(user=user, kind="link", created_by=None)
    client.force_login(user)
    assert client.get(reverse("accounts:enrol", args=[plain])).url == SECOND_FACTOR


def test_enrolment_shows_a_local_qr_code_and_the_key(client, require_2fa):
    with_enrolment_link(client, require_2fa.iom_admin)
    response = client.get(SECOND_FACTOR)
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in response.text
    assert "http://" not in response.text.split("<body", 1)[1].replace("http%3A%2F%2Fwww.w3.org", "")
    device = TOTPDevice.objects.get(user=require_2fa.iom_admin)
    assert not device.confirmed
    assert response.context["secret"].replace(" ", "")[:8] in response.text.replace(" ", "")
    # Reloading keeps the same key, so a code already scanned stays valid.
    client.get(SECOND_FACTOR)
    assert TOTPDevice.objects.filter(user=require_2fa.iom_admin).count() == 1


def test_enrolment_with_a_real_code_confirms_the_device_and_verifies_the_session(client, require_2fa):
    with_enrolment_link(client, require_2fa.iom_admin)
    client.get(SECOND_FACTOR)
    device = TOTPDevice.objects.get(user=require_2fa.iom_admin)
    response = client.post(SECOND_FACTOR, {"token": code_for(device), "next": "/accounts/members/"})
    # The recovery codes are shown once, then the page links on to where the user was going.
    assert response.status_code == 200 and len(response.context["codes"]) == 10
    assert 'href="/accounts/members/"' in response.text
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("accounts:members")).status_code == 200
    assert {"auth.second_factor_enrolled", "auth.second_factor_verified"} <= set(actions())


def test_a_confirmed_device_is_asked_for_its_code(client, require_2fa):
    device = TOTPDevice.objects.create(user=require_2fa.iom_admin, name="phone", confirmed=True)
    client.force_login(require_2fa.iom_admin)
    response = client.get(SECOND_FACTOR)
    assert "data:image/svg+xml" not in response.text  # no new enrolment behind a confirmed device
    response = client.post(SECOND_FACTOR, {"token": code_for(device)})
    assert response.status_code == 302 and response.url == HOME
    assert client.get(reverse("accounts:members")).status_code == 200


def test_a_wrong_code_is_refused_and_further_guessing_throttled(client, require_2fa):
    device = TOTPDevice.objects.create(user=require_2fa.iom_admin, name="phone", confirmed=True)
    client.force_login(require_2fa.iom_admin)
    right = code_for(device)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    response = client.post(SECOND_FACTOR, {"token": wrong, "next": "/accounts/members/"})
    assert response.status_code == 200
    assert "This code is not correct" in response.text
    assert 'value="/accounts/members/"' in response.text
    # django-otp's throttle: right after a failure even the right code is refused.
    response = client.post(SECOND_FACTOR, {"token": right})
    assert "Too many wrong codes" in response.text
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert actions().count("auth.second_factor_failed") == 2
    assert client.get(reverse("accounts:members")).status_code == 302


def test_a_malformed_code_gets_a_field_error(client, require_2fa):
    TOTPDevice.objects.create(user=require_2fa.iom_admin, name="phone", confirmed=True)
    client.force_login(require_2fa.iom_admin)
    response = client.post(SECOND_FACTOR, {"token": "12ab"})
    assert "Enter the six digits" in response.text


# --- Sign-out --------------------------------------------------------------------------


def test_sign_out_needs_post(client, personas):
    client.force_login(personas.counsellor)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == LOGIN
    assert "_auth_user_id" not in client.session


def test_sign_out_everywhere_ends_the_other_sessions(client, personas):
    other = Client()
    client.force_login(personas.counsellor)
    other.force_login(personas.counsellor)
    profile = reverse("accounts:profile")
    assert other.get(profile).status_code == 200

    response = client.post(reverse("accounts:logout_all"))
    assert response.status_code == 302 and response.url == LOGIN
    assert other.get(profile).status_code == 302
    assert client.get(profile).status_code == 302
    assert "auth.logout_all" in actions()


# --- Profile ---------------------------------------------------------------------------


def test_profile_shows_name_memberships_and_second_factor_status(client, personas):
    client.force_login(personas.counsellor)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    for text in [personas.counsellor.full_name, "counsellor@iom.test", "IOM Rheinland-Pfalz",
                 "AfA Trier", "Not set up"]:
        assert text in response.text


def test_profile_needs_sign_in(client, personas):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_password_change_keeps_this_session_and_ends_the_others(client, personas):
    other = Client()
    client.force_login(personas.counsellor)
    other.force_login(personas.counsellor)
    new = "a much longer new passphrase 7"
    response = client.post(reverse("accounts:password_change"), {
        "old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new,
    })
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert other.get(reverse("accounts:profile")).status_code == 302
    personas.counsellor.refresh_from_db()
    assert personas.counsellor.check_password(new)


def test_password_change_errors_are_shown_next_to_the_fields(client, personas):
    client.force_login(personas.counsellor)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "wrong", "new_password1": "short", "new_password2": "short",
    })
    assert response.status_code == 200
    assert 'id="id_old_password_error"' in response.text


# --- Members ---------------------------------------------------------------------------


def test_members_list_shows_only_the_admins_organisation(client, personas):
    client.force_login(personas.iom_admin)
    response = client.get(reverse("accounts:members"))
    assert response.status_code == 200
    assert "counsellor@iom.test" in response.text
    assert "counsellor@diakonie.test" not in response.text


@pytest.mark.parametrize("name", ["counsellor", "team_lead", "iom_dpo", "partner", "statistics"])
def test_members_pages_are_forbidden_without_org_manage(client, personas, name):
    client.force_login(getattr(personas, name))
    membership = Membership.objects.get(user=personas.counsellor)
    for url in [reverse("accounts:members"), reverse("accounts:member_create"),
                reverse("accounts:member_edit", args=[membership.pk])]:
        assert client.get(url).status_code == 403


def test_admin_cannot_see_or_edit_a_membership_of_another_organisation(client, personas, orgs):
    client.force_login(personas.iom_admin)
    foreign = Membership.objects.get(user=personas.diakonie_counsellor)
    url = reverse("accounts:member_edit", args=[foreign.pk])
    assert client.get(url).status_code == 404
    role = Role.objects.get(code="org_admin")
    assert client.post(url, {"role": role.pk, "is_active": "on"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.role.code == "counsellor"


def test_admin_adds_a_new_person_who_gets_a_link_to_set_a_password(
    client, personas, orgs, django_capture_on_commit_callbacks
):
    client.force_login(personas.iom_admin)
    role = Role.objects.get(code="counsellor")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:member_create"), {
            "organisation": orgs.iom.pk, "email": "New.Person@IOM.test", "full_name": "New Person",
            "role": role.pk, "office": personas.speyer.pk,
        })
    run_jobs()  # the invitation waits in the outbox for its delivery job
    assert response.status_code == 302 and response.url == reverse("accounts:members")
    user = User.objects.get(email="new.person@iom.test")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).office == personas.speyer
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@iom.test"]

    link = re.search(r"https?://\S+/accounts/password/set/\S+", mail.outbox[0].body).group(0)
    anonymous = Client()
    form_page = anonymous.get(link, follow=True)
    assert form_page.context["validlink"]
    new = "a long passphrase for the new person"
    response = anonymous.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302 and response.url == LOGIN
    assert sign_in(anonymous, "new.person@iom.test", new).url == HOME
    assert anonymous.get(link, follow=True).context["validlink"] is False  # used once


def test_member_form_keeps_input_and_refuses_an_office_of_another_organisation(client, personas, orgs):
    from tests.factories import OfficeFactory

    foreign_office = OfficeFactory(organisation=orgs.diakonie)
    client.force_login(personas.iom_admin)
    response = client.post(reverse("accounts:member_create"), {
        "organisation": orgs.iom.pk, "email": "x@iom.test", "full_name": "Kept Name",
        "role": Role.objects.get(code="counsellor").pk, "office": foreign_office.pk,
    })
    assert response.status_code == 200
    assert 'value="Kept Name"' in response.text
    assert 'id="id_office_error"' in response.text
    assert not User.objects.filter(email="x@iom.test").exists()


def test_adding_an_existing_user_of_another_organisation_adds_only_a_membership(
    client, personas, orgs, django_capture_on_commit_callbacks
):
    client.force_login(personas.iom_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:member_create"), {
            "organisation": orgs.iom.pk, "email": "counsellor@diakonie.test", "full_name": "Renamed",
            "role": Role.objects.get(code="hotline_agent").pk,
        })
    run_jobs()
    user = personas.diakonie_counsellor
    user.refresh_from_db()
    assert user.full_name != "Renamed" and user.check_password(TEST_PASSWORD)
    assert set(user.memberships.values_list("organisation__code", flat=True)) == {"DKR", "IOM"}
    assert len(mail.outbox) == 1


def test_admin_changes_role_office_and_activity_of_a_membership(client, personas):
    client.force_login(personas.iom_admin)
    membership = Membership.objects.get(user=personas.counsellor)
    url = reverse("accounts:member_edit", args=[membership.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"role": Role.objects.get(code="team_lead").pk, "office": personas.speyer.pk})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role.code == "team_lead" and membership.office == personas.speyer
    assert not membership.is_active
    # Deactivated: the person holds no permission in the organisation any more.
    assert permissions_of(User.objects.get(pk=personas.counsellor.pk)) == frozenset()


def test_admin_cannot_change_their_own_membership(client, personas):
    client.force_login(personas.iom_admin)
    own = Membership.objects.get(user=personas.iom_admin)
    response = client.post(reverse("accounts:member_edit", args=[own.pk]),
                           {"role": Role.objects.get(code="counsellor").pk})
    assert response.status_code == 200
    assert "cannot change your own membership" in response.text
    own.refresh_from_db()
    assert own.is_active and own.role.code == "org_admin"


def test_password_reset_mails_known_addresses_only_and_answers_alike(client, personas,
                                                                   django_capture_on_commit_callbacks):
    url = reverse("accounts:password_reset")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "Counsellor@iom.test"})
        unknown = client.post(url, {"email": "nobody@iom.test"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert not mail.outbox  # the request only queued the mail
    run_jobs()
    assert [message.to for message in mail.outbox] == [["counsellor@iom.test"]]


def test_a_second_organisation_admin_sees_both_organisations(client, personas, orgs):
    admin = member(orgs.diakonie, "org_admin", email="admin@diakonie.test")
    Membership.objects.create(user=admin, organisation=orgs.partner, role=Role.objects.get(code="org_admin"))
    client.force_login(admin)
    text = client.get(reverse("accounts:members")).text
    assert "counsellor@diakonie.test" in text and "staff@partner.test" in text
    assert "counsellor@iom.test" not in text
