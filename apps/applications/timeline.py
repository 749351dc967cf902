"""The case timeline's entries of programme applications (registered in ApplicationsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from apps.applications.models import ApplicationStatus as A
from apps.applications.selectors import applications_of_case
from apps.core.registry import TimelineEntry, day_start


def _steps(a):
    """(day or moment, kind, label, detail) of one application's steps so far."""
    yield a.created_at, "application", _("Application created"), ""
    if a.submitted_on:
        yield a.submitted_on, "application_submitted", _("Application submitted"), a.submission_reference
    if a.decision_on:
        decided = A.REJECTED if a.status == A.REJECTED else A.APPROVED
        yield a.decision_on, "application_decided", _("Decision on the application"), A(decided).label
    if a.departed_on:
        yield a.departed_on, "application_departed", _("Departure confirmed"), ""


def entries(user, case) -> list[TimelineEntry]:
    """The steps of each application: created, submitted, decided, departure confirmed. One query."""
    rows = []
    for a in applications_of_case(case).select_related("programme_version__programme"):
        for at, kind, label, detail in _steps(a):
            day_only = at is not a.created_at
            rows.append(TimelineEntry(day_start(at) if day_only else at, kind, label, str(a.programme_version),
                                      detail, source="application", object_id=a.pk, all_day=day_only))
    return rows
