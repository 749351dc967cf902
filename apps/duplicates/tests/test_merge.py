"""Merge and undo: every row of the merged person moves to the survivor and back, exactly."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import AuditEntry
from apps.clients.models import Consent, HouseholdMember, HouseholdNameToken, Person, PersonLanguage
from apps.duplicates import merge, services
from apps.duplicates.models import DuplicatePair
from apps.duplicates.tests.world import rows_of, world  # noqa: F401


def _versions(*persons):
    return {p.pk: Person.objects.get(pk=p.pk).version for p in persons}


def test_the_merge_finds_the_relations_of_every_app_without_importing_them():
    labels = {link.label for link in merge.links()}
    assert {"clients.HouseholdMember", "clients.Consent", "clients.PersonLanguage", "cases.Document",
            "assessments.Vulnerability", "referrals.Referral", "appointments.Appointment"} <= labels
    # many-to-many through their through tables; the pairs and the name tokens stay put
    assert "cases.CounsellingSession_participants" in labels
    assert not any(label.startswith("duplicates.") for label in labels)
    assert "clients.PersonNameToken" not in labels


@pytest.mark.parametrize("keep", ["a", "b"])
def test_merge_then_undo_restores_every_row_exactly(world, personas, keep):  # noqa: F811
    survivor, merged = (world.a, world.b) if keep == "a" else (world.b, world.a)
    before = rows_of(world.a.pk, world.b.pk)
    tokens_before = set(HouseholdNameToken.objects.filter(household=world.case_b.household).values_list("token",
                                                                                                      flat=True))

    pair = services.pair_merge(actor=personas.team_lead, pair=world.pair, survivor_id=survivor.pk,
                               versions=_versions(world.a, world.b))

    assert pair.state == DuplicatePair.State.MERGED
    assert Person.objects.get(pk=merged.pk).merged_into_id == survivor.pk
    assert rows_of(merged.pk) == {}
    # the shared household keeps one principal, and it is now the survivor
    principal = HouseholdMember.objects.get(household=world.case_b.household, is_principal=True)
    assert principal.person_id == survivor.pk
    assert HouseholdMember.objects.filter(household=world.case_b.household).count() == 1
    assert PersonLanguage.objects.filter(person=survivor).count() == 1
    assert set(world.session.participants.values_list("pk", flat=True)) == {survivor.pk}
    assert Consent.objects.get().person_id == survivor.pk
    entry = AuditEntry.objects.get(pk=pair.merge_entry_id)
    assert entry.action == "person.merged" and entry.person_id == survivor.pk
    for moved in entry.details["moved"]:
        attname = merge.link_for(moved["model"], moved["field"]).field.attname
        assert moved["ids"] and all(before[(moved["model"], pk)][attname] == merged.pk for pk in moved["ids"])
    assert {r["model"] for r in entry.details["removed"]} == {
        "clients.HouseholdMember", "clients.PersonLanguage", "cases.CounsellingSession_participants"}
    assert "Hosseini" not in str(entry.details) and "Husseini" not in str(entry.details)

    services.merge_undo(actor=personas.team_lead, pair=pair)

    after = rows_of(world.a.pk, world.b.pk)
    assert after == before
    assert Person.objects.get(pk=merged.pk).merged_into_id is None
    assert set(HouseholdNameToken.objects.filter(household=world.case_b.household).values_list(
        "token", flat=True)) == tokens_before
    assert DuplicatePair.objects.get(pk=pair.pk).state == DuplicatePair.State.OPEN
    assert AuditEntry.objects.filter(action="person.unmerged", details__merge_entry=entry.pk).exists()


def test_household_tokens_follow_the_survivor(world, personas):  # noqa: F811
    services.pair_merge(actor=personas.team_lead, pair=world.pair, survivor_id=world.a.pk,
                        versions=_versions(world.a, world.b))
    tokens = set(HouseholdNameToken.objects.filter(household=world.case_b.household).values_list("token", flat=True))
    assert "hosseini" in tokens and "husseini" not in tokens


def test_a_person_changed_since_the_page_was_loaded_is_refused_and_nothing_changes(world, personas):  # noqa: F811
    versions = _versions(world.a, world.b)
    Person.objects.filter(pk=world.b.pk).update(version=world.b.version + 1)  # someone saved meanwhile
    before = rows_of(world.a.pk, world.b.pk)
    with pytest.raises(ValidationError, match="changed since"):
        services.pair_merge(actor=personas.team_lead, pair=world.pair, survivor_id=world.a.pk, versions=versions)
    assert rows_of(world.a.pk, world.b.pk) == before
    assert DuplicatePair.objects.get(pk=world.pair.pk).state == DuplicatePair.State.OPEN
    assert not AuditEntry.objects.filter(action="person.merged").exists()


def test_a_pair_decided_meanwhile_is_refused(world, personas):  # noqa: F811
    stale = DuplicatePair.objects.get(pk=world.pair.pk)
    services.pair_decide(actor=personas.team_lead, pair=world.pair, decision="dismissed")
    with pytest.raises(ValidationError, match="already been decided"):
        services.pair_merge(actor=personas.team_lead, pair=stale, survivor_id=world.a.pk,
                            versions=_versions(world.a, world.b))
    assert Person.objects.get(pk=world.b.pk).merged_into_id is None


def test_a_person_merged_elsewhere_meanwhile_is_refused(world, personas, orgs):  # noqa: F811
    from tests.factories import make_person

    third = make_person(personas.counsellor, orgs.iom, given_names="Mohamad")
    other_pair = services.DuplicatePair.objects.create(
        organisation=orgs.iom, person_a=world.b, person_b=third, score=100, version_a=world.b.version,
        version_b=third.version)
    versions = _versions(world.a, world.b)
    services.pair_merge(actor=personas.team_lead, pair=other_pair, survivor_id=third.pk,
                        versions=_versions(world.b, third))
    with pytest.raises(ValidationError):
        services.pair_merge(actor=personas.team_lead, pair=world.pair, survivor_id=world.a.pk, versions=versions)


def test_undo_is_refused_when_a_moved_row_was_deleted_since(world, personas):  # noqa: F811
    pair = services.pair_merge(actor=personas.team_lead, pair=world.pair, survivor_id=world.a.pk,
                               versions=_versions(world.a, world.b))
    Consent.objects.all().delete()
    before = rows_of(world.a.pk, world.b.pk)
    with pytest.raises(ValidationError, match="cannot be undone"):
        services.merge_undo(actor=personas.team_lead, pair=pair)
    assert rows_of(world.a.pk, world.b.pk) == before
    assert Person.objects.get(pk=world.b.pk).merged_into_id == world.a.pk


def test_only_a_team_lead_merges(world, personas):  # noqa: F811
    for user in (personas.counsellor, personas.hotline, personas.iom_dpo, personas.diakonie_counsellor):
        with pytest.raises(PermissionDenied):
            services.pair_merge(actor=user, pair=world.pair, survivor_id=world.a.pk,
                                versions=_versions(world.a, world.b))
    pair = services.pair_merge(actor=personas.team_lead, pair=world.pair, survivor_id=world.a.pk,
                               versions=_versions(world.a, world.b))
    with pytest.raises(PermissionDenied):
        services.merge_undo(actor=personas.counsellor, pair=pair)


def test_the_survivor_must_be_one_of_the_pair(world, personas, orgs):  # noqa: F811
    with pytest.raises(ValidationError):
        services.pair_merge(actor=personas.team_lead, pair=world.pair, survivor_id=999999,
                            versions=_versions(world.a, world.b))
