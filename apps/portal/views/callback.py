"""Asking for a callback (placeholders until the pages land)."""

from django.http import HttpResponse

from apps.core.permissions import public


def _placeholder(request, *args, **kwargs):
    return HttpResponse("ReturnNet")


request_callback = sent = public(_placeholder)
