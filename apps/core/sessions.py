"""The session is written at most once a minute, not on every request.

`SESSION_SAVE_EVERY_REQUEST` kept the 30-minute idle timeout exact by writing the session row
(and moving its `expire_date`) on every request: one UPDATE per page for every signed-in
user. This middleware marks the session modified only when its last write is older than
`SESSION_REFRESH_SECONDS` (60), keeping the time of that write in the session itself. A user
active every few seconds stays signed in (the row is renewed every minute); an idle session
ends between `SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS` and `SESSION_COOKIE_AGE` after the
last request, because the expiry counts from the last write.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in

# Seconds since the epoch of the last write; time.time() so that time_machine controls it in tests.
REFRESHED_KEY = "_refreshed_at"


class SessionRefreshMiddleware:
    """Sits right after SessionMiddleware: its response hook runs before the session is saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # An empty session (a portal visitor, an API call with a bearer token, a signed-out
        # user) is never created here: the public pages set no cookie.
        if session is None or session.is_empty() or not session.keys():
            return response
        now = int(time.time())
        refreshed = session.get(REFRESHED_KEY)
        if session.modified or not isinstance(refreshed, int) or now - refreshed >= settings.SESSION_REFRESH_SECONDS:
            # Setting the key marks the session modified; SessionMiddleware then saves it with
            # a fresh expiry (now + SESSION_COOKIE_AGE).
            session[REFRESHED_KEY] = now
        return response


def _stamp_new_session(sender, request, user, **kwargs):
    """Signing in writes the session anyway: stamp it, so the next minute's requests write nothing
    (also for the test client's force_login, whose session never passes through the middleware)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[REFRESHED_KEY] = int(time.time())


def connect_session_signals() -> None:
    user_logged_in.connect(_stamp_new_session, dispatch_uid="core.sessions.stamp_new_session")
