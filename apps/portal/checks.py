"""System checks of the portal's deployment."""

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


@register()
def shared_cache_in_production(app_configs=None, **kwargs):
    """The portal's rate limits, phone and address limits and spent challenges live in the
    cache: a local-memory cache holds them per process only, so with several worker
    processes each one counts on its own (and a restart forgets them)."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend != LOCAL_MEMORY:
        return []
    return [CheckWarning(
        "The cache is local memory: the portal's rate limits and one-time form challenges hold per process only.",
        hint="Set CACHE_URL to a shared cache (e.g. rediscache://… or dbcache://portal_cache) in production; "
             "see docs/operator-guide.md, 'Portal protection'.",
        id="portal.W001")]
