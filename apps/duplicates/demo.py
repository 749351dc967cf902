"""Demo data of the duplicate review: three IOM clients entered a second time under another
spelling (as after a hotline call or an import), found by a finished review run, so that the
team lead's page shows pairs on `make run`. Idempotent: nothing is added once IOM has pairs."""

from django.utils import timezone

from apps.clients import services as client_services
from apps.clients.models import Person
from apps.clients.selectors import batch_pairs
from apps.duplicates.models import DuplicatePair, ReviewRun
from apps.duplicates.services import pairs_store

SPELLINGS = [("ou", "u"), ("o", "u"), ("ei", "ai"), ("e", "i"), ("a", "e")]


def respelled(name: str) -> str:
    """Another transliteration of a name (Hosseini → Husseini, Mohammad → Muhammad)."""
    for old, new in SPELLINGS:
        if old in name[1:]:
            return name[0] + name[1:].replace(old, new, 1)
    return name + "h"


def seed(network) -> int:
    iom, lead = network.organisations["IOM"], network.users.get("team_lead")
    if lead is None or DuplicatePair.objects.filter(organisation=iom).exists():
        return 0
    originals = list(Person.objects.filter(organisation=iom, merged_into__isnull=True, anonymised_at__isnull=True,
                                           birth_date__isnull=False, memberships__is_principal=True)
                     .order_by("-created_at", "-id")[:3])
    planted = []
    for original in originals:
        planted.append(client_services.person_create(actor=lead, organisation=iom, data={
            "family_name": respelled(original.family_name), "given_names": original.given_names,
            "birth_date": original.birth_date, "birth_date_precision": original.birth_date_precision,
            "sex": original.sex, "nationalities": original.nationalities}))
    run = ReviewRun.objects.create(organisation=iom, requested_by=lead, state=ReviewRun.State.RUNNING,
                                   started_at=timezone.now())
    found = list(batch_pairs(iom.pk, threshold=90, person_ids=[p.pk for p in planted]))
    new = pairs_store(run, found)
    ReviewRun.objects.filter(pk=run.pk).update(state=ReviewRun.State.DONE, progress=100, finished_at=timezone.now(),
                                               persons_checked=len(planted), pairs_found=len(found), pairs_new=new)
    return len(planted) + new + 1
