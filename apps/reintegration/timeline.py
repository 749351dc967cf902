"""The case timeline's entries of reintegration plans, handovers and monitoring visits
(registered in ReintegrationConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from apps.core.registry import TimelineEntry, day_start
from apps.reintegration.models import Handover, MonitoringVisit, ReintegrationPlan


def entries(user, case) -> list[TimelineEntry]:
    """Plans created, plans handed over to the partner in the country of origin, monitoring
    visits held (their scores stay on the tab: the psychosocial one is special-category data).
    The case is scoped by the caller; three queries."""
    rows = [TimelineEntry(p.created_at, "reintegration_plan", _("Reintegration plan created"), str(p.person),
                          p.get_status_display(), str(p.created_by), source="reintegration_plan", object_id=p.pk)
            for p in ReintegrationPlan.objects.filter(case=case).select_related("person", "created_by")]
    rows += [TimelineEntry(h.created_at, "reintegration_handover", _("Reintegration plan handed over"),
                           str(h.plan.person), h.plan.partner_label, str(h.created_by),
                           source="reintegration_plan", object_id=h.plan_id)
             for h in Handover.objects.filter(plan__case=case).select_related(
                 "plan__person", "plan__partner_contact", "created_by")]
    for v in MonitoringVisit.objects.filter(case=case).select_related("person"):
        if v.done_on:
            rows.append(TimelineEntry(day_start(v.done_on), "monitoring_visit", _("Monitoring visit held"),
                                      str(v.person), v.get_channel_display(), source="monitoring_visit",
                                      object_id=v.pk, all_day=True))
    return rows
