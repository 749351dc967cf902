from django.core.paginator import Paginator

PAGE_SIZE = 50


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def render_page(request, template: str, context: dict):
    """render() with what the outreach sub-navigation needs (which links the user may follow)."""
    from django.shortcuts import render

    from apps.accounts.selectors import user_has_perm

    nav = {"manage": user_has_perm(request.user, "outreach.manage"),
           "order": user_has_perm(request.user, "material.order")}
    return render(request, template, {**context, "perms_outreach": nav})
