"""API test helpers: a test client that sends a bearer token for a given persona."""

import json

import pytest
from django.test import Client

from apps.api.services import api_token_create

BASE = "/api/v1"


class ApiClient:
    """Thin wrapper over Django's test client speaking JSON with a bearer token."""

    def __init__(self, token: str | None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = Client(headers=headers, enforce_csrf_checks=True)

    def get(self, path: str, **params):
        return self.client.get(BASE + path, params)

    def post(self, path: str, body=None, *, raw: str | None = None):
        return self.client.post(BASE + path, raw if raw is not None else json.dumps(body),
                                content_type="application/json")

    def patch(self, path: str, body=None, *, raw: str | None = None):
        return self.client.patch(BASE + path, raw if raw is not None else json.dumps(body),
                                 content_type="application/json")


@pytest.fixture
def api_as():
    """api_as(user) → an ApiClient authenticated with a fresh token of that user."""

    def make(user) -> ApiClient:
        _token, plain = api_token_create(actor=user, user=user, name="tests")
        return ApiClient(plain)

    return make


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient(None)
