from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "apps.hotline"
    label = "hotline"
    verbose_name = _("Hotline")

    def ready(self):
        from apps.core.registry import register_home_widget, register_nav_item
        from apps.hotline import widgets

        register_nav_item(_("Hotline"), "hotline:desk", "hotline.take", 30)
        register_nav_item(_("Callback queue"), "hotline:callbacks", "hotline.take", 31)
        register_nav_item(_("Hotline overview"), "hotline:overview", "hotline.supervise", 32)
        register_home_widget("hotline/_home_callbacks.html", widgets.callbacks, 20)
        # What the app holds of personal data: retention rules, erasure, records of processing.
        from apps.hotline import privacy

        privacy.register()
