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
        # What the app holds of personal data: retention rules, erasure, records of processing.
        from apps.portal import privacy

        privacy.register()
