"""Campaigns (outreach.manage): channel, period, languages, materials, budget, figures typed
in by hand, and the portal visits counted per campaign link (no cookies, no IP addresses)."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from apps.accounts.selectors import organisations_with
from apps.core.client_languages import client_language, is_client_language
from apps.core.permissions import require_perm
from apps.core.views_helpers import run_reporting, submit
from apps.outreach import selectors, services
from apps.outreach.forms import CampaignForm, FigureForm
from apps.outreach.links import base_url_of, campaign_url
from apps.outreach.qr import qr_file, qr_svg
from apps.outreach.views.common import page_of, render_page

MANAGE = "outreach.manage"


def _materials(user):
    return selectors.materials_visible_to(user).order_by("title")


@require_perm(MANAGE)
def campaign_list(request):
    page = page_of(request, selectors.campaigns_visible_to(request.user))
    return render_page(request, "outreach/campaign_list.html", {"page": page})


@require_perm(MANAGE)
def campaign_detail(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    base_url = base_url_of(request)
    links = []
    for code in campaign.languages:
        url = campaign_url(base_url, code, campaign.code)
        links.append({"language": client_language(code), "url": url, "qr": qr_svg(url, scale=3)})
    visits = selectors.campaign_visits(campaign)
    rows = [{"day": day, "counts": [visits.cells.get((day, lang), 0) for lang in visits.languages]}
            for day in visits.days]
    figures = list(campaign.figures.all())
    return render_page(request, "outreach/campaign_detail.html", {
        "campaign": campaign, "links": links, "visits": visits, "visit_rows": rows,
        "visit_languages": [client_language(code) for code in visits.languages],
        "figures": figures, "reach": sum(f.reach for f in figures), "clicks": sum(f.clicks for f in figures),
        "materials": campaign.materials.all(), "can_manage": selectors.can_manage(request.user, campaign),
        "figure_form": FigureForm()})


@require_safe
@require_perm(MANAGE)
def campaign_qr(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    language = request.GET.get("language", "")
    if not is_client_language(language):
        language = campaign.languages[0] if campaign.languages else "de"
    kind = "svg" if request.GET.get("format") == "svg" else "png"
    data, content_type = qr_file(campaign_url(base_url_of(request), language, campaign.code), kind)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{campaign.code}-{language}.{kind}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_perm(MANAGE)
def campaign_create(request):
    organisation = organisations_with(request.user, MANAGE)[0]
    form = CampaignForm(request.POST or None, materials=_materials(request.user))
    created = {}

    def create():
        created["campaign"] = services.campaign_create(actor=request.user, organisation=organisation,
                                                       data=form.campaign_data(),
                                                       materials=form.cleaned_data["materials"])

    if submit(request, form, create, success=_("The campaign has been added.")):
        return redirect("outreach:campaign_detail", pk=created["campaign"].pk)
    return render_page(request, "outreach/form.html", {"form": form, "heading": _("New campaign"),
                                                  "cancel_url": "outreach:campaigns"})


@require_perm(MANAGE)
def campaign_edit(request, pk):
    campaign = selectors.campaign_for(request.user, pk, manage=True)
    form = CampaignForm(request.POST or None, instance=campaign, materials=_materials(request.user),
                        initial={"materials": list(campaign.materials.values_list("pk", flat=True))})
    if submit(request, form, lambda: services.campaign_update(
            actor=request.user, campaign=campaign, data=form.campaign_data(),
            materials=form.cleaned_data["materials"], expected_version=form.cleaned_data["version"] or 0),
            success=_("The campaign has been saved."), locked=campaign):
        return redirect("outreach:campaign_detail", pk=campaign.pk)
    return render_page(request, "outreach/form.html", {"form": form, "heading": campaign.name,
                                                  "cancel_url": "outreach:campaigns"})


@require_POST
@require_perm(MANAGE)
def campaign_figures(request, pk):
    campaign = selectors.campaign_for(request.user, pk, manage=True)
    form = FigureForm(request.POST)
    run_reporting(request, lambda: services.campaign_figure_add(actor=request.user, campaign=campaign,
                                                                **form.cleaned_data),
                  success=_("The figures have been saved."), form=form,
                  invalid=_("Enter the period and the figures (whole numbers, not negative)."))
    return redirect("outreach:campaign_detail", pk=campaign.pk)


