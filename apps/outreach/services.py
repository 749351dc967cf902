"""Writes of outreach: materials with their texts and file versions, flyers, campaigns with
their figures, and the portal's visit counter. (Orders: apps.outreach.orders.)

Each write checks the actor's permission in the organisation concerned, validates, saves
and audits in one transaction; edits name the version they were based on.
"""

import hashlib
import os
import re
from datetime import date
from decimal import Decimal, InvalidOperation

import filetype
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Organisation
from apps.accounts.selectors import ensure_perm
from apps.audit.services import record
from apps.core.client_languages import is_client_language
from apps.core.locking import claim_version
from apps.core.services import apply_changes
from apps.core.uploads import read_upload, upload_limit_mb  # noqa: F401 (views show the limit)
from apps.core.validation import SHORT_TEXT_MAX, clean_text
from apps.outreach.models import (
    Campaign,
    CampaignFigure,
    CampaignVisit,
    Channel,
    Flyer,
    Material,
    MaterialFile,
    MaterialKind,
    MaterialText,
    TargetGroup,
)

MANAGE = "outreach.manage"

# What may be uploaded as a material, by the type its content shows (never the name's claim).
MATERIAL_TYPES_ALLOWED = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
    "video/mp4": ("mp4",),
}
FLYER_BODY_MAX = 3000


def _check_language(language: str, field: str = "language") -> None:
    if not is_client_language(language):
        raise ValidationError({field: _("Choose one of the client languages.")})


# --- Materials ------------------------------------------------------------------------------

MATERIAL_FIELDS = ("title", "kind", "target_group", "published")


def _check_material(material: Material) -> None:
    material.title = clean_text(material.title or "", SHORT_TEXT_MAX)
    if not material.title:
        raise ValidationError({"title": _("Give the material a title.")})
    if material.kind not in MaterialKind.values:
        raise ValidationError({"kind": _("Choose a kind.")})
    if material.target_group not in TargetGroup.values:
        raise ValidationError({"target_group": _("Choose a target group.")})


@transaction.atomic
def material_create(*, actor, organisation: Organisation, data: dict) -> Material:
    ensure_perm(actor, MANAGE, organisation.pk)
    material = Material(organisation=organisation)
    apply_changes(material, data, MATERIAL_FIELDS)
    _check_material(material)
    material.save()
    record(actor, "material.created", material)
    return material


@transaction.atomic
def material_update(*, actor, material: Material, data: dict, expected_version: int) -> Material:
    ensure_perm(actor, MANAGE, material.organisation_id)
    changes = apply_changes(material, data, MATERIAL_FIELDS)
    _check_material(material)
    claim_version(material, expected_version)
    material.updated_at = timezone.now()
    material.save()
    record(actor, "material.updated", material, details={"fields": sorted(changes)})
    return material


@transaction.atomic
def material_text_set(*, actor, material: Material, language: str, title: str, body: str,
                      expected_version: int) -> MaterialText:
    """Set the flyer text of a material in one language (an empty title and body removes it)."""
    ensure_perm(actor, MANAGE, material.organisation_id)
    _check_language(language)
    title = clean_text(title or "", SHORT_TEXT_MAX)
    body = clean_text(body or "", FLYER_BODY_MAX)
    claim_version(material, expected_version, updated_at=timezone.now())
    if not title and not body:
        MaterialText.objects.filter(material=material, language=language).delete()
        Flyer.objects.filter(material=material, language=language).delete()
        record(actor, "material.text_removed", material, details={"language": language})
        return MaterialText(material=material, language=language)
    if not title:
        raise ValidationError({"title": _("Give the flyer a title.")})
    text, _created = MaterialText.objects.update_or_create(material=material, language=language,
                                                           defaults={"title": title, "body": body})
    # The flyer is made again from the new text on its next download or by the job.
    Flyer.objects.filter(material=material, language=language).delete()
    record(actor, "material.text_set", material, details={"language": language})
    return text


