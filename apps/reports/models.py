"""Indicators as data: what each figure means, where its definition comes from, and whether
that source was verified. The counting itself is code registered under the same code
(apps.reports.indicators); the rows are editable reference data."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Indicator(models.Model):
    class Kind(models.TextChoices):
        AMIF_OUTPUT = "amif_output", _("AMIF output indicator")
        AMIF_RESULT = "amif_result", _("AMIF result indicator")
        PROJECT = "project", _("Project indicator")
        HOTLINE = "hotline", _("Hotline")
        OUTREACH = "outreach", _("Outreach")
        NETWORK = "network", _("Network")

    code = models.SlugField(_("code"), max_length=60, unique=True,
                            help_text=_("Stable: exports, the API and the counting code use it."))
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    definition_de = models.TextField(_("definition (German)"))
    definition_en = models.TextField(_("definition (English)"))
    unit_de = models.CharField(_("counting unit (German)"), max_length=120)
    unit_en = models.CharField(_("counting unit (English)"), max_length=120)
    decisive_date_de = models.CharField(_("decisive date (German)"), max_length=200)
    decisive_date_en = models.CharField(_("decisive date (English)"), max_length=200)
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    verified = models.BooleanField(_("verified"), default=False,
                                   help_text=_("The title and definition were read in the cited source."))
    unverified_note = models.TextField(_("what is unverified"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    default_breakdown = models.CharField(_("default breakdown"), max_length=30, blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.title

    def _in_language(self, field: str) -> str:
        english = (get_language() or "de").startswith("en")
        return getattr(self, f"{field}_en" if english else f"{field}_de")

    @property
    def title(self) -> str:
        return self._in_language("title")

    @property
    def definition(self) -> str:
        return self._in_language("definition")

    @property
    def unit(self) -> str:
        return self._in_language("unit")

    @property
    def decisive_date(self) -> str:
        return self._in_language("decisive_date")
