"""The data protection officer's start page: what is due, the last runs, open requests and
holds, and the way to every other page."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.hooks import user_has_perm
from apps.core.permissions import require_perm
from apps.privacy import selectors
from apps.privacy.models import ErasureRequest, RetentionRun


@require_perm("privacy.manage")
@require_GET
@never_cache
def home(request):
    organisation = selectors.managed_organisation(request.user)
    runs = selectors.runs_visible_to(request.user).filter(organisation=organisation)
    last_dry = runs.filter(dry_run=True, status=RetentionRun.Status.DONE).first()
    may_erase = user_has_perm(request.user, "privacy.erase", organisation.pk)
    open_requests = selectors.requests_visible_to(request.user).filter(
        status__in=[ErasureRequest.Status.AWAITING_APPROVAL, ErasureRequest.Status.QUEUED]) if may_erase else []
    rows = selectors.rule_rows(organisation)
    return render(request, "privacy/home.html", {
        "organisation": organisation, "runs": runs[:5], "last_dry": last_dry,
        "report": [row for row in selectors.report_rows(last_dry) if row["due"] or row["held"]] if last_dry else [],
        "settings": selectors.settings_of(organisation), "may_erase": may_erase,
        "open_requests": list(open_requests[:10]) if may_erase else [],
        "holds": selectors.holds_visible_to(request.user).filter(lifted_at__isnull=True).count(),
        "unverified": sum(1 for row in rows if row.rule is None or row.rule.unverified),
        "rule_count": len(rows),
    })
