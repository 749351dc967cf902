from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "apps.outreach"
    label = "outreach"

    def ready(self):
        from apps.core.registry import register_nav_item

        register_nav_item(_("Information materials"), "outreach:materials", "material.order", 70)
        register_nav_item(_("Outreach"), "outreach:campaigns", "outreach.manage", 71)
        # What the app holds of personal data: retention rules, erasure, records of processing.
        from apps.outreach import privacy

        privacy.register()
