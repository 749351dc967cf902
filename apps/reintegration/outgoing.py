"""Hand-overs of reintegration plans for the data protection officer's register of data
that left the organisation (apps.disclosures.outgoing; registered in apps.py)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.disclosures.outgoing import OutgoingLine
from apps.reintegration.models import Handover


def handover_lines(organisation_ids, date_from, date_to) -> list[OutgoingLine]:
    handovers = (Handover.objects.filter(plan__case__organisation_id__in=list(organisation_ids))
                 .select_related("plan__case", "consent", "consent__recipient").order_by("-created_at", "-id"))
    if date_from is not None:
        handovers = handovers.filter(created_at__date__gte=date_from)
    if date_to is not None:
        handovers = handovers.filter(created_at__date__lte=date_to)
    labels = dict(Handover.Field.choices)
    lines = []
    for handover in handovers[:200]:
        consent = handover.consent
        lines.append(OutgoingLine(
            at=handover.created_at, kind=_("Hand-over of the reintegration plan"), recipient=handover.partner,
            data=[str(labels.get(code, code)) for code in handover.fields],
            consent=_("%(purpose)s, %(form)s, given on %(day)s") % {
                "purpose": consent.get_purpose_display(), "form": consent.get_form_display(),
                "day": timezone.localtime(consent.given_at).strftime("%d.%m.%Y")},
            case_reference=handover.plan.case.reference))
    return lines
