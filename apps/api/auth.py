"""Bearer-token authentication: `Authorization: Bearer <token>`."""

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from apps.accounts.selectors import is_locked_out
from apps.api.selectors import active_token, token_still_bound
from apps.api.services import api_token_touch

LOCKED_OUT = ("This account is locked after repeated failed sign-ins; its tokens are refused until "
              "the lockout ends or an administrator of the organisation lifts it.")


class TokenAuth(HttpBearer):
    """Accepts an unrevoked, unexpired token of an active user whose account is not locked
    out; the user becomes request.auth and request.user. An unknown, revoked or expired
    token is None, which ninja answers with 401; a locked account is 403 with the reason."""

    def authenticate(self, request: HttpRequest, token: str):
        found = active_token(token.strip())
        if found is None or not token_still_bound(found):
            return None
        # Known from the lookup itself (no extra query); told only to a holder of a real token.
        if is_locked_out(found.lockout_failures):
            raise HttpError(403, LOCKED_OUT)
        api_token_touch(found)
        request.user = found.user
        return found.user
