"""Information materials in the back office: the catalogue (every signed-in member reads the
published materials, which are public anyway; managers see drafts too), and for
outreach.manage the editing of materials, flyer texts and file versions."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from apps.accounts.selectors import organisations_with, user_has_perm
from apps.core.client_languages import client_language, client_languages, is_client_language
from apps.core.permissions import require_login, require_perm
from apps.core.storage import file_response, safe_filename
from apps.core.views_helpers import run_reporting, submit
from apps.outreach import selectors, services
from apps.outreach.forms import MaterialFileForm, MaterialForm, MaterialTextForm
from apps.outreach.links import base_url_of, portal_materials_url
from apps.outreach.qr import qr_file, qr_svg
from apps.outreach.views.common import render_page

MANAGE = "outreach.manage"


def _language_param(request, default: str = "de") -> str:
    language = request.GET.get("language", default)
    return language if is_client_language(language) else default


@require_login
def material_list(request):
    materials = selectors.materials_visible_to(request.user)
    rows = [{"material": m, "languages": sorted(selectors.current_files(m)),
             "texts": sorted(t.language for t in m.texts.all())} for m in materials]
    return render_page(request, "outreach/material_list.html", {
        "rows": rows, "can_manage": user_has_perm(request.user, MANAGE),
        "can_order": user_has_perm(request.user, "material.order")})


@require_login
def material_detail(request, pk):
    material = selectors.material_for(request.user, pk)
    current = selectors.current_files(material)
    texts = {t.language: t for t in material.texts.all()}
    base_url = base_url_of(request)
    languages = []
    for language in client_languages():
        if language.code not in current and language.code not in texts:
            continue
        url = portal_materials_url(base_url, language.code)
        languages.append({"language": language, "file": current.get(language.code),
                          "text": texts.get(language.code), "portal_url": url, "qr": qr_svg(url)})
    return render_page(request, "outreach/material_detail.html", {
        "material": material, "languages": languages, "can_manage": selectors.can_manage(request.user, material),
        "can_order": user_has_perm(request.user, "material.order") and material.published,
        "versions": {code: selectors.file_versions(material, code) for code in current},
    })


@require_safe
@require_login
def material_qr(request, pk):
    """The QR code of the portal's materials page in ?language= as ?format=png|svg."""
    material = selectors.material_for(request.user, pk)
    language = _language_param(request)
    data, content_type = qr_file(portal_materials_url(base_url_of(request), language),
                                 "svg" if request.GET.get("format") == "svg" else "png")
    extension = "svg" if content_type == "image/svg+xml" else "png"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"qr-{material.pk}-{language}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@require_login
def file_download(request, file_pk):
    """One stored version of a material's file (older versions included)."""
    file = selectors.file_for_user(request.user, file_pk)
    name = safe_filename(file.original_name, file.content_type)
    if file.content_type == "video/mp4":
        name = name.rpartition(".")[0] + ".mp4"
    return file_response(bytes(file.data), content_type=file.content_type, filename=name)


@require_safe
@require_login
def flyer_download(request, pk):
    """The flyer PDF in ?language= (without it, in the first language with a text), generated
    now if it is missing or outdated."""
    material = selectors.material_for(request.user, pk)
    languages = sorted(text.language for text in material.texts.all())
    language = request.GET.get("language") or (languages[0] if languages else "")
    if not is_client_language(language) or language not in languages:
        raise Http404
    flyer = services.flyer_render(material=material, language=language, base_url=base_url_of(request))
    return file_response(bytes(flyer.data), content_type="application/pdf",
                         filename=safe_filename(f"{material.title}-{language}.pdf", "application/pdf"))


@require_perm(MANAGE)
def material_create(request):
    organisation = organisations_with(request.user, MANAGE)[0]
    form = MaterialForm(request.POST or None)
    created = {}

    def create():
        created["material"] = services.material_create(actor=request.user, organisation=organisation,
                                                       data=form.material_data())

    if submit(request, form, create, success=_("The material has been added.")):
        return redirect("outreach:material_detail", pk=created["material"].pk)
    return render_page(request, "outreach/form.html", {"form": form, "heading": _("New information material"),
                                                  "cancel_url": "outreach:materials"})


@require_perm(MANAGE)
def material_edit(request, pk):
    material = selectors.material_for(request.user, pk, manage=True)
    form = MaterialForm(request.POST or None, instance=material)
    if submit(request, form, lambda: services.material_update(
            actor=request.user, material=material, data=form.material_data(),
            expected_version=form.cleaned_data["version"] or 0),
            success=_("The material has been saved."), locked=material):
        return redirect("outreach:material_detail", pk=material.pk)
    return render_page(request, "outreach/form.html", {"form": form, "heading": material.title,
                                                  "cancel_url": "outreach:materials"})


@require_perm(MANAGE)
def material_text(request, pk):
    """The flyer text of one language (?language=)."""
    material = selectors.material_for(request.user, pk, manage=True)
    language = _language_param(request)
    text = material.texts.filter(language=language).first()
    initial = {"title": text.title, "body": text.body} if text else {}
    form = MaterialTextForm(request.POST or None, initial={**initial, "version": material.version})
    if submit(request, form, lambda: services.material_text_set(
            actor=request.user, material=material, language=language, title=form.cleaned_data["title"],
            body=form.cleaned_data["body"], expected_version=form.cleaned_data["version"]),
            success=_("The flyer text has been saved."), locked=material):
        return redirect("outreach:material_detail", pk=material.pk)
    return render_page(request, "outreach/text_form.html", {
        "form": form, "material": material, "language": client_language(language),
        "languages": client_languages()})


@require_perm(MANAGE)
def material_upload(request, pk):
    material = selectors.material_for(request.user, pk, manage=True)
    form = MaterialFileForm(request.POST or None, request.FILES or None,
                            initial={"language": _language_param(request)})
    if submit(request, form, lambda: services.material_file_upload(
            actor=request.user, material=material, language=form.cleaned_data["language"],
            uploaded_file=form.cleaned_data["file"]), success=_("The file has been uploaded.")):
        return redirect("outreach:material_detail", pk=material.pk)
    return render_page(request, "outreach/upload_form.html", {
        "form": form, "material": material, "limit": services.upload_limit_mb()})


@require_POST
@require_perm(MANAGE)
def material_flyers(request, pk):
    """Generate the flyers of every language on the job queue."""
    material = selectors.material_for(request.user, pk, manage=True)
    run_reporting(request, lambda: services.flyers_enqueue(actor=request.user, material=material,
                                                           base_url=base_url_of(request)),
                  success=_("The flyers are being generated in the background; reload this page in a moment."))
    return redirect("outreach:material_detail", pk=material.pk)
