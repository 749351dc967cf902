from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReintegrationConfig(AppConfig):
    name = "apps.reintegration"
    label = "reintegration"
    verbose_name = _("Reintegration")

    def ready(self):
        from apps.core.registry import register_case_tab, register_nav_item

        register_case_tab("reintegration", _("Reintegration"), "reintegration:case_reintegration", 85)
        register_nav_item(_("Reintegration outcomes"), "reintegration:overview", "case.read", 85)

        from apps.core.registry import register_timeline_source
        from apps.reintegration import timeline

        register_timeline_source(timeline.entries)

        # sources-network: plan hand-overs appear in the data protection officer's register of
        # data that left the organisation (apps.disclosures.outgoing).
        from apps.disclosures.outgoing import register_outgoing_source
        from apps.reintegration.outgoing import handover_lines

        register_outgoing_source(handover_lines)

        from apps.applications.signals import application_departed

        application_departed.connect(_plan_monitoring, dispatch_uid="reintegration.plan_monitoring")

        from apps.reintegration import privacy

        privacy.register()  # its personal data for erasure, subject access and the records of processing


def _plan_monitoring(sender, *, actor, application, departed_on, **kwargs):
    """Monitoring visits at the configured intervals after every confirmed departure."""
    from apps.reintegration.services import schedule_monitoring

    schedule_monitoring(actor=actor, case=application.case, departed_on=departed_on)
