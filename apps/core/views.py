from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from apps.core.permissions import public

set_language = public(django_set_language)


@public
@never_cache
def health(request):
    """For load balancers: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