def _sniffed_type(data: bytes, file_name: str) -> str:
    """As for case documents (apps.cases.services): the content decides the type, and the
    file name's extension must agree with it."""
    kind = filetype.guess(data)
    if kind is None or kind.mime not in MATERIAL_TYPES_ALLOWED:
        raise ValidationError({"file": _(
            "Only PDF, JPEG, PNG and MP4 files can be uploaded; the type of this file was not recognised "
            "or is not allowed.")})
    extension = file_name.rpartition(".")[2].lower() if "." in file_name else ""
    if extension not in MATERIAL_TYPES_ALLOWED[kind.mime]:
        raise ValidationError({"file": _(
            "The file name ends in “.%(extension)s” but the content is of type %(type)s. "
            "Choose the right file or correct its name.") % {"extension": extension, "type": kind.extension.upper()}})
    return kind.mime


@transaction.atomic
def material_file_upload(*, actor, material: Material, language: str, uploaded_file) -> MaterialFile:
    """Add a new version of the material's file in `language`; older versions stay."""
    ensure_perm(actor, MANAGE, material.organisation_id)
    _check_language(language)
    data = read_upload(uploaded_file)
    original_name = os.path.basename(uploaded_file.name or "")[:255]
    content_type = _sniffed_type(data, original_name)
    # Locks the material row: two uploads at once get consecutive version numbers.
    Material.objects.select_for_update().filter(pk=material.pk).update(updated_at=timezone.now())
    last = (MaterialFile.objects.filter(material=material, language=language)
            .order_by("-version_number").values_list("version_number", flat=True).first()) or 0
    file = MaterialFile.objects.create(
        material=material, language=language, version_number=last + 1, data=data, content_type=content_type,
        original_name=original_name, size=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_by=actor)
    record(actor, "material.file_uploaded", material,
           details={"language": language, "version": file.version_number, "size": len(data),
                    "content_type": content_type})
    return file


# --- Flyers ---------------------------------------------------------------------------------

def _text_hash(text: MaterialText, base_url: str) -> str:
    return hashlib.sha256(f"{text.title}\x00{text.body}\x00{base_url}".encode()).hexdigest()


def flyer_render(*, material: Material, language: str, base_url: str) -> Flyer:
    """The flyer PDF of the material in `language`, generated from its text if missing or
    outdated (no actor: flyers are public content, generated for downloads and by the job)."""
    from apps.outreach.pdf import flyer_pdf

    text = MaterialText.objects.get(material=material, language=language)
    digest = _text_hash(text, base_url)
    stored = Flyer.objects.filter(material=material, language=language).first()
    if stored is not None and stored.text_hash == digest:
        return stored
    data = flyer_pdf(material=material, text=text, base_url=base_url)
    with transaction.atomic():
        flyer, _created = Flyer.objects.update_or_create(
            material=material, language=language,
            defaults={"data": data, "text_hash": digest, "generated_at": timezone.now()})
    return flyer


def flyers_render_all(*, material_id: int, base_url: str, progress=None) -> int:
    """Generate the flyers of every language of a material (the job behind "generate all")."""
    material = Material.objects.get(pk=material_id)
    languages = list(MaterialText.objects.filter(material=material).values_list("language", flat=True))
    for done, language in enumerate(languages, start=1):
        flyer_render(material=material, language=language, base_url=base_url)
        if progress:
            progress(done, len(languages))
    return len(languages)


def flyers_enqueue(*, actor, material: Material, base_url: str) -> None:
    """Generate every flyer of the material on the job queue, after the commit."""
    ensure_perm(actor, MANAGE, material.organisation_id)
    from apps.outreach.tasks import render_flyers

    material_id, organisation_id = material.pk, material.organisation_id
    record(actor, "material.flyers_requested", material)
    transaction.on_commit(lambda: render_flyers.enqueue(
        material_id=material_id, base_url=base_url, organisation_id=organisation_id))


# --- Campaigns ------------------------------------------------------------------------------

CAMPAIGN_FIELDS = ("name", "code", "channel", "platform", "starts_on", "ends_on", "languages", "target_group",
                   "budget")


