from django.conf import settings


def returnnet(request):
    """Values every page template needs."""
    from apps.core.hooks import permissions_of
    from apps.core.registry import nav_items

    user = getattr(request, "user", None)
    perms = permissions_of(user) if user is not None and user.is_authenticated else frozenset()
    return {
        "user_perms": perms,
        "nav_items": nav_items(perms) if user is not None and user.is_authenticated else [],
        "require_2fa": settings.REQUIRE_2FA,
        "demo_mode": settings.DEMO_MODE,
        "staff_languages": [(code, name) for code, name in settings.LANGUAGES if code in settings.STAFF_LANGUAGES],
    }
