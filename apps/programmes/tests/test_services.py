"""Services, selectors and the shipped defaults of the programmes part."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.clients import services as client_services
from apps.core.errors import ConcurrentEditError
from apps.programmes import selectors, services
from apps.programmes.defaults import ensure_default_programmes
from apps.programmes.eligibility import ELIGIBLE, check_household, household_input
from apps.programmes.models import Programme, ProgrammeVersion
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def _reag():
    return ProgrammeVersion.objects.get(programme__code="reag_garp")


def test_defaults_are_idempotent_and_flag_unverified_values(programmes):
    assert ensure_default_programmes() == 0
    assert set(Programme.objects.values_list("code", flat=True)) == {"reag_garp", "starthilfe_plus", "eurp"}
    assert Programme.objects.get(code="starthilfe_plus").requires.code == "reag_garp"
    reag = _reag()
    assert "benefits.starthilfe.family_cap" in reag.unverified
    assert reag.verified_on is None and reag.source_url.startswith("https://")
    assert reag.rules["benefits"][4]["family_cap"] == 4000


def test_defaults_restore_after_deletion(programmes):
    ProgrammeVersion.objects.all().delete()
    Programme.objects.filter(requires__isnull=False).delete()
    Programme.objects.all().delete()
    assert ensure_default_programmes() == 6


def test_current_versions_pick_the_version_valid_on_the_day(programmes, personas):
    reag = _reag()
    new = services.version_copy(actor=personas.network_admin, version=reag, valid_from=date(2026, 1, 1),
                                label="2026")
    assert [v.pk for v in selectors.current_versions(date(2025, 6, 1))][0] == reag.pk
    assert [v.pk for v in selectors.current_versions(date(2026, 6, 1))][0] == new.pk
    assert [v.programme.code for v in selectors.current_versions(date(2026, 6, 1))] == [
        "reag_garp", "starthilfe_plus", "eurp"]
    assert selectors.current_versions(date(2020, 1, 1)).count() == 0


def test_inactive_programmes_are_not_current(programmes):
    Programme.objects.filter(code="eurp").update(is_active=False)
    assert "eurp" not in [v.programme.code for v in selectors.current_versions()]


def test_version_update_validates_locks_and_audits(programmes, personas):
    reag = _reag()
    rules = {**reag.rules, "benefits": [*reag.rules["benefits"][:4],
                                        {**reag.rules["benefits"][4], "family_cap": 3500}]}
    services.version_update(actor=personas.network_admin, version=reag, expected_version=1,
                            data={"rules": rules, "verified_on": date(2025, 2, 1), "verified_by": "Operator"})
    reag.refresh_from_db()
    assert reag.version == 2 and reag.rules["benefits"][4]["family_cap"] == 3500
    assert reag.updated_by == personas.network_admin
    entry = AuditEntry.objects.filter(action="programme_version.updated").latest("pk")
    assert entry.details["fields"] == ["rules", "verified_by", "verified_on"]
    with pytest.raises(ConcurrentEditError):
        services.version_update(actor=personas.network_admin, version=reag, expected_version=1, data={})


def test_version_update_refuses_broken_rules(programmes, personas):
    reag = _reag()
    with pytest.raises(ValidationError) as raised:
        services.version_update(actor=personas.team_lead, version=reag, expected_version=1,
                                data={"rules": {"benefits": "many"}, "valid_to": date(2000, 1, 1)})
    assert "rules" in raised.value.error_dict and "valid_to" in raised.value.error_dict
    assert ProgrammeVersion.objects.get(pk=reag.pk).version == 1


def test_only_programme_managers_edit(programmes, personas):
    with pytest.raises(PermissionDenied):
        services.version_update(actor=personas.counsellor, version=_reag(), expected_version=1, data={})
    with pytest.raises(PermissionDenied):
        services.version_copy(actor=personas.counsellor, version=_reag(), valid_from=date(2030, 1, 1), label="x")


def test_version_copy_closes_the_open_version(programmes, personas):
    reag = _reag()
    new = services.version_copy(actor=personas.team_lead, version=reag, valid_from=date(2026, 1, 1), label="2026")
    reag.refresh_from_db()
    assert reag.valid_to == date(2025, 12, 31) and reag.version == 2
    assert new.rules == reag.rules and new.unverified == reag.unverified and new.verified_on is None
    assert AuditEntry.objects.filter(action="programme_version.created").exists()
    with pytest.raises(ValidationError):
        services.version_copy(actor=personas.team_lead, version=new, valid_from=date(2026, 1, 1), label="again")


def test_household_input_and_check(programmes, personas, orgs, iom_case):
    principal = iom_case.household.members.get().person
    client_services.person_update(actor=personas.counsellor, person=principal, expected_version=principal.version,
                                  data={"nationalities": ["IQ"], "residence_status": "toleration"})
    child = make_person(personas.counsellor, orgs.iom, given_names="Sara",
                        birth_date=timezone.localdate().replace(year=timezone.localdate().year - 8, month=1, day=1))
    client_services.household_add_member(actor=personas.counsellor, household=iom_case.household, person=child,
                                         relationship="child")
    inp = household_input(iom_case, "IQ", 30, ["vulnerable"])
    assert inp.nationality == "IQ" and inp.residence_status == "toleration"
    assert sorted(inp.ages) == sorted([principal.age, 8]) and inp.circumstances == {"vulnerable"}
    results = check_household(iom_case, "IQ", 30, ["vulnerable"])
    assert results[0].programme_code == "reag_garp" and results[0].decision == ELIGIBLE
    assert results[0].total == 200 + 100 + 1000 + 500


def test_eligibility_for_case_is_audited(programmes, personas, iom_case):
    inp = household_input(iom_case, "IQ", 30, [])
    results = selectors.eligibility_for_case(personas.counsellor, iom_case, inp)
    entry = AuditEntry.objects.filter(action="case.eligibility_checked").get()
    assert entry.case_id == iom_case.pk
    assert entry.details["programme_versions"] == [r.version_id for r in results]


def test_demo_seed_is_idempotent(programmes):
    from apps.programmes.demo import seed

    assert seed(None) == 0
    assert Programme.objects.count() == 3


def test_the_data_migration_ships_the_programmes():
    assert set(ProgrammeVersion.objects.values_list("programme__code", "label")) == {
        ("reag_garp", "2024"), ("starthilfe_plus", "2024"), ("eurp", "2022")}
