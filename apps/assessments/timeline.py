"""The case timeline's entries of assessments and vulnerabilities (registered in AssessmentsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from apps.assessments.models import Assessment
from apps.assessments.selectors import vulnerabilities_of
from apps.core.registry import TimelineEntry, day_start


def entries(user, case) -> list[TimelineEntry]:
    """Assessment versions, and vulnerabilities identified and closed — only those of a type
    the user may see (a sensitive type needs case.sensitive.read, as on the tab). Two queries."""
    rows = [TimelineEntry(a.created_at, "assessment", _("Assessment recorded"), str(a),
                          actor=str(a.created_by), source="assessment", object_id=a.pk)
            for a in Assessment.objects.filter(case=case).select_related("created_by")]
    for v in vulnerabilities_of(user, case):
        rows.append(TimelineEntry(day_start(v.identified_on), "vulnerability", _("Vulnerability identified"),
                                  str(v.type), str(v.person), source="vulnerability", object_id=v.pk, all_day=True))
        if v.closed_on:
            rows.append(TimelineEntry(day_start(v.closed_on), "vulnerability_closed", _("Vulnerability closed"),
                                      str(v.type), str(v.person), source="vulnerability", object_id=v.pk,
                                      all_day=True))
    return rows
