"""Tokens expire, are refused while the account is locked out, and are listed and revoked
in the profile and by the organisation's administrator."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.api.models import ApiToken
from apps.api.services import api_token_create
from apps.audit.models import AuditEntry


def get(client, plain, path="/api/v1/cases"):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {plain}")


def lock_out(user, failures=5):
    AccessAttempt.objects.create(username=user.email, ip_address="192.0.2.1", user_agent="test",
                                 failures_since_start=failures, attempt_time=timezone.now(),
                                 get_data="", post_data="", http_accept="", path_info="/accounts/login/")


def test_a_token_expires_after_its_days(client, personas):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        token, plain = api_token_create(actor=None, user=personas.counsellor, name="script", days=7)
        assert token.expires_at == timezone.now() + timedelta(days=7)
        assert get(client, plain).status_code == 200
        clock.shift(timedelta(days=7, seconds=1))
        assert get(client, plain).status_code == 401


def test_the_default_lifetime_is_90_days_and_limited(personas):
    token, _plain = api_token_create(actor=None, user=personas.counsellor)
    assert (token.expires_at - token.created_at) == timedelta(days=90)
    for days in (0, 366):
        with pytest.raises(ValidationError):
            api_token_create(actor=None, user=personas.counsellor, days=days)


def test_the_command_takes_a_lifetime(personas, capsys):
    call_command("create_api_token", personas.counsellor.email, "--name", "nightly", "--days", "30")
    token = ApiToken.objects.get()
    assert (token.expires_at - token.created_at) == timedelta(days=30)
    assert capsys.readouterr().out.strip().startswith(token.prefix)


def test_a_locked_account_s_tokens_are_refused_with_the_reason(client, personas):
    _token, plain = api_token_create(actor=None, user=personas.counsellor)
    lock_out(personas.counsellor, failures=4)
    assert get(client, plain).status_code == 200  # below the limit
    lock_out_more = AccessAttempt.objects.get()
    lock_out_more.failures_since_start = 5
    lock_out_more.save()
    response = get(client, plain)
    assert response.status_code == 403 and "locked" in response.json()["detail"]
    with time_machine.travel(timezone.now() + timedelta(minutes=15, seconds=1)):
        assert get(client, plain).status_code == 200  # the lockout ran out


def test_the_lockout_check_costs_no_query_of_its_own(client, personas, django_assert_num_queries):
    _token, plain = api_token_create(actor=None, user=personas.counsellor)
    get(client, plain)
    lock_out(personas.counsellor)
    # The token lookup itself carries the lockout: one query, then the refusal.
    with django_assert_num_queries(1):
        assert get(client, plain).status_code == 403


def test_profile_lists_tokens_without_the_secret_and_revokes(client, personas):
    token, plain = api_token_create(actor=None, user=personas.counsellor, name="nightly export")
    client.force_login(personas.counsellor)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "nightly export" in page and token.prefix in page and plain not in page
    client.post(reverse("accounts:token_revoke"), {"token": token.pk})
    assert get(client, plain).status_code == 401
    assert "nightly export" not in client.get(reverse("accounts:profile")).content.decode()


def test_profile_creates_a_token_shown_once(client, personas):
    client.force_login(personas.counsellor)
    response = client.post(reverse("accounts:token_create"), {"name": "report", "days": "30"})
    plain = response.context["token"]
    assert plain in response.content.decode()
    token = ApiToken.objects.get()
    assert token.key_hash != plain and (token.expires_at - token.created_at) == timedelta(days=30)
    assert plain not in client.get(reverse("accounts:profile")).content.decode()
    # Refused: the profile again, the error at the field (issue 12: not only a flash message).
    refused = client.post(reverse("accounts:token_create"), {"name": "x", "days": "999"})
    assert refused.status_code == 200 and 'id="id_days_error"' in refused.content.decode()
    assert ApiToken.objects.count() == 1


def test_a_user_cannot_revoke_someone_elses_token(client, personas):
    token, plain = api_token_create(actor=None, user=personas.hotline)
    client.force_login(personas.counsellor)
    client.post(reverse("accounts:token_revoke"), {"token": token.pk})
    assert get(client, plain).status_code == 200


def test_administrator_sees_and_revokes_a_members_tokens(client, personas, orgs):
    token, plain = api_token_create(actor=None, user=personas.counsellor, name="nightly export")
    membership = personas.counsellor.memberships.get()
    client.force_login(personas.iom_admin)
    page = client.get(reverse("accounts:member_edit", args=[membership.pk])).content.decode()
    assert "nightly export" in page and plain not in page
    client.post(reverse("accounts:member_token_revoke", args=[membership.pk]), {"token": token.pk})
    assert get(client, plain).status_code == 401
    entry = AuditEntry.objects.get(action="api_token.revoked")
    assert entry.actor == personas.iom_admin and entry.organisation_id == orgs.iom.pk


def test_administrator_of_another_organisation_cannot_revoke(client, personas):
    token, plain = api_token_create(actor=None, user=personas.diakonie_counsellor)
    own = personas.counsellor.memberships.get()
    client.force_login(personas.iom_admin)
    # Through an own member's page the foreign token is not found either.
    client.post(reverse("accounts:member_token_revoke", args=[own.pk]), {"token": token.pk})
    assert get(client, plain).status_code == 200


def test_lockout_shows_on_the_member_list_and_an_administrator_lifts_it(client, personas, orgs):
    lock_out(personas.counsellor)
    membership = personas.counsellor.memberships.get()
    client.force_login(personas.iom_admin)
    listing = client.get(reverse("accounts:members")).content.decode()
    assert listing.count("locked after failed sign-ins") == 1
    client.post(reverse("accounts:member_unlock", args=[membership.pk]))
    assert not AccessAttempt.objects.exists()
    assert "locked after failed sign-ins" not in client.get(reverse("accounts:members")).content.decode()
    entry = AuditEntry.objects.get(action="auth.lockout_lifted")
    assert entry.actor == personas.iom_admin and entry.organisation_id == orgs.iom.pk
