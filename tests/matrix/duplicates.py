"""Objects of the duplicate review for the authorisation matrix (see tests/test_authorisation_matrix.py).

An open pair (the world's principal and child), a finished review run, and a merged pair of
two further IOM persons whose "person.merged" audit entry names the undo route. Only the team
lead (person.merge) reaches them; the Diakonie personas get 403 (no permission anywhere)."""

from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.clients.models import Person
from apps.duplicates import services
from apps.duplicates.models import DuplicatePair, ReviewRun
from tests.factories import make_person
from tests.test_authorisation_matrix import Scope, Target


def _pair(a, b) -> DuplicatePair:
    a, b = sorted((a, b), key=lambda p: p.pk)
    return DuplicatePair.objects.create(organisation_id=a.organisation_id, person_a=a, person_b=b, score=100,
                                        version_a=a.version, version_b=b.version, reasons=["name"])


def extend(world) -> Scope:
    lead, iom = world.personas.team_lead, world.orgs.iom
    pair = _pair(world.person, world.member.person)
    run = ReviewRun.objects.create(organisation=iom, requested_by=lead, state=ReviewRun.State.DONE, progress=100,
                                   finished_at=timezone.now())
    x = make_person(world.personas.counsellor, iom, "Rusu", "Elena")
    y = make_person(world.personas.counsellor, iom, "Russu", "Elena")
    merged = services.pair_merge(actor=lead, pair=_pair(x, y), survivor_id=x.pk,
                                 versions={p.pk: Person.objects.get(pk=p.pk).version for p in (x, y)})
    entry = AuditEntry.objects.get(pk=merged.merge_entry_id)

    def target(obj):
        return Target(obj, iom, read="person.merge", write="person.merge")

    return Scope(
        prefixes={"duplicates/pairs/": target(pair), "duplicates/runs/": target(run)},
        values={"entry_id": target(entry)},
    )
