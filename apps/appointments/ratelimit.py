"""A small fixed-window rate limit for public pages, counted per client address in the cache."""

from django.conf import settings
from django.core.cache import cache

from apps.audit.context import address_of

# Requests per window and window length (seconds); settings.APPOINTMENT_PUBLIC_RATE overrides.
DEFAULT_RATE = (30, 600)


def allow(scope: str, request) -> bool:
    limit, window = getattr(settings, "APPOINTMENT_PUBLIC_RATE", DEFAULT_RATE)
    ident = address_of(request) or ""
    key = f"ratelimit:{scope}:{ident}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit
