"""Reads of the privacy app, scoped by the acting user's organisations: privacy.manage for
rules, runs and holds; privacy.erase for erasure requests. Out of scope is a 404."""

from dataclasses import dataclass

from django.http import Http404

from apps.accounts.selectors import organisation_ids_with, organisations_with
from apps.privacy import registry
from apps.privacy.models import ErasureRequest, LegalHold, RetentionRule, RetentionRun, RetentionSettings


def managed_organisation(user, permission: str = "privacy.manage"):
    """The organisation the officer acts for (the first one holding the permission)."""
    organisations = organisations_with(user, permission)
    if not organisations:
        raise Http404
    return organisations[0]


def runs_visible_to(user):
    return RetentionRun.objects.filter(organisation_id__in=organisation_ids_with(user, "privacy.manage"))


def run_for(user, pk) -> RetentionRun:
    run = runs_visible_to(user).select_related("requested_by").filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def holds_visible_to(user):
    return LegalHold.objects.filter(organisation_id__in=organisation_ids_with(user, "privacy.manage")) \
        .select_related("set_by", "lifted_by")


def hold_for(user, pk) -> LegalHold:
    hold = holds_visible_to(user).filter(pk=pk).first()
    if hold is None:
        raise Http404
    return hold


def requests_visible_to(user):
    return ErasureRequest.objects.filter(organisation_id__in=organisation_ids_with(user, "privacy.erase")) \
        .select_related("requested_by", "approved_by")


def request_for(user, pk) -> ErasureRequest:
    request = requests_visible_to(user).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def settings_of(organisation) -> RetentionSettings:
    return RetentionSettings.objects.get_or_create(organisation=organisation)[0]


@dataclass
class RuleRow:
    """One kind of record with the rule the organisation's run uses."""

    kind: registry.RecordType
    rule: RetentionRule | None
    own: bool  # the organisation's own row (else the default)

    @property
    def version(self) -> int:
        """The version a form is based on: 0 while the organisation uses the default."""
        return self.rule.version if self.own and self.rule else 0


def rule_rows(organisation) -> list[RuleRow]:
    """Every registered kind of record, in the run's order, with its rule."""
    rules = {(r.organisation_id, r.record_type): r for r in RetentionRule.objects.filter(
        organisation_id__in=[organisation.pk]) | RetentionRule.objects.filter(organisation__isnull=True)}
    rows = []
    for kind in registry.record_types():
        own = rules.get((organisation.pk, kind.code))
        rows.append(RuleRow(kind, own or rules.get((None, kind.code)), own is not None))
    return rows


def rule_row(organisation, code: str) -> RuleRow:
    for row in rule_rows(organisation):
        if row.kind.code == code:
            return row
    raise Http404


def report_rows(run: RetentionRun) -> list[dict]:
    """The run's counts per kind of record, named by the kind's label (codes of kinds that
    are no longer registered stay as they were stored)."""
    rows = []
    for code, entry in (run.counts or {}).items():
        kind = registry.record_type(code)
        rows.append({"code": code, "label": kind.label if kind else code, **entry})
    return rows
