"""Information pages of the portal."""

from django.http import HttpResponse

from apps.core.permissions import public


@public
def home(request):
    return HttpResponse("ReturnNet")
