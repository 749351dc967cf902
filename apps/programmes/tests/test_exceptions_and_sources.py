"""Exceptions to exclusions, ended time-limited rules, conditional list entries, the source of
every amount and conflicting values (issue 12), against the shipped rules of facts.md."""

import copy
from datetime import date

import pytest
from django.utils import translation

from apps.programmes.defaults import RULES
from apps.programmes.eligibility import ELIGIBLE, NEEDS_CHECKING, NOT_ELIGIBLE, EligibilityInput, check
from apps.programmes.rules import parse_rules
from apps.programmes.tests.helpers import codes, component, run, shipped
from apps.programmes.titles import rule_key_title

pytestmark = pytest.mark.usefixtures("settings")

FOERDERDATENBANK = "https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html"
FRNRW = "https://frnrw.de/themen-a-z/abschiebung-ausreise/reag-garp-20.html"


def reason(result, code):
    return next(r for r in result.reasons if r.code == code)


# --- Exceptions to exclusions (facts.md §1.2) -------------------------------------------------------


def test_eu_trafficking_victim_returning_to_bulgaria_is_eligible_with_reason():
    """"Excluded: EU nationals (except trafficking victims) and third-country nationals returning to
    an EU member state": foerderdatenbank.info reag-garp-programm-2023 (facts.md §1.2);
    https://www.returningfromgermany.de/de/countries/bulgaria"""
    reag = run(nationality="BG", destination="BG", residence_status="eu_citizen", ages=(30,),
               circumstances={"trafficking_victim"})["reag_garp"]
    assert reag.decision == ELIGIBLE
    assert codes(reag)["excluded_nationality_excepted"] == ELIGIBLE
    assert codes(reag)["excluded_destination_excepted"] == ELIGIBLE
    assert "excluded_destination" not in codes(reag)
    with translation.override("en"):
        assert "Victim of trafficking" in reason(reag, "excluded_nationality_excepted").message
        assert "nationals of EU member states" in reason(reag, "excluded_destination_excepted").message
        assert reason(reag, "excluded_destination_excepted").rule_title == "Excluded destinations"
    # Bulgaria is no Starthilfe country: travel costs and travel assistance only.
    assert {c.component for c in reag.components} == {"travel_costs", "travel_assistance"}


def test_eu_national_without_trafficking_stays_excluded():
    reag = run(nationality="BG", destination="BG", residence_status="eu_citizen")["reag_garp"]
    assert reag.decision == NOT_ELIGIBLE and codes(reag)["excluded_nationality"] == NOT_ELIGIBLE


def test_third_country_trafficking_victim_returning_to_an_eu_state_stays_excluded():
    """The trafficking exception is written for EU nationals only; third-country nationals returning
    to an EU member state are excluded without exception (facts.md §1.2)."""
    reag = run(nationality="NG", destination="IT", circumstances={"trafficking_victim"})["reag_garp"]
    assert reag.decision == NOT_ELIGIBLE and codes(reag)["excluded_destination"] == NOT_ELIGIBLE
    with translation.override("en"):
        assert "the only exceptions are: nationals of EU member states" in reason(reag, "excluded_destination").message


def test_eu_trafficking_victim_moving_to_another_eu_state_needs_checking():
    """The sources speak of a return; a move to another EU state is not covered: a check, not a yes."""
    reag = run(nationality="BG", destination="RO", residence_status="eu_citizen",
               circumstances={"trafficking_victim"})["reag_garp"]
    assert reag.decision == NEEDS_CHECKING and codes(reag)["onward_migration"] == NEEDS_CHECKING
    with translation.override("en"):
        assert "the exception covers a return" in reason(reag, "onward_migration").message
        assert "visa" not in reason(reag, "onward_migration").message


def test_the_old_shorthand_except_circumstances_still_parses():
    rules = parse_rules({"country_lists": {"eu": ["BG"]},
                         "excluded_nationalities": {"list": "eu", "except_circumstances": ["trafficking_victim"]}})
    assert rules.excluded_nationalities_except[0].circumstances_any == ("trafficking_victim",)


# --- Time-limited rules past their end (facts.md §1.3, Türkei special rule) -------------------------


def test_ended_turkish_rule_keeps_the_restricted_estimate_and_needs_checking():
    """Extended to 30.06.2025 with an option to extend: https://www.returningfromgermany.de/de/reaggarp/sonderregelungen"""
    results = run(on=date(2026, 1, 15), nationality="TR", destination="TR", months_of_stay=3)
    reag = results["reag_garp"]
    assert reag.decision == NEEDS_CHECKING
    assert {c.component for c in reag.components} == {"travel_costs", "travel_assistance"}  # still restricted
    assert component(reag, "starthilfe") is None
    ended = reason(reag, "special_rule.tr_short_stay")
    with translation.override("de"):
        assert "30.06.2025" in ended.message
    with translation.override("en"):
        assert ended.rule_title == "Special rule: Türkei, less than 6 months' stay"
    for code in ("starthilfe_plus", "eurp"):  # the rule excluded them: still no benefit, and a check
        assert results[code].decision == NEEDS_CHECKING and results[code].components == ()
        assert "no_component" not in codes(results[code])


