
"""Token authentication, and that the API lives beside the session-based web application."""

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.api import urls as api_urls
from apps.api.services import api_token_create, api_token_revoke
from apps.api.tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_it_answers_401_without_a_token(anonymous_api):
    response = anonymous_api.get("/cases")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Bearer" in response.json()["detail"]


@pytest.mark.parametrize("header", ["Bearer", "Bearer nonsense", "Token abc", "Basic dXNlcjpwdw==",
                                    "Bearer " + "x" * 5000, "Bearer rn_\u00e4\u00f6\u00fc"])
def test_it_answers_401_for_a_wrong_or_malformed_token(personas, header):
    client = Client(headers={"Authorization": header})
    response = client.get("/api/v1/cases")
    assert response.status_code == 401


def test_it_answers_401_for_a_revoked_token(personas):
    token, plain = api_token_create(actor=None, user=personas.counsellor, name="laptop")
    assert ApiClient(plain).get("/cases").status_code == 200
    api_token_revoke(actor=personas.counsellor, token=token)
    assert ApiClient(plain).get("/cases").status_code == 401


def test_it_answers_401_when_the_user_is_deactivated(personas):
    _token, plain = api_token_create(actor=None, user=personas.counsellor)
    personas.counsellor.is_active = False
    personas.counsellor.save()
    assert ApiClient(plain).get("/cases").status_code == 401


def test_it_notes_when_a_token_was_last_used(personas):
    token, plain = api_token_create(actor=None, user=personas.counsellor)
    assert token.last_used_at is None
    ApiClient(plain).get("/cases")
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < timezone.timedelta(minutes=1)


def test_a_signed_in_browser_session_is_no_api_credential(personas):
    client = Client()
    client.force_login(personas.counsellor)
    response = client.get("/api/v1/cases")
    assert response.status_code == 401


def test_it_is_not_sent_to_the_login_page_even_when_a_second_factor_is_required(personas, settings,
                                                                                 api_as):
    settings.REQUIRE_2FA = True
    TOTPDevice.objects.create(user=personas.counsellor, name="phone", confirmed=True)
    assert api_as(personas.counsellor).get("/cases").status_code == 200
    assert Client().get("/api/v1/cases").status_code == 401


def test_every_api_route_is_declared_an_api_view():
    patterns = get_resolver().url_patterns
    api_resolver = next(p for p in patterns if getattr(p, "app_name", None) == "api")
    callbacks = [p.callback for p in api_resolver.url_patterns]
    assert len(callbacks) >= 12
    assert all(getattr(c, "access_policy", None) == "api" for c in callbacks)
    assert api_urls.app_name == "api"


def test_answers_are_not_cached_and_set_no_cookies(personas, iom_case, api_as):
    client = api_as(personas.counsellor)
    for response in (client.get(f"/cases/{iom_case.pk}"), client.get("/cases/999999"),
                     client.post("/cases", {})):
        assert "no-store" in response["Cache-Control"]
        assert not response.cookies


def test_writes_need_no_csrf_token(personas, iom_case, api_as):
    # ApiClient enforces CSRF checks like a browser would; a bearer token is enough.
    response = api_as(personas.counsellor).post(f"/cases/{iom_case.pk}/tasks", {"title": "Call back"})
    assert response.status_code == 201


@pytest.mark.parametrize("path", ["/", "/no/such/thing", "/cases/"])
def test_an_unknown_api_path_is_a_json_404(anonymous_api, path):
    response = anonymous_api.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_it_serves_the_openapi_document_listing_every_path(anonymous_api):
    response = anonymous_api.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert set(document["paths"]) >= {
        "/api/v1/persons", "/api/v1/persons/{person_id}", "/api/v1/households",
        "/api/v1/households/{household_id}", "/api/v1/cases", "/api/v1/cases/{case_id}",
        "/api/v1/cases/{case_id}/sessions", "/api/v1/sessions/{session_id}", "/api/v1/tasks",
        "/api/v1/tasks/{task_id}", "/api/v1/cases/{case_id}/tasks",
    }
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_docs_page_that_needs_a_cdn_is_switched_off(anonymous_api):
    assert anonymous_api.get("/docs").status_code == 404
