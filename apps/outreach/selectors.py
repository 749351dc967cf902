"""Reads of outreach, one selector per entity, each taking the acting user.

Materials are network-wide and hold no personal data: every signed-in member reads the
published ones (they are public on the portal), members with outreach.manage the drafts
too; only members with outreach.manage in the publishing organisation change them.
Campaigns belong to an organisation: its members with outreach.manage read and change them. Orders belong to
the ordering organisation (material.order there) and are handled by the publisher of the
material (outreach.manage there). Anything out of scope is a 404.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse

from apps.accounts.selectors import organisation_ids_with, user_has_perm
from apps.outreach import client_texts
from apps.outreach.models import (
    Campaign,
    CampaignVisit,
    Flyer,
    Material,
    MaterialFile,
    MaterialOrder,
    MaterialText,
)

MANAGE = "outreach.manage"
ORDER = "material.order"


def can_read(user) -> bool:
    return user_has_perm(user, MANAGE) or user_has_perm(user, ORDER)


# --- Materials ------------------------------------------------------------------------------

def materials_visible_to(user) -> QuerySet[Material]:
    """Every material for managers; the published ones (public on the portal anyway) for
    every other signed-in member."""
    if user_has_perm(user, MANAGE):
        materials = Material.objects.all()
    elif getattr(user, "is_authenticated", False):
        materials = Material.objects.filter(published=True)
    else:
        materials = Material.objects.none()
    return materials.select_related("organisation").prefetch_related(
        Prefetch("texts", queryset=MaterialText.objects.only("pk", "material_id", "language", "title")),
        Prefetch("files", queryset=MaterialFile.objects.defer("data")),
    )


def material_for(user, pk: int, *, manage: bool = False) -> Material:
    """A material the user reads (manage: one of the user's organisation's, to change); else 404."""
    if manage:
        queryset = Material.objects.filter(organisation_id__in=organisation_ids_with(user, MANAGE))
    else:
        queryset = materials_visible_to(user)
    return get_object_or_404(queryset.select_related("organisation"), pk=pk)


def current_files(material: Material) -> dict[str, MaterialFile]:
    """Language → the newest file version (from the prefetched files, without their bytes)."""
    current: dict[str, MaterialFile] = {}
    for file in sorted(material.files.all(), key=lambda f: f.version_number):
        current[file.language] = file
    return current


def file_versions(material: Material, language: str) -> list[MaterialFile]:
    return list(MaterialFile.objects.filter(material=material, language=language).defer("data")
                .select_related("uploaded_by").order_by("-version_number"))


def file_for_user(user, file_pk: int) -> MaterialFile:
    """One stored file version of a material the user reads; else 404."""
    return get_object_or_404(MaterialFile.objects.select_related("material"), pk=file_pk,
                             material__in=materials_visible_to(user).values("pk"))


# --- The public side (portal, public API) ----------------------------------------------------

@dataclass(frozen=True)
class PublicMaterial:
    pk: int
    title: str
    kind: str
    kind_label: str
    target_group: str
    target_group_label: str
    language: str
    download_url: str


def public_materials(language: str) -> list[PublicMaterial]:
    """Published materials that clients can download in `language`: an uploaded file, or a
    flyer generated from a text in that language. Titles in that language where given.
    Labels come in the active language (the caller sets it). Two queries whatever the count."""
    has_file = MaterialFile.objects.filter(material=OuterRef("pk"), language=language)
    has_text = MaterialText.objects.filter(material=OuterRef("pk"), language=language)
    materials = Material.objects.filter(Exists(has_file) | Exists(has_text), published=True)
    materials = materials.prefetch_related(
        Prefetch("texts", queryset=MaterialText.objects.filter(language=language).only(
            "pk", "material_id", "language", "title"), to_attr="texts_here")
    ).order_by("title", "pk")
    result = []
    for material in materials:
        text = material.texts_here[0] if material.texts_here else None
        result.append(PublicMaterial(
            pk=material.pk, title=text.title if text else material.title, kind=material.kind,
            kind_label=str(client_texts.KIND[material.kind]), target_group=material.target_group,
            target_group_label=str(client_texts.TARGET_GROUP[material.target_group]), language=language,
            download_url=reverse("outreach:public_download", args=[material.pk, language]),
        ))
    return result


def public_download(material_pk: int, language: str) -> tuple[Material, MaterialFile | None, MaterialText | None]:
    """What the public download of a material in a language serves: its newest file, else the
    text to make a flyer from. 404 for unpublished materials and languages without either."""
    material = get_object_or_404(Material, pk=material_pk, published=True)
    file = MaterialFile.objects.filter(material=material, language=language).order_by("-version_number").first()
    text = None if file else MaterialText.objects.filter(material=material, language=language).first()
    if file is None and text is None:
        from django.http import Http404

        raise Http404
    return material, file, text


def stored_flyer(material: Material, language: str) -> Flyer | None:
    return Flyer.objects.filter(material=material, language=language).first()


# --- Orders ---------------------------------------------------------------------------------

def orders_visible_to(user, *, incoming: bool = False) -> QuerySet[MaterialOrder]:
    """The orders of the user's organisations (material.order there); with `incoming`, the
    orders of the materials the user's organisations publish (outreach.manage there)."""
    if incoming:
        orders = MaterialOrder.objects.filter(material__organisation_id__in=organisation_ids_with(user, MANAGE))
    else:
        orders = MaterialOrder.objects.filter(organisation_id__in=organisation_ids_with(user, ORDER))
    return orders.select_related("material", "organisation", "ordered_by")


def order_for(user, pk: int, *, incoming: bool = False) -> MaterialOrder:
    return get_object_or_404(orders_visible_to(user, incoming=incoming), pk=pk)


def order_events(order: MaterialOrder):
    return order.events.select_related("actor").all()


# --- Campaigns ------------------------------------------------------------------------------

def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """The campaigns of the organisations where the user holds outreach.manage."""
    return (Campaign.objects.filter(organisation_id__in=organisation_ids_with(user, MANAGE))
            .select_related("organisation").annotate(visit_total=Sum("visits__count"))
            .order_by("-starts_on", "pk"))


def campaign_for(user, pk: int, *, manage: bool = False) -> Campaign:
    if manage:
        queryset = Campaign.objects.filter(organisation_id__in=organisation_ids_with(user, MANAGE))
    else:
        queryset = campaigns_visible_to(user)
    return get_object_or_404(queryset.select_related("organisation"), pk=pk)


def can_manage(user, obj) -> bool:
    return user_has_perm(user, MANAGE, obj.organisation_id)


@dataclass
class VisitTable:
    days: list[date]
    languages: list[str]
    cells: dict[tuple[date, str], int]
    per_language: dict[str, int]
    total: int


def campaign_visits(campaign: Campaign) -> VisitTable:
    """Portal visits through the campaign's links, per day and language (one query)."""
    rows = list(CampaignVisit.objects.filter(campaign=campaign).values_list("day", "language", "count"))
    cells = {(day, language): count for day, language, count in rows}
    languages = sorted({language for _day, language, _count in rows})
    per_language = {language: sum(c for (_d, lang), c in cells.items() if lang == language) for language in languages}
    return VisitTable(days=sorted({day for day, _l, _c in rows}), languages=languages, cells=cells,
                      per_language=per_language, total=sum(cells.values()))
