"""Return programmes and their versions; the rules of a version are data (facts change yearly)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.i18n_data import translated
from apps.core.models import AuditLabelMixin, VersionedModel


class Programme(models.Model):
    """REAG/GARP 2.0, StarthilfePlus, EURP, or a state or country-specific programme."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    operator = models.CharField(_("operator"), max_length=200, blank=True,
                                help_text=_("Who decides on applications, e.g. BAMF or Frontex."))
    description = models.TextField(_("description"), blank=True)
    # A supplementary programme (StarthilfePlus) needs an approved application of its base.
    requires = models.ForeignKey("self", verbose_name=_("requires"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="supplements")
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return translated(self, "name")


class ProgrammeVersion(AuditLabelMixin, VersionedModel):
    """The rules and benefits of a programme for a period, with their source.

    `rules` holds the rule set as data (see apps.programmes.rules for its schema); every
    value that the sources do not confirm is listed in `unverified` by its rule key, and the
    UI shows that flag wherever the value is used.
    """

    audit_noun = "programme version"

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="versions")
    label = models.CharField(_("label"), max_length=120, help_text=_("e.g. 2025"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    source_note = models.TextField(_("notes on the sources"), blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.CharField(_("verified by"), max_length=200, blank=True)
    rules = models.JSONField(_("rules"), default=dict, blank=True)
    unverified = models.JSONField(_("unverified values"), default=list, blank=True,
                                  help_text=_("Rule keys whose values are not confirmed by a source."))
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["programme__sort_order", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["programme", "valid_from"], name="programme_version_from")]
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")

    def __str__(self):
        return f"{self.programme} {self.label}"

    @property
    def unverified_entries(self) -> list[tuple[str, str]]:
        """(rule key, human title in the active language) for each unverified value."""
        from apps.programmes.titles import rule_key_title

        rules = self.rules if isinstance(self.rules, dict) else {}
        specials = {rule.get("code"): rule.get("title", "") for rule in rules.get("special_rules", [])
                    if isinstance(rule, dict)}
        return [(key, rule_key_title(key, specials)) for key in self.unverified or []]

    @property
    def unverified_titles(self) -> list[str]:
        """The unverified values by their human names (never rule keys), e.g. "Start-up
        assistance (Starthilfe): family cap"; the application page shows these."""
        return [title for _key, title in self.unverified_entries]

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
