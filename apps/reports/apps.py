from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """What the funders and the team see: indicators as data, their computation, statistical
    disclosure control, dashboards per role, charts and exports."""

    name = "apps.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from apps.core.exports import register_export
        from apps.core.registry import register_home_widget, register_nav_item
        from apps.reports import widgets
        from apps.reports.exports import FUNDER_REPORT, INDICATORS

        register_nav_item(_("Reports"), "reports:dashboard", "report.view", 90)
        # The counsellor's own figures on the home page (issue 11); team lead, coordinator and
        # statistics viewer have their dashboards under /reports/.
        register_home_widget("reports/_home_caseload.html", widgets.caseload, 10)
        register_home_widget("reports/_home_deadlines.html", widgets.deadlines, 11)
        register_home_widget("reports/_home_follow_ups.html", widgets.follow_ups, 12)
        # The indicator table (CSV/Excel) and the funder report (PDF) as background exports.
        register_export(INDICATORS)
        register_export(FUNDER_REPORT)
