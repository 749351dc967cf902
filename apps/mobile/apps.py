from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobileConfig(AppConfig):
    name = "apps.mobile"
    label = "mobile"
    verbose_name = _("Mobile counselling")

    def ready(self):
        from apps.core.registry import register_nav_item

        register_nav_item(_("Host counselling"), "mobile:hosting_list", "mobile.host", 60)
        register_nav_item(_("Mobile counselling"), "mobile:start", "mobile.plan", 61)
        register_nav_item(_("Coverage"), "mobile:coverage", "coverage.view", 62)

        from apps.mobile import privacy

        privacy.register()  # its personal data for erasure, subject access and the records of processing
