"""Outreach: information materials (files per language with versions, flyer texts), orders
of printed materials, and campaigns with their figures and privacy-friendly visit counts.

Nothing here is personal data except who uploaded, ordered or changed something (staff) and
a delivery address of a partner organisation. Campaign visits are bare counters: no cookie,
no IP address, no user agent is ever stored (docs/operator-guide.md, "Campaign links").
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import AuditLabelMixin, VersionedModel


class MaterialKind(models.TextChoices):
    FLYER = "flyer", _("Flyer")
    POSTER = "poster", _("Poster")
    VIDEO = "video", _("Video")
    SOCIAL_MEDIA_POST = "social_media_post", _("Social-media post")


class TargetGroup(models.TextChoices):
    GENERAL = "general", _("All migrants")
    OBLIGED_TO_LEAVE = "obliged_to_leave", _("People obliged to leave")
    ASYLUM_SEEKERS = "asylum_seekers", _("Asylum seekers in reception facilities")
    FAMILIES = "families", _("Families with children")
    PROFESSIONALS = "professionals", _("Professionals and partners")


class Material(AuditLabelMixin, VersionedModel):
    """An information material. Its title is the back office's name; what clients read is
    the per-language MaterialText (flyer title and body) and the per-language files."""

    audit_noun = "material"

    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("publisher"), on_delete=models.PROTECT,
                                     related_name="outreach_materials")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=MaterialKind.choices)
    target_group = models.CharField(_("target group"), max_length=24, choices=TargetGroup.choices,
                                    default=TargetGroup.GENERAL)
    published = models.BooleanField(_("published on the portal"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("information material")
        verbose_name_plural = _("information materials")

    def __str__(self):
        return self.title


class MaterialText(models.Model):
    """The text of a material in one client language: the flyer is generated from it."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=3000)

    class Meta:
        ordering = ["material", "language"]
        constraints = [models.UniqueConstraint(fields=["material", "language"], name="outreach_text_once_per_lang")]


class MaterialFile(AuditLabelMixin, models.Model):
    """One version of a material's file in one language. A new upload adds a version; the
    current file is the highest version. Public content, so stored in the database as is
    (no encryption: it is published anyway, and every app server sees it)."""

    audit_noun = "material file"

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=8)
    version_number = models.PositiveIntegerField(_("version"))
    data = models.BinaryField()
    content_type = models.CharField(max_length=60)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["material", "language", "-version_number"]
        constraints = [models.UniqueConstraint(fields=["material", "language", "version_number"],
                                               name="outreach_file_version_unique")]

    @property
    def organisation_id(self):
        return self.material.organisation_id


class Flyer(models.Model):
    """The printable PDF generated from a MaterialText (one per material and language),
    regenerated when the text changes (text_version tells which text it was made from)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="flyers")
    language = models.CharField(max_length=8)
    data = models.BinaryField()
    text_hash = models.CharField(max_length=64)
    generated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["material", "language"], name="outreach_flyer_once")]


class OrderState(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    CONFIRMED = "confirmed", _("Confirmed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class MaterialOrder(AuditLabelMixin, VersionedModel):
    """Printed copies of a material ordered by an organisation (a partner, an authority)."""

    audit_noun = "material order"

    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("ordering organisation"),
                                     on_delete=models.PROTECT, related_name="material_orders")
    material = models.ForeignKey(Material, verbose_name=_("material"), on_delete=models.PROTECT,
                                 related_name="orders")
    language = models.CharField(_("language"), max_length=8)
    quantity = models.PositiveIntegerField(_("quantity"))
    delivery_address = models.TextField(_("delivery address"), max_length=500)
    wished_date = models.DateField(_("wished delivery date"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=OrderState.choices, default=OrderState.ORDERED)
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("material order")
        verbose_name_plural = _("material orders")


class OrderEvent(models.Model):
    """One step in an order's history (the first is its placing)."""

    order = models.ForeignKey(MaterialOrder, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(max_length=12, choices=OrderState.choices)
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]


class Channel(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("Social media")
    PRINT = "print", _("Print")
    RADIO = "radio", _("Radio")
    EVENT = "event", _("Event")
    WEBSITE = "website", _("Website")


class Campaign(AuditLabelMixin, VersionedModel):
    """An outreach campaign. Its code goes into the campaign link (…/<lang>/?c=<code>)."""

    audit_noun = "campaign"

    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="outreach_campaigns")
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("link code"), max_length=40, unique=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    languages = models.JSONField(_("languages"), default=list)
    target_group = models.CharField(_("target group"), max_length=24, choices=TargetGroup.choices,
                                    default=TargetGroup.GENERAL)
    materials = models.ManyToManyField(Material, verbose_name=_("materials used"), blank=True,
                                       related_name="campaigns")
    budget = models.DecimalField(_("budget (EUR)"), max_digits=10, decimal_places=2, default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.name


class CampaignFigure(models.Model):
    """Figures the platform reports (reach, clicks) for a period, typed in by hand."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="figures")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    reach = models.PositiveIntegerField(_("reach"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["period_start", "pk"]


class CampaignVisit(models.Model):
    """How many portal visits arrived through a campaign link on one day in one language.
    A counter only (see the module docstring)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="visits")
    day = models.DateField()
    language = models.CharField(max_length=8)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "language"]
        constraints = [models.UniqueConstraint(fields=["campaign", "day", "language"],
                                               name="outreach_visit_counter_unique")]
