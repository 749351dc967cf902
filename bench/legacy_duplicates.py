"""The duplicate check as it was before issue 14 (apps/clients/matching.py at 9e08519), kept
here as the benchmark's baseline: candidates share any one name skeleton, the first 500 in
the persons' default order (family name, given names) are scored."""

from rapidfuzz import fuzz

from apps.audit.services import record
from apps.clients import names
from apps.clients.matching import DuplicateCandidate
from apps.clients.models import PersonNameToken


def legacy_possible_duplicates(user, *, organisation_id, family_name, given_names, birth_date=None):
    from apps.clients.selectors import persons_visible_to

    skeletons = {"~" + names.skeleton(w) for w in names.words(family_name, given_names) if len(w) > 1}
    if not skeletons:
        return []
    candidate_ids = PersonNameToken.objects.filter(token__in=skeletons).values("person_id")
    candidates = persons_visible_to(user).filter(organisation_id=organisation_id, pk__in=candidate_ids)
    wanted = names.normalise(f"{given_names} {family_name}")
    found = []
    for person in candidates[:500]:
        variants = [f"{person.given_names} {person.family_name}", *person.name_variants.splitlines()]
        similarity = max(fuzz.token_sort_ratio(wanted, names.normalise(v)) for v in variants if v.strip())
        score, reasons = similarity, ["name"]
        if birth_date and person.birth_date:
            if person.birth_date == birth_date:
                score, reasons = score + 25, [*reasons, "birth_date"]
            elif person.birth_date.year == birth_date.year:
                score, reasons = score + 10, [*reasons, "birth_year"]
        if score >= 70:
            found.append(DuplicateCandidate(person, min(score, 125), tuple(reasons), similarity / 100))
    result = sorted(found, key=lambda c: -c.score)[:10]
    record(user, "person.duplicates_checked", organisation_id=organisation_id,
           details={"ids": [c.person.pk for c in result]})
    return result