def _check_campaign(campaign: Campaign) -> None:
    campaign.name = clean_text(campaign.name or "", SHORT_TEXT_MAX)
    campaign.platform = clean_text(campaign.platform or "", 100)
    if not campaign.name:
        raise ValidationError({"name": _("Give the campaign a name.")})
    campaign.code = (campaign.code or "").strip().lower()
    if not campaign.code:
        raise ValidationError({"code": _("Give the campaign a link code.")})
    if campaign.channel not in Channel.values:
        raise ValidationError({"channel": _("Choose a channel.")})
    if not campaign.starts_on or not campaign.ends_on or campaign.ends_on < campaign.starts_on:
        raise ValidationError({"ends_on": _("The end must not lie before the start.")})
    if not campaign.languages or any(not is_client_language(code) for code in campaign.languages):
        raise ValidationError({"languages": _("Choose at least one of the client languages.")})
    try:
        budget = Decimal(campaign.budget)
    except (InvalidOperation, TypeError):
        raise ValidationError({"budget": _("Enter the budget as an amount in euros.")}) from None
    if budget < 0 or budget >= Decimal("100000000"):
        raise ValidationError({"budget": _("Enter the budget as an amount in euros.")})
    duplicate = Campaign.objects.filter(code=campaign.code).exclude(pk=campaign.pk)
    if duplicate.exists():
        raise ValidationError({"code": _("Another campaign already uses this link code.")})
    campaign.full_clean(exclude=["organisation", "materials", "version"])


@transaction.atomic
def campaign_create(*, actor, organisation: Organisation, data: dict, materials=()) -> Campaign:
    ensure_perm(actor, MANAGE, organisation.pk)
    campaign = Campaign(organisation=organisation)
    apply_changes(campaign, data, CAMPAIGN_FIELDS)
    _check_campaign(campaign)
    campaign.save()
    campaign.materials.set(materials)
    record(actor, "campaign.created", campaign)
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, data: dict, expected_version: int, materials=None) -> Campaign:
    ensure_perm(actor, MANAGE, campaign.organisation_id)
    changes = apply_changes(campaign, data, CAMPAIGN_FIELDS)
    _check_campaign(campaign)
    claim_version(campaign, expected_version)
    campaign.save()
    if materials is not None:
        campaign.materials.set(materials)
    record(actor, "campaign.updated", campaign, details={"fields": sorted(changes)})
    return campaign


@transaction.atomic
def campaign_figure_add(*, actor, campaign: Campaign, period_start: date, period_end: date, reach: int,
                        clicks: int) -> CampaignFigure:
    ensure_perm(actor, MANAGE, campaign.organisation_id)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end must not lie before the start.")})
    if reach < 0 or clicks < 0:
        raise ValidationError({"reach": _("Figures cannot be negative.")})
    figure = CampaignFigure.objects.create(campaign=campaign, period_start=period_start, period_end=period_end,
                                           reach=reach, clicks=clicks, entered_by=actor)
    record(actor, "campaign.figures_entered", campaign, details={"reach": reach, "clicks": clicks})
    return figure


# The shape of Campaign.code (a SlugField of at most 40): anything else is no code of ours and
# never reaches the database (a NUL would make PostgreSQL fail).
CAMPAIGN_CODE = re.compile(r"[A-Za-z0-9_-]{1,40}")


def count_campaign_visit(*, code: str, language: str) -> bool:
    """Count one portal visit that came through the link of campaign `code` in `language`.

    True when the code belongs to a campaign running today. Stores a counter per campaign,
    day and language, nothing else: no cookie, no IP address, no user agent. Safe under
    concurrent visits (an atomic UPDATE … SET count = count + 1; the first visit of a day
    creates the row, and a racing second creation falls back to the update)."""
    if not isinstance(code, str) or not CAMPAIGN_CODE.fullmatch(code.strip()) or not is_client_language(language):
        return False
    today = timezone.localdate()
    campaign_id = (Campaign.objects.filter(code=code.strip().lower(), starts_on__lte=today, ends_on__gte=today)
                   .values_list("pk", flat=True).first())
    if campaign_id is None:
        return False
    counter = CampaignVisit.objects.filter(campaign_id=campaign_id, day=today, language=language)
    if counter.update(count=F("count") + 1):
        return True
    try:
        with transaction.atomic():
            CampaignVisit.objects.create(campaign_id=campaign_id, day=today, language=language, count=1)
    except IntegrityError:
        counter.update(count=F("count") + 1)
    return True
