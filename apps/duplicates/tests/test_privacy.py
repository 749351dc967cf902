"""The data protection officer still finds a merged person and their data, and erases them."""

from apps.clients.models import Person
from apps.clients.privacy import collect
from apps.duplicates import services
from apps.duplicates.tests.world import world  # noqa: F401
from apps.privacy.erasure import erase_person
from apps.privacy.registry import ANONYMISE, ERASE
from apps.privacy.subject_access import subject_for, subjects_search


def _merge_b_into_a(world, personas):  # noqa: F811
    versions = {p.pk: Person.objects.get(pk=p.pk).version for p in (world.a, world.b)}
    services.pair_merge(actor=personas.team_lead, pair=world.pair, survivor_id=world.a.pk, versions=versions)


def test_the_officer_finds_the_merged_record_and_is_sent_to_the_kept_one(world, personas):  # noqa: F811
    _merge_b_into_a(world, personas)
    hits = {hit.person_id: hit for hit in subjects_search(actor=personas.iom_dpo, query="Husseini")}
    assert world.b.pk in hits
    assert f"merged into person #{world.a.pk}" in hits[world.b.pk].label
    kept = subject_for(actor=personas.iom_dpo, person_id=world.a.pk)
    assert "Husseini" in " ".join(kept.names)  # shared free text is scrubbed of both spellings


def test_the_export_of_the_kept_record_holds_the_merged_records_data(world, personas):  # noqa: F811
    _merge_b_into_a(world, personas)
    records = collect(world.a.pk)
    merged = [r for r in records if r.kind == "merged_person"]
    assert len(merged) == 1 and "Husseini" in str(merged[0].fields)
    assert any(r.kind == "consent" for r in records)  # B's consent now belongs to A


def test_erasing_the_kept_record_erases_the_merged_one_too(world, personas):  # noqa: F811
    _merge_b_into_a(world, personas)
    erase_person(person_id=world.a.pk, mode=ERASE)
    assert not Person.objects.filter(pk__in=[world.a.pk, world.b.pk]).exists()


def test_anonymising_the_kept_record_anonymises_the_merged_one_too(world, personas):  # noqa: F811
    _merge_b_into_a(world, personas)
    erase_person(person_id=world.a.pk, mode=ANONYMISE)
    for person in Person.objects.filter(pk__in=[world.a.pk, world.b.pk]):
        assert person.anonymised_at and person.family_name == "anonymisiert" and not person.name_tokens.exists()
        assert person.birth_date.year == 1990 and person.birth_date.month == 1
