"""What the network's pages share: paging, the sub-navigation and the version a POST names."""

from django.core.paginator import Paginator
from django.shortcuts import render

from apps.accounts.selectors import user_has_perm
from apps.core.links import site_url_of

PAGE_SIZE = 50


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def render_page(request, template: str, context: dict, status: int = 200):
    return render(request, template, {**context, "network_manage": user_has_perm(request.user, "network.manage")},
                  status=status)


def posted_version(request, obj) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else obj.version


def base_url(request) -> str:
    """The site's address (settings.SITE_URL), for the links in notification mails."""
    return site_url_of(request)
