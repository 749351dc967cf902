"""Reads of the duplicate review, scoped to what the acting team lead may see.

A pair is visible to members holding person.merge in its organisation, and only while the
lead can see both persons (persons_visible_to: restricted cases stay hidden); a merged pair
while the lead can see the kept person, so that the merge can be undone.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from apps.accounts.selectors import organisation_ids_with
from apps.audit.services import record
from apps.cases.selectors import cases_visible_to
from apps.clients.models import Person
from apps.clients.selectors import PairScore, persons_visible_to
from apps.core.templatetags.returnnet import language
from apps.duplicates.models import DuplicatePair, ReviewRun

PERMISSION = "person.merge"
PAGE_SIZE = 25


def runs_visible_to(user) -> QuerySet[ReviewRun]:
    return ReviewRun.objects.filter(organisation_id__in=organisation_ids_with(user, PERMISSION))


def run_for(user, pk: int) -> ReviewRun:
    run = runs_visible_to(user).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def pairs_visible_to(user) -> QuerySet[DuplicatePair]:
    """The one scoping point for pairs."""
    visible = persons_visible_to(user).values("pk")
    both = Q(person_a__in=visible, person_b__in=visible)
    merged = Q(state=DuplicatePair.State.MERGED, survivor__in=visible)
    return DuplicatePair.objects.filter(organisation_id__in=organisation_ids_with(user, PERMISSION)).filter(
        both | merged)


def pair_for(user, pk: int) -> DuplicatePair:
    pair = pairs_visible_to(user).filter(pk=pk).first()
    if pair is None:
        raise Http404
    return pair


def pair_for_merge_entry(user, entry_id: int) -> DuplicatePair:
    """The pair a "person.merged" audit entry belongs to (undo from the audit entry)."""
    pair = pairs_visible_to(user).filter(merge_entry_id=entry_id).first()
    if pair is None:
        raise Http404
    return pair


def open_pairs(user, *, organisation_id: int | None = None) -> QuerySet[DuplicatePair]:
    """The queue: open pairs by score, then those put off for later."""
    pairs = pairs_visible_to(user).filter(state__in=[DuplicatePair.State.OPEN, DuplicatePair.State.LATER])
    if organisation_id is not None:
        pairs = pairs.filter(organisation_id=organisation_id)
    return pairs.order_by("-state", "-score", "id")  # descending state: "open" before "later"


def decided_pairs(user) -> QuerySet[DuplicatePair]:
    return pairs_visible_to(user).filter(
        state__in=[DuplicatePair.State.MERGED, DuplicatePair.State.DISMISSED]).order_by("-reviewed_at", "-id")


@dataclass
class PersonSide:
    person: Person
    nationalities: str
    languages: str
    households: list  # (household id, [case references])


def _side(user, person: Person) -> PersonSide:
    memberships = list(person.memberships.values_list("household_id", flat=True))
    cases = cases_visible_to(user).filter(household_id__in=memberships).values_list("household_id", "reference")
    by_household = {h: [] for h in memberships}
    for household_id, reference in cases:
        by_household[household_id].append(reference)
    return PersonSide(
        person=person,
        nationalities=", ".join(country.name for country in person.nationalities) or "—",
        languages=", ".join(f"{language(lang.language)} ({lang.get_level_display()})"
                            for lang in person.languages.all()) or "—",
        households=sorted(by_household.items()),
    )


COMPARED = ("family_name", "given_names", "name_variants", "birth_date", "sex", "nationalities", "languages",
            "phone", "email", "postcode", "city", "residence_status", "bamf_file_number")


def _value(side: PersonSide, field: str) -> str:
    person = side.person
    if field == "birth_date":
        return person.display_birth_date
    if field == "nationalities":
        return side.nationalities
    if field == "languages":
        return side.languages
    display = getattr(person, f"get_{field}_display", None)
    value = display() if display else getattr(person, field)
    return str(value or "—")


def _label(field: str) -> str:
    if field == "languages":
        return _("Languages")
    return capfirst(Person._meta.get_field(field).verbose_name)


def reason_words(pair: DuplicatePair) -> list[str]:
    """Why the pair was proposed, in words: the duplicate check's own labels (PairScore's
    reason_labels, where it has them), else the date reasons this app knows."""
    score = PairScore(pair.person_a_id, pair.person_b_id, pair.score, tuple(pair.reasons), pair.name_similarity)
    labels = getattr(score, "reason_labels", None)
    if labels is not None:
        return [str(label) for label in labels]
    known = {"birth_date": _("same date of birth"), "birth_year": _("same year of birth")}
    return [str(known[code]) for code in pair.reasons if code in known]


def comparison(user, pair: DuplicatePair, *, via: str = "duplicates") -> dict:
    """Both persons side by side with what differs; the read of each person is audited."""
    persons = {p.pk: p for p in Person.objects.filter(pk__in=[pair.person_a_id, pair.person_b_id])
               .prefetch_related("languages").select_related("district")}
    sides = [_side(user, persons[pk]) for pk in (pair.person_a_id, pair.person_b_id) if pk in persons]
    for side in sides:
        record(user, "person.viewed", side.person, details={"via": via, "pair": pair.pk})
    rows = []
    if len(sides) == 2:
        for field in COMPARED:
            a, b = _value(sides[0], field), _value(sides[1], field)
            rows.append({"label": _label(field), "a": a, "b": b, "differs": a != b})
    return {"sides": sides, "rows": rows, "reasons": reason_words(pair)}


def queue_page(user, pairs) -> list[dict]:
    """One page of the queue with both persons' summaries; audited as one list read."""
    pairs = list(pairs)
    ids = {i for p in pairs for i in (p.person_a_id, p.person_b_id)}
    persons = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    if ids:
        record(user, "person.list_viewed", details={"ids": sorted(ids), "via": "duplicates"})
    rows = []
    for pair in pairs:
        a, b = persons.get(pair.person_a_id), persons.get(pair.person_b_id)
        if a is None or b is None:
            continue
        rows.append({"pair": pair, "a": a, "b": b,
                     "a_nationalities": ", ".join(c.name for c in a.nationalities) or "—",
                     "b_nationalities": ", ".join(c.name for c in b.nationalities) or "—"})
    return rows


def duplicate_badges(user, case) -> dict[int, list[dict]]:
    """Person badge provider (core.registry): a team lead sees "possible duplicate" beside a
    household member with an open pair, linked to the comparison; one query, O(household)."""
    if case.organisation_id not in organisation_ids_with(user, PERMISSION):
        return {}
    ids = list(case.household.members.values_list("person_id", flat=True))
    pairs = DuplicatePair.objects.filter(
        Q(person_a_id__in=ids) | Q(person_b_id__in=ids), organisation_id=case.organisation_id,
        state__in=[DuplicatePair.State.OPEN, DuplicatePair.State.LATER]).order_by("-score", "id")
    badges: dict[int, list[dict]] = {}
    for pair in pairs.values("pk", "person_a_id", "person_b_id"):
        for person_id in (pair["person_a_id"], pair["person_b_id"]):
            if person_id in ids and person_id not in badges:
                badges[person_id] = [{"label": _("possible duplicate"), "css": "warning",
                                      "url": reverse("duplicates:pair", args=[pair["pk"]])}]
    return badges
