"""Tour planning: who counsels where, on which day, in a planning period."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import AuditLabelMixin, VersionedModel


def default_weekdays() -> list[int]:
    return [0, 1, 2, 3, 4]


class PlannerCounsellor(AuditLabelMixin, models.Model):
    """A counsellor as the tour planner sees them: home, working days, travel limit, languages."""

    audit_noun = "planner counsellor"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="planner_counsellors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="planner_profiles")
    # Home: explicit coordinates, else the district centroid of the home office.
    home_office = models.ForeignKey("accounts.Office", verbose_name=_("home office"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    home_latitude = models.DecimalField(_("home latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    home_longitude = models.DecimalField(_("home longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    working_weekdays = models.JSONField(_("working weekdays"), default=default_weekdays)
    max_travel_minutes_per_day = models.PositiveSmallIntegerField(
        _("maximum travel per day (minutes, round trip)"), default=240)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["user__full_name", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="planner_counsellor_unique")]
        verbose_name = _("counsellor for tour planning")
        verbose_name_plural = _("counsellors for tour planning")

    def __str__(self):
        return str(self.user)


class Absence(models.Model):
    counsellor = models.ForeignKey(PlannerCounsellor, on_delete=models.CASCADE, related_name="absences")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")


class SolveState(models.TextChoices):
    IDLE = "idle", _("not solved yet")
    QUEUED = "queued", _("queued")
    SOLVING = "solving", _("solving")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class TourPlan(AuditLabelMixin, VersionedModel):
    audit_noun = "tour plan"

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SOLVED = "solved", _("solved")
        ACCEPTED = "accepted", _("accepted")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="tour_plans")
    start = models.DateField(_("start"))
    weeks = models.PositiveSmallIntegerField(_("weeks"), default=13)
    min_days_per_district_per_month = models.PositiveSmallIntegerField(
        _("counselling days per district and month (at least)"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    greedy_figures = models.JSONField(_("figures of the greedy baseline"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    solved_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Solving runs as a background job; these say how far it is (the result itself is the
    # plan's entries and figures). Changed without a version bump: they are not edits.
    solve_state = models.CharField(_("solving"), max_length=8, choices=SolveState.choices, default=SolveState.IDLE)
    solve_time_limit = models.PositiveSmallIntegerField(default=20)
    solve_requested_at = models.DateTimeField(null=True, blank=True)
    solve_started_at = models.DateTimeField(null=True, blank=True)
    solve_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("tour plan")
        verbose_name_plural = _("tour plans")

    @property
    def end(self):
        from datetime import timedelta

        return self.start + timedelta(weeks=self.weeks) - timedelta(days=1)

    @property
    def solve_pending(self) -> bool:
        return self.solve_state in (SolveState.QUEUED, SolveState.SOLVING)

    @property
    def solve_progress(self) -> int:
        """Per cent of the time limit used so far (the solver stops at the limit)."""
        if self.solve_state == SolveState.DONE:
            return 100
        if self.solve_state != SolveState.SOLVING or self.solve_started_at is None:
            return 0
        elapsed = (timezone.now() - self.solve_started_at).total_seconds()
        return max(0, min(99, int(100 * elapsed / max(self.solve_time_limit, 1))))

    def __str__(self):
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"


class PlanEntry(models.Model):
    plan = models.ForeignKey(TourPlan, on_delete=models.CASCADE, related_name="entries")
    date = models.DateField(_("date"))
    counsellor = models.ForeignKey(PlannerCounsellor, on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey("mobile.CounsellingLocation", on_delete=models.PROTECT, related_name="+")
    pinned = models.BooleanField(_("pinned"), default=False)

    class Meta:
        ordering = ["date", "counsellor_id", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "date", "counsellor"], name="plan_entry_one_a_day")]


class PlanConstraint(models.Model):
    class Kind(models.TextChoices):
        PIN = "pin", _("pin (must happen)")
        FORBID = "forbid", _("forbid (must not happen)")

    plan = models.ForeignKey(TourPlan, on_delete=models.CASCADE, related_name="constraints")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    date = models.DateField(_("date"))
    counsellor = models.ForeignKey(PlannerCounsellor, verbose_name=_("counsellor"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey("mobile.CounsellingLocation", verbose_name=_("location"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["date", "id"]
