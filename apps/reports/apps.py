from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """What the funders and the team see: indicators as data, their computation, statistical
    disclosure control, dashboards per role, charts and exports."""

    name = "apps.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from apps.core.registry import register_nav_item

        register_nav_item(_("Reports"), "reports:dashboard", "report.view", 90)
