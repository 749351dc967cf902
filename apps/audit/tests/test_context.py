from django.test import RequestFactory

from apps.audit.context import address_of


def test_remote_addr_without_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert address_of(request) == "10.0.0.5"


def test_behind_one_proxy_the_client_cannot_forge_its_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert address_of(request) == "198.51.100.7"


def test_auth_events_belong_to_the_users_organisation(client, personas, orgs):
    from apps.audit.models import AuditEntry
    from tests.factories import TEST_PASSWORD

    client.post("/accounts/login/", {"username": personas.counsellor.email, "password": "wrong"})
    client.post("/accounts/login/", {"username": personas.counsellor.email, "password": TEST_PASSWORD})
    assert AuditEntry.objects.get(action="auth.login_failed").organisation_id == orgs.iom.pk
    assert AuditEntry.objects.get(action="auth.login").organisation_id == orgs.iom.pk


def test_security_events_reach_every_organisation_of_the_account(client, personas, orgs):
    from apps.accounts.models import Membership, Role
    from apps.audit.models import AuditEntry

    Membership.objects.create(user=personas.counsellor, organisation=orgs.diakonie,
                              role=Role.objects.get(code="counsellor"))
    client.post("/accounts/login/", {"username": personas.counsellor.email, "password": "wrong"})
    orgs_told = set(AuditEntry.objects.filter(action="auth.login_failed").values_list("organisation_id", flat=True))
    assert orgs_told == {orgs.iom.pk, orgs.diakonie.pk}
