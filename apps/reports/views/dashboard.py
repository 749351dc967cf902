"""The reports' start page (placeholder until the dashboards land)."""

from django.shortcuts import render

from apps.core.permissions import require_perm


@require_perm("report.view")
def dashboard(request):
    return render(request, "reports/dashboard.html", {})
