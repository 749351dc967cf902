"""The case timeline's entries of disclosures (registered in DisclosuresConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from apps.core.registry import TimelineEntry
from apps.disclosures.selectors import disclosures_of_case


def entries(user, case) -> list[TimelineEntry]:
    """Disclosures made, confirmed by the recipient and revoked: who received what purpose —
    never the disclosed values (those stay on the disclosures tab). One query."""
    rows = []
    for d in disclosures_of_case(case).select_related("recipient", "created_by"):
        recipient, purpose = d.recipient.name, d.get_purpose_display()
        rows.append(TimelineEntry(d.created_at, "disclosure", _("Disclosed"), recipient, purpose,
                                  str(d.created_by), source="disclosure", object_id=d.pk))
        if d.confirmed_at:
            rows.append(TimelineEntry(d.confirmed_at, "disclosure_confirmed",
                                      _("Disclosure confirmed by the recipient"), recipient, purpose,
                                      source="disclosure", object_id=d.pk))
        if d.revoked_at:
            rows.append(TimelineEntry(d.revoked_at, "disclosure_revoked", _("Disclosure revoked"), recipient, purpose,
                                      source="disclosure", object_id=d.pk))
    return rows
