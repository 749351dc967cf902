"""Bearer-token authentication: `Authorization: Bearer <token>`."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from apps.api.selectors import active_token, token_still_bound
from apps.api.services import api_token_touch


class TokenAuth(HttpBearer):
    """Accepts an unrevoked token of an active user; the user becomes request.auth and
    request.user. Anything else is None, which ninja answers with 401."""

    def authenticate(self, request: HttpRequest, token: str):
        found = active_token(token.strip())
        if found is None or not token_still_bound(found):
            return None
        api_token_touch(found)
        request.user = found.user
        return found.user
