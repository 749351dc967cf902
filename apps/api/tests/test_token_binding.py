from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import new_session_salt
from apps.api.services import api_token_create


def get(client, plain, path="/api/v1/cases"):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {plain}")


def test_sign_out_everywhere_ends_tokens_too(client, personas):
    _token, plain = api_token_create(actor=None, user=personas.counsellor, name="script")
    assert get(client, plain).status_code == 200
    personas.counsellor.session_salt = new_session_salt()
    personas.counsellor.save()
    assert get(client, plain).status_code == 401


def test_password_change_ends_tokens(client, personas):
    _token, plain = api_token_create(actor=None, user=personas.counsellor, name="script")
    personas.counsellor.set_password("another long passphrase 99")
    personas.counsellor.save()
    assert get(client, plain).status_code == 401


def test_with_second_factor_required_a_token_needs_a_confirmed_device(client, personas, settings):
    settings.REQUIRE_2FA = True
    _token, plain = api_token_create(actor=None, user=personas.counsellor, name="script")
    assert get(client, plain).status_code == 401
    TOTPDevice.objects.create(user=personas.counsellor, name="phone", confirmed=True)
    assert get(client, plain).status_code == 200
