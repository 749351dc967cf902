"""Writes of programme versions: validated against the rule schema, saved under optimistic
locking and audited in one transaction. Programmes are network-wide: programme.manage in
any organisation suffices."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.selectors import user_has_perm
from apps.audit.services import record
from apps.core.locking import claim_version
from apps.core.services import apply_changes
from apps.programmes.models import ProgrammeVersion
from apps.programmes.rules import parse_rules, validate_unverified

VERSION_FIELDS = ["label", "valid_from", "valid_to", "source_url", "source_note", "verified_on", "verified_by",
                  "rules", "unverified"]


def _ensure_manager(actor) -> None:
    if not user_has_perm(actor, "programme.manage"):
        raise PermissionDenied("programme.manage")


def _check_version(version: ProgrammeVersion) -> None:
    errors = {}
    try:
        parse_rules(version.rules)
    except ValidationError as error:
        errors["rules"] = error.messages
    try:
        validate_unverified(version.unverified)
    except ValidationError as error:
        errors["unverified"] = error.messages
    if version.valid_to and version.valid_from and version.valid_to < version.valid_from:
        errors["valid_to"] = [_("The end of validity lies before its start.")]
    if not (version.label or "").strip():
        errors["label"] = [_("Give the version a label, e.g. the year.")]
    clash = ProgrammeVersion.objects.filter(programme=version.programme_id, valid_from=version.valid_from)
    if clash.exclude(pk=version.pk).exists():
        errors["valid_from"] = [_("This programme already has a version starting on that day.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def version_update(*, actor, version: ProgrammeVersion, expected_version: int, data: dict) -> ProgrammeVersion:
    """Change a version's rules, validity or sources; refused if someone saved in between."""
    _ensure_manager(actor)
    changes = apply_changes(version, data, VERSION_FIELDS)
    _check_version(version)
    claim_version(version, expected_version)
    version.updated_at = timezone.now()
    version.updated_by = actor
    version.save()
    record(actor, "programme_version.updated", version, details={"fields": sorted(changes)})
    return version


@transaction.atomic
def version_copy(*, actor, version: ProgrammeVersion, valid_from, label: str) -> ProgrammeVersion:
    """A new version of the programme starting on `valid_from`, with the rules and sources of
    `version`; an open-ended earlier version then ends the day before."""
    _ensure_manager(actor)
    if valid_from <= version.valid_from:
        raise ValidationError({"valid_from": _("A new version starts after the version it copies.")})
    new = ProgrammeVersion(
        programme=version.programme, label=label, valid_from=valid_from, valid_to=None,
        source_url=version.source_url, source_note=version.source_note, verified_on=None, verified_by="",
        rules=version.rules, unverified=list(version.unverified), updated_by=actor)
    _check_version(new)
    open_ended = ProgrammeVersion.objects.select_for_update().filter(
        programme=version.programme_id, valid_from__lt=valid_from, valid_to__isnull=True)
    for previous in open_ended:
        claim_version(previous, previous.version, valid_to=valid_from - timedelta(days=1))
        record(actor, "programme_version.updated", previous, details={"fields": ["valid_to"]})
    new.save()
    record(actor, "programme_version.created", new, details={"copied_from": version.pk})
    return new
