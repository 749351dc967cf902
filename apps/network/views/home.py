"""The network's start page (placeholder until the directory lands)."""

from django.shortcuts import render

from apps.core.permissions import require_perm


@require_perm("network.participate")
def home(request):
    return render(request, "network/home.html", {})