def test_ended_rule_lifted_only_by_a_newer_version_without_it():
    newer = [p if p.programme_code != "reag_garp" else
             p.__class__(p.programme_code, p.programme_name, "2026",
                         parse_rules({**copy.deepcopy(RULES["reag_garp"]), "special_rules": []}), p.unverified)
             for p in shipped()]
    inp = EligibilityInput("TR", "TR", "toleration", 3, frozenset(), (40,))
    reag = next(r for r in check(inp, newer, date(2026, 1, 15)) if r.programme_code == "reag_garp")
    assert reag.decision == ELIGIBLE and component(reag, "starthilfe").total == 1000


def test_ended_rule_does_not_touch_longer_stays():
    reag = run(on=date(2026, 1, 15), nationality="TR", destination="TR", months_of_stay=9)["reag_garp"]
    assert reag.decision == ELIGIBLE and component(reag, "starthilfe") is not None


# --- Conditional list entries: Georgia's Starthilfe up to a cut-off (facts.md §1.3) ---------------


def _with_cut_off(day: str):
    data = copy.deepcopy(RULES["reag_garp"])
    listed = data["country_lists"]["starthilfe_countries"]
    index = next(i for i, entry in enumerate(listed) if isinstance(entry, dict) and entry["country"] == "GE")
    listed[index] = {"country": "GE", "entered_until": day}
    return [p if p.programme_code != "reag_garp" else
            p.__class__(p.programme_code, p.programme_name, p.version_label, parse_rules(data), p.unverified)
            for p in shipped()]


def _georgian(programmes, entry_date):
    inp = EligibilityInput("GE", "GE", "toleration", 24, frozenset(), (40, 8), entry_date=entry_date)
    return next(r for r in check(inp, programmes, date(2025, 3, 1)) if r.programme_code == "reag_garp")


def test_georgia_entry_before_the_cut_off_gets_starthilfe():
    reag = _georgian(_with_cut_off("2019-12-31"), date(2019, 6, 1))
    starthilfe = component(reag, "starthilfe")
    assert starthilfe.total == 1500 and starthilfe.counted and not starthilfe.needs_checking
    with translation.override("de"):
        assert "31.12.2019" in reason(reag, "benefit.starthilfe").message


def test_georgia_entry_after_the_cut_off_gets_no_starthilfe():
    reag = _georgian(_with_cut_off("2019-12-31"), date(2020, 2, 1))
    assert component(reag, "starthilfe") is None
    with translation.override("en"):
        assert "only for entries up to" in reason(reag, "benefit.starthilfe").message


def test_georgia_without_an_entry_date_needs_checking():
    reag = _georgian(_with_cut_off("2019-12-31"), None)
    starthilfe = component(reag, "starthilfe")
    assert starthilfe.needs_checking and not starthilfe.counted and reag.amounts_need_checking
    with translation.override("en"):
        assert "enter the date of entry" in reason(reag, "benefit.starthilfe").message


def test_georgia_with_the_shipped_unknown_cut_off_is_flagged_whatever_the_entry():
    """The copy read gives no cut-off date: the amount is flagged, never promised."""
    reag = run(nationality="GE", destination="GE", entry_date=date(2010, 1, 1))["reag_garp"]
    starthilfe = component(reag, "starthilfe")
    assert starthilfe.needs_checking and not starthilfe.counted
    assert all(line.needs_checking for line in reag.lines if line.component == "starthilfe")
    assert reason(reag, "benefit.starthilfe").unverified
    with translation.override("en"):
        assert "cut-off date that the sources do not give" in reason(reag, "benefit.starthilfe").message


# --- Sources, conflicting values, unknown amounts (facts.md §1.3) -----------------------------------


def test_each_amount_carries_its_own_source():
    reag = run()["reag_garp"]
    assert reag.source_url == "https://www.returningfromgermany.de/de/reaggarp/"
    for code in ("travel_assistance", "starthilfe"):
        assert component(reag, code).source.url == FOERDERDATENBANK
        assert not component(reag, code).source_is_programme
    travel_costs = component(reag, "travel_costs")
    assert travel_costs.source.url == reag.source_url and travel_costs.source_is_programme


def test_conflicting_family_caps_show_both_values_with_their_sources():
    starthilfe = component(run(ages=(40, 38, 19, 17, 12, 8))["reag_garp"], "starthilfe")
    assert (starthilfe.family_cap, starthilfe.total) == (4000, 4000) and starthilfe.cap_unverified
    assert starthilfe.cap_source.url == FOERDERDATENBANK
    [other] = starthilfe.conflicts
    assert (other.field, other.value, other.source.url, other.total) == ("family_cap", 3500, FRNRW, 3500)


def test_unknown_amounts_are_none_not_zero():
    reag = run(nationality="AL", destination="AL")["reag_garp"]
    reduced = component(reag, "travel_assistance_reduced")
    assert reduced.subtotal is None and reduced.total is None and reduced.amount_unknown


def test_unverified_keys_have_titles():
    with translation.override("en"):
        assert rule_key_title("benefits.starthilfe.family_cap") == "Start-up assistance (Starthilfe): family cap"
        assert rule_key_title("country_lists.starthilfe_countries.GE") == \
            "List “start-up assistance countries”: Georgia"
        assert rule_key_title("special_rules.tr_short_stay") == "Special rule: Türkei, less than 6 months' stay"
