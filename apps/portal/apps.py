from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "apps.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self):
        from apps.core.registry import register_nav_item
        from apps.portal import checks  # noqa: F401 (registers the system checks)

        register_nav_item(_("Portal texts"), "portal_manage:texts", "portal.manage", 92)
