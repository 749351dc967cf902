"""Changing an indicator's row (the texts, the verified flag, order, active, default breakdown).
Indicators are network-wide reference data: taxonomy.manage anywhere is needed. The code and
the counting never change here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.selectors import user_has_perm
from apps.audit.services import record
from apps.core.services import apply_changes
from apps.reports import engine
from apps.reports.models import Indicator

EDITABLE_FIELDS = ("title_de", "title_en", "definition_de", "definition_en", "unit_de", "unit_en",
                   "decisive_date_de", "decisive_date_en", "source", "source_url", "verified", "unverified_note",
                   "active", "order", "default_breakdown")


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, data: dict) -> Indicator:
    if not user_has_perm(actor, "taxonomy.manage"):
        raise PermissionDenied("taxonomy.manage")
    if "code" in data and data["code"] != indicator.code:
        raise ValidationError({"code": _("The code of an entry cannot be changed.")})
    breakdown = data.get("default_breakdown")
    if breakdown and breakdown not in engine.breakdowns(indicator.code):
        raise ValidationError({"default_breakdown": _("This indicator cannot be broken down that way.")})
    changes = apply_changes(indicator, data, EDITABLE_FIELDS)
    indicator.full_clean()
    indicator.save()
    record(actor, "indicator.updated", indicator, details={"code": indicator.code, "fields": sorted(changes)})
    return indicator
