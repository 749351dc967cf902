from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToursConfig(AppConfig):
    name = "apps.tours"
    label = "tours"
    verbose_name = _("Tour planning")

    def ready(self):
        from apps.core.registry import register_nav_item

        register_nav_item(_("Tour planning"), "tours:list", "mobile.plan", 63)
