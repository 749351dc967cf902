"""The production check that warns about a per-process cache (rate limits per process only)."""

from apps.portal.checks import shared_cache_in_production

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"}}


def test_production_with_a_local_memory_cache_is_warned_about(settings):
    settings.PRODUCTION, settings.CACHES = True, LOCMEM
    assert [message.id for message in shared_cache_in_production()] == ["portal.W001"]


def test_a_shared_cache_or_a_development_system_is_fine(settings):
    settings.PRODUCTION, settings.CACHES = True, DATABASE_CACHE
    assert shared_cache_in_production() == []
    settings.PRODUCTION, settings.CACHES = False, LOCMEM
    assert shared_cache_in_production() == []
