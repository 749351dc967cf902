"""The stored rules: migration 0003 brings an installed REAG/GARP version up to the issue-12
shape, and the check applies the rules of the decision date it is given (today only by default)."""

import copy
import importlib
from datetime import date

import pytest
import time_machine
from django.apps import apps as django_apps

from apps.programmes.defaults import RULES
from apps.programmes.eligibility import ELIGIBLE, NEEDS_CHECKING, EligibilityInput, check_input
from apps.programmes.models import ProgrammeVersion
from apps.programmes.rules import parse_rules

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programmes")]

TURKISH_SHORT_STAY = EligibilityInput("TR", "TR", "toleration", 3, frozenset(), (40,))


def _old_shape() -> dict:
    """The REAG/GARP rules as migration 0002 shipped them before issue 12."""
    rules = copy.deepcopy(RULES["reag_garp"])
    rules["excluded_destinations"] = {"list": "eu_member_states"}
    rules["country_lists"]["starthilfe_countries"] = [
        e["country"] if isinstance(e, dict) else e for e in rules["country_lists"]["starthilfe_countries"]]
    for benefit in rules["benefits"]:
        for key in ("source", "family_cap_source", "conflicts"):
            benefit.pop(key, None)
    return rules


def test_migration_0003_patches_an_installed_version_once():
    version = ProgrammeVersion.objects.get(programme__code="reag_garp")
    version.rules = _old_shape()
    version.unverified = [k for k in version.unverified if k != "country_lists.starthilfe_countries.GE"]
    version.save()
    migration = importlib.import_module("apps.programmes.migrations.0003_sources_exceptions_cut_off")
    for _run in range(2):
        migration.forwards(django_apps, None)
    version.refresh_from_db()
    assert version.rules == RULES["reag_garp"]  # the shape a fresh installation gets
    assert version.unverified.count("country_lists.starthilfe_countries.GE") == 1
    parse_rules(version.rules)
    bulgarian = EligibilityInput("BG", "BG", "eu_citizen", None, frozenset({"trafficking_victim"}), (30,))
    reag = check_input(bulgarian, date(2025, 3, 1))[0]
    assert reag.programme_code == "reag_garp" and reag.decision == ELIGIBLE


def test_migration_0003_leaves_an_operators_changes_alone():
    version = ProgrammeVersion.objects.get(programme__code="reag_garp")
    rules = _old_shape()
    rules["excluded_destinations"]["except"] = []  # an operator decided: no exception
    rules["benefits"][1]["source"] = "https://example.org/own-reading"
    version.rules = rules
    version.save()
    importlib.import_module("apps.programmes.migrations.0003_sources_exceptions_cut_off").forwards(django_apps, None)
    version.refresh_from_db()
    assert version.rules["excluded_destinations"]["except"] == []
    assert version.rules["benefits"][1]["source"] == "https://example.org/own-reading"


@time_machine.travel("2025-03-01 10:00 +01:00", tick=False)
def test_the_check_uses_the_decision_date_and_today_only_by_default():
    assert check_input(TURKISH_SHORT_STAY)[0].decision == ELIGIBLE  # 01.03.2025: the rule is in force
    later = check_input(TURKISH_SHORT_STAY, date(2026, 1, 15))[0]
    assert later.decision == NEEDS_CHECKING
    assert {c.component for c in later.components} == {"travel_costs", "travel_assistance"}


def test_unverified_values_have_titles_for_the_application_page(settings):
    from django.utils import translation

    version = ProgrammeVersion.objects.get(programme__code="reag_garp")
    with translation.override("en"):
        titles = version.unverified_titles
    assert "Start-up assistance (Starthilfe): family cap" in titles
    assert not any("." in title and "_" in title for title in titles)  # no rule key slips through


def test_an_ended_version_without_successor_is_checked_not_dropped():
    reag = ProgrammeVersion.objects.get(programme__code="reag_garp")
    reag.valid_to = date(2025, 12, 31)
    reag.save()
    iraqi = EligibilityInput("IQ", "IQ", "toleration", 24, frozenset(), (40,))
    result = check_input(iraqi, date(2026, 1, 15))[0]
    assert result.programme_code == "reag_garp" and result.decision == NEEDS_CHECKING
    assert any(r.code == "version_ended" for r in result.reasons)
    assert result.total == 1200  # the ended version's estimate stays visible
    assert check_input(iraqi, date(2025, 6, 1))[0].decision == ELIGIBLE
    ProgrammeVersion.objects.create(programme=reag.programme, label="2026", valid_from=date(2026, 1, 1),
                                    rules=reag.rules, unverified=reag.unverified)
    newer = check_input(iraqi, date(2026, 1, 15))[0]
    assert newer.version_label == "2026" and newer.decision == ELIGIBLE
