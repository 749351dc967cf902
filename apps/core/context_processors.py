from django.conf import settings


def returnnet(request):
    """Values every page template needs."""
    from apps.accounts.selectors import permissions_of

    user = getattr(request, "user", None)
    perms = permissions_of(user) if user is not None and user.is_authenticated else frozenset()
    return {
        "user_perms": perms,
        "require_2fa": settings.REQUIRE_2FA,
        "demo_mode": settings.DEMO_MODE,
    }
