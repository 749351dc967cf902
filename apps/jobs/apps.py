from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "apps.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from apps.core.registry import register_nav_item
        from apps.jobs.exports import hourly
        from apps.jobs.schedule import every_five_minutes, register_periodic
        from apps.jobs.tasks import expire_exports, write_audit_checkpoints

        register_nav_item(_("Background jobs"), "jobs:list", "jobs.manage", 95)
        register_nav_item(_("My exports"), "jobs:exports", None, 96)
        # The audit log's signed checkpoints (docs/operator-guide.md, section 3).
        register_periodic("audit_checkpoints", write_audit_checkpoints, period=every_five_minutes,
                          kwargs=lambda key: {})
        # Exports past their retention lose their file (apps.jobs.exports).
        register_periodic("export_expiry", expire_exports, period=hourly, kwargs=lambda key: {})
