"""The case timeline's entries of referrals (registered in ReferralsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from apps.core.registry import TimelineEntry
from apps.referrals.selectors import referrals_of_case


def entries(user, case) -> list[TimelineEntry]:
    """Referrals prepared, sent and answered — not those to a service of a sensitive type
    without case.sensitive.read (the one rule of referrals_visible_to). One query, on this case's rows."""
    rows = []
    for r in referrals_of_case(user, case).select_related("service", "created_by"):
        service = r.service.name
        rows.append(TimelineEntry(r.created_at, "referral", _("Referral prepared"), service,
                                  actor=str(r.created_by), source="referral", object_id=r.pk))
        if r.sent_at:
            rows.append(TimelineEntry(r.sent_at, "referral_sent", _("Referral sent"), service,
                                      source="referral", object_id=r.pk))
        if r.answered_at:
            rows.append(TimelineEntry(r.answered_at, "referral_answered", _("Referral answered"), service,
                                      r.get_status_display(), source="referral", object_id=r.pk))
    return rows
