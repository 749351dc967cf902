from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "apps.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from apps.core.registry import register_nav_item

        register_nav_item(_("Background jobs"), "jobs:list", "jobs.manage", 95)
