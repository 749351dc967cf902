"""Districts (Landkreise, kreisfreie Städte) and postcodes of the state, as reference data."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class District(models.Model):
    class Kind(models.TextChoices):
        RURAL_DISTRICT = "landkreis", _("Landkreis")
        INDEPENDENT_CITY = "kreisfreie_stadt", _("Kreisfreie Stadt")

    ags = models.CharField(_("official key (AGS)"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    seat = models.CharField(_("administrative seat"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_date = models.DateField(_("population as of"), null=True, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # Set by the importer (importers.mark_shared_names): another district bears the same name.
    name_is_shared = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return str(self.display_name)

    @property
    def display_name(self):
        """The name to show people: "Kaiserslautern (Stadt)" / "Kaiserslautern (Landkreis)"
        where a city and a Landkreis share the name, else just the name. Use this (or str())
        wherever a district is shown — tables, pickers, maps, filters (the `district` template
        filter included); `name` alone is ambiguous. Lazy: rendered in the reader's language."""
        if not self.name_is_shared:
            return self.name
        # The German words are the official designations, kept in English too (like Kind's labels).
        if self.kind == self.Kind.INDEPENDENT_CITY:
            return format_lazy("{} ({})", self.name, pgettext_lazy("district kind", "Stadt"))
        return format_lazy("{} ({})", self.name, pgettext_lazy("district kind", "Landkreis"))


class Postcode(models.Model):
    """One pair of postcode and municipality; a postcode may span several districts."""

    code = models.CharField(_("postcode"), max_length=5, db_index=True)
    municipality = models.CharField(_("municipality"), max_length=120)
    municipality_ags = models.CharField(_("municipality key"), max_length=8)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        ordering = ["code", "municipality"]
        constraints = [
            models.UniqueConstraint(fields=["code", "municipality_ags"], name="postcode_unique")
        ]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self):
        return f"{self.code} {self.municipality}"
