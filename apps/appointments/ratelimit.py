"""Fixed-window rate limits for the public pages behind secret links, counted in the cache.

A guessing client and a real one differ in what they send, not in where they come from:
an AfA or a town hall puts many people behind one address. So wrong links are counted per
client address, and only they are refused once the address has guessed too often; a valid
link is counted per link, with its own, more generous limit, and keeps working from an
address that also guessed. The links carry 256 random bits, so answering a valid link to a
blocked address tells a guesser nothing they could find by guessing.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from apps.audit.context import address_of

# Wrong links per address and window (seconds); settings.APPOINTMENT_PUBLIC_RATE overrides.
DEFAULT_RATE = (30, 600)
# Requests per valid link and window: a calendar polled by a whole office stays well below.
DEFAULT_LINK_RATE = (300, 600)


def _count(key: str, window: int, *, add: bool) -> int:
    if not add:
        return cache.get(key, 0)
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def wrong_link(scope: str, request) -> bool:
    """Count a wrong link from the request's address; True while the address may still guess
    (answer 404), False once it guessed too often (answer 429)."""
    limit, window = getattr(settings, "APPOINTMENT_PUBLIC_RATE", DEFAULT_RATE)
    key = f"ratelimit:wrong:{scope}:{address_of(request) or ''}"
    return _count(key, window, add=True) <= limit


def valid_link(scope: str, token: str) -> bool:
    """Count a request with a valid link; False once that link was used too often."""
    limit, window = getattr(settings, "APPOINTMENT_LINK_RATE", DEFAULT_LINK_RATE)
    # The cache key names the link by a hash: cache backends may log or expose keys.
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    return _count(f"ratelimit:link:{scope}:{digest}", window, add=True) <= limit
