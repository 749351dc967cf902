"""Finding counselling and booking a slot (placeholders until the pages land)."""

from django.http import HttpResponse

from apps.core.permissions import public


def _placeholder(request, *args, **kwargs):
    return HttpResponse("ReturnNet")


find = district = book = manage = public(_placeholder)
