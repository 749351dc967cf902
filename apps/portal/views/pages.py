"""Information pages of the portal (placeholders until the pages land)."""

from django.http import HttpResponse

from apps.core.permissions import public


def _placeholder(request, *args, **kwargs):
    return HttpResponse("ReturnNet")


home = how = programmes = materials = languages = privacy = accessibility = imprint = \
    accessibility_feedback = public(_placeholder)
