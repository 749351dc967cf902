from django.core.paginator import Paginator

from apps.audit.services import record

PAGE_SIZE = 50


def audited_page(request, queryset, action: str, **details):
    """The requested page of `queryset`; reading it is audited as `action` with the ids shown."""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    record(request.user, action, details={**details, "ids": [obj.pk for obj in page.object_list]})
    return page
