"""Reads of programmes and their versions. Programme rules are network-wide reference data
without personal data: every signed-in user may read them; editing needs programme.manage
(declared on the views)."""

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.programmes.models import Programme, ProgrammeVersion


def current_versions(on: date | None = None) -> QuerySet[ProgrammeVersion]:
    """The version of each active programme valid on `on` (today by default), in the
    programmes' order; when periods overlap, the latest start wins."""
    on = on or timezone.localdate()
    valid = (ProgrammeVersion.objects.filter(programme__is_active=True, valid_from__lte=on)
             .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)))
    latest = {}
    for pk, programme_id in valid.order_by("programme_id", "-valid_from").values_list("pk", "programme_id"):
        latest.setdefault(programme_id, pk)
    return (ProgrammeVersion.objects.filter(pk__in=latest.values()).select_related("programme")
            .order_by("programme__sort_order", "programme__code"))


def versions_for_check(on: date | None = None) -> QuerySet[ProgrammeVersion]:
    """For the eligibility check: per active programme the version valid on `on`, else the newest
    version that started before `on` and has ended (the check flags it); programmes without any
    version by then are left out."""
    on = on or timezone.localdate()
    started = ProgrammeVersion.objects.filter(programme__is_active=True, valid_from__lte=on)
    chosen = {}
    for pk, programme_id, valid_to in started.order_by("programme_id", "-valid_from").values_list(
            "pk", "programme_id", "valid_to"):
        current = valid_to is None or valid_to >= on
        if programme_id not in chosen or (current and not chosen[programme_id][1]):
            chosen[programme_id] = (pk, current)
    return (ProgrammeVersion.objects.filter(pk__in=[pk for pk, _current in chosen.values()])
            .select_related("programme").order_by("programme__sort_order", "programme__code"))


def programmes_with_versions() -> QuerySet[Programme]:
    """Every programme with all its versions (newest first), for the administration."""
    return Programme.objects.select_related("requires").prefetch_related(
        Prefetch("versions", queryset=ProgrammeVersion.objects.select_related("updated_by").order_by("-valid_from")))


def versions(on: date | None = None) -> QuerySet[ProgrammeVersion]:
    """All versions, or those valid on `on`."""
    found = ProgrammeVersion.objects.select_related("programme").order_by(
        "programme__sort_order", "programme__code", "-valid_from")
    if on is not None:
        found = found.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    return found


def version_for(pk: int) -> ProgrammeVersion:
    """One version (404 if there is none)."""
    return get_object_or_404(ProgrammeVersion.objects.select_related("programme", "updated_by"), pk=pk)


def latest_version(programme: Programme) -> ProgrammeVersion | None:
    return programme.versions.order_by("-valid_from").first()


def eligibility_for_case(user, case, inp, on: date | None = None) -> list:
    """The eligibility check for a case's household as the user entered it; audited, since
    it reads the household's nationality, status and ages (the inputs are not logged)."""
    from apps.audit.services import record
    from apps.programmes.eligibility import check_input

    results = check_input(inp, on)
    record(user, "case.eligibility_checked", case,
           details={"programme_versions": [result.version_id for result in results]})
    return results
