"""The service directory: search for every signed-in user, editing for directory managers."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.accounts.selectors import user_has_perm
from apps.core.permissions import require_login, require_perm
from apps.core.views_helpers import submit
from apps.referrals import selectors, services
from apps.referrals.forms import ServiceForm, ServiceSearchForm

PAGE_SIZE = getattr(settings, "SERVICE_LIST_PAGE_SIZE", 50)


@require_login
def service_list(request):
    form = ServiceSearchForm(request.GET or None)
    filters = selectors.ServiceFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.ServiceFilters(
            query=data["q"], service_type=data["service_type"], postcode=data["postcode"],
            district=data["district"].pk if data["district"] else None, language=data["language"],
        )
    page = Paginator(selectors.search_services(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/service_list.html", {
        "form": form, "page": page, "can_manage": user_has_perm(request.user, "directory.manage"),
    })


@require_login
def service_detail(request, pk):
    return render(request, "referrals/service_detail.html", {
        "service": selectors.service_for(pk), "can_manage": user_has_perm(request.user, "directory.manage"),
    })


@require_perm("directory.manage")
def service_create(request):
    form = ServiceForm(request.POST or None)
    created = {}

    def create():
        data = form.cleaned_data
        created["service"] = services.service_create(
            actor=request.user, data=form.service_data(), service_types=data["service_types"],
            districts=data["districts"], provider=data["provider"], provider_name=data.get("provider_name", ""))

    if submit(request, form, create, success=_("The service has been added to the directory.")):
        return redirect("referrals:service_detail", pk=created["service"].pk)
    return render(request, "referrals/service_form.html", {"form": form, "heading": _("New service")})


@require_perm("directory.manage")
def service_edit(request, pk):
    service = selectors.service_for(pk)
    form = ServiceForm(request.POST or None, instance=service)

    def update():
        data = form.cleaned_data
        services.service_update(
            actor=request.user, service=service, expected_version=data["version"] or 0, data=form.service_data(),
            service_types=data["service_types"], districts=data["districts"], provider=data["provider"])

    if submit(request, form, update, success=_("The service has been saved."),
              locked=service):
        return redirect("referrals:service_detail", pk=service.pk)
    return render(request, "referrals/service_form.html", {"form": form, "heading": service.name,
                                                           "service": service})
