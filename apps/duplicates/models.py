"""The batch duplicate review: runs over an organisation's persons and the pairs they found,
each reviewed by a team lead (merge, not a duplicate, later)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import AuditLabelMixin


class ReviewRun(AuditLabelMixin, models.Model):
    """One search for duplicate pairs in an organisation, run as a background job."""

    audit_noun = "duplicate review"

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="duplicate_runs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    threshold = models.PositiveSmallIntegerField(_("threshold"), default=90)
    created_since = models.DateField(_("only persons created since"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    persons_checked = models.PositiveIntegerField(_("persons checked"), default=0)
    pairs_found = models.PositiveIntegerField(_("pairs found"), default=0)
    pairs_new = models.PositiveIntegerField(_("new pairs"), default=0)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("duplicate review")
        verbose_name_plural = _("duplicate reviews")

    @property
    def pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class DuplicatePair(AuditLabelMixin, models.Model):
    """Two persons of one organisation who may be the same human (a_id < b_id).

    The persons' versions when the pair was found are kept: a merge refuses a pair whose
    persons were changed since, so the lead decides on what the page showed."""

    audit_noun = "duplicate pair"

    class State(models.TextChoices):
        OPEN = "open", _("open")
        LATER = "later", _("later")
        MERGED = "merged", _("merged")
        DISMISSED = "dismissed", _("not a duplicate")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                     related_name="duplicate_pairs")
    run = models.ForeignKey(ReviewRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="pairs")
    # Hidden relations ("+"): the merge moves every relation of a person, never these.
    person_a = models.ForeignKey("clients.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("clients.Person", on_delete=models.CASCADE, related_name="+")
    version_a = models.PositiveIntegerField(default=1)
    version_b = models.PositiveIntegerField(default=1)
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    name_similarity = models.FloatField(_("name similarity"), default=0.0)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    found_at = models.DateTimeField(_("found"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    survivor = models.ForeignKey("clients.Person", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    # The audit entry "person.merged" whose details undo the merge.
    merge_entry_id = models.PositiveBigIntegerField(null=True, blank=True)
    unmerged_at = models.DateTimeField(_("merge undone"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_unique"),
            models.CheckConstraint(condition=models.Q(person_a__lt=models.F("person_b")),
                                   name="duplicate_pair_ordered"),
        ]
        indexes = [models.Index(fields=["organisation", "state", "-score"], name="duplicate_pair_queue")]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")

    def other(self, person_id: int) -> int:
        return self.person_b_id if person_id == self.person_a_id else self.person_a_id
