"""The eligibility engine against the shipped rules: one test per rule and special case, each
naming the source in facts.md it comes from."""

from datetime import date

import pytest

from apps.programmes.eligibility import ELIGIBLE, INFO, NEEDS_CHECKING, NOT_ELIGIBLE
from apps.programmes.tests.helpers import codes, component, run

pytestmark = pytest.mark.usefixtures("settings")


def test_iraqi_family_of_four_is_eligible_for_reag_garp_with_capped_starthilfe():
    """Amounts and cap:
    https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html
    (200/100 travel assistance, 1,000/500 Starthilfe, family cap 4,000 [C] vs 3,500 frnrw.de)."""
    reag = run()["reag_garp"]
    assert reag.decision == ELIGIBLE
    assert component(reag, "travel_assistance").total == 600
    starthilfe = component(reag, "starthilfe")
    assert (starthilfe.subtotal, starthilfe.total, starthilfe.family_cap) == (3000, 3000, 4000)
    assert starthilfe.cap_unverified
    assert reag.total == 3600 and reag.total_unverified


def test_family_cap_limits_starthilfe_for_large_families():
    """Family cap 4,000 EUR [C] —
    https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html
    vs 3,500 EUR https://frnrw.de/themen-a-z/abschiebung-ausreise/reag-garp-20.html; shipped 4,000 flagged."""
    starthilfe = component(run(ages=(40, 38, 19, 17, 12, 8))["reag_garp"], "starthilfe")
    assert starthilfe.subtotal == 4500 and starthilfe.total == 4000 and starthilfe.capped


def test_children_under_18_get_the_child_rates():
    """≥ 18 adult rate, < 18 child rate: https://www.returningfromgermany.de/de/programmes/reag-garp"""
    reag = run(ages=(18, 17))["reag_garp"]
    amounts = {(line.component, line.age): line.amount for line in reag.lines}
    assert amounts[("travel_assistance", 18)] == 200 and amounts[("travel_assistance", 17)] == 100
    assert amounts[("starthilfe", 18)] == 1000 and amounts[("starthilfe", 17)] == 500


@pytest.mark.parametrize("status", ["asylum_request", "permission_to_reside", "toleration", "obliged_to_leave"])
def test_eligible_residence_statuses(status):
    """§ 1 AsylbLG and § 55 AsylG groups:
    https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html"""
    assert codes(run(residence_status=status)["reag_garp"])["residence_status"] == ELIGIBLE


def test_residence_permit_needs_a_title_under_22_26():
    """Holders of a residence title under §§ 22–26 AufenthG:
    https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html"""
    assert run(residence_status="residence_permit")["reag_garp"].decision == NEEDS_CHECKING
    assert run(residence_status="residence_permit", circumstances={"residence_22_26"})["reag_garp"].decision == ELIGIBLE


@pytest.mark.parametrize("status", ["other", "unknown"])
def test_unclear_residence_status_needs_checking(status):
    """Eligible groups are defined by status:
    https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html"""
    assert run(residence_status=status)["reag_garp"].decision == NEEDS_CHECKING


def test_eu_nationals_are_excluded():
    """Excluded: EU nationals:
    https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html ;
    https://www.returningfromgermany.de/de/countries/bulgaria"""
    results = run(nationality="BG", destination="BG", residence_status="eu_citizen")
    assert results["reag_garp"].decision == NOT_ELIGIBLE
    assert codes(results["reag_garp"])["excluded_nationality"] == NOT_ELIGIBLE
    assert results["reag_garp"].components == ()


def test_eu_trafficking_victims_are_excepted():
    """Victims of forced prostitution/trafficking, also EU nationals:
    https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html ;
    https://www.returningfromgermany.de/de/countries/bulgaria"""
    result = run(nationality="RO", destination="RO", residence_status="eu_citizen",
                 circumstances={"trafficking_victim"})
    assert codes(result["reag_garp"])["excluded_nationality_excepted"] == ELIGIBLE
    assert codes(result["reag_garp"])["qualifying_circumstance"] == ELIGIBLE


def test_returns_to_an_eu_member_state_are_not_supported():
    """Third-country nationals returning to an EU member state are excluded:
    https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html"""
    result = run(destination="PL")["reag_garp"]
    assert result.decision == NOT_ELIGIBLE and codes(result)["excluded_destination"] == NOT_ELIGIBLE


def test_onward_migration_to_a_third_country_needs_checking():
    """Onward migration to a third country needs a visa for permanent stay:
    https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html"""
    result = run(destination="JO")["reag_garp"]
    assert result.decision == NEEDS_CHECKING and codes(result)["onward_migration"] == NEEDS_CHECKING


@pytest.mark.parametrize("country", ["YE", "SY"])
def test_destinations_in_the_refinancing_procedure_need_checking(country):
    """Yemen and Syria remained in the refinancing procedure:
    https://www.returningfromgermany.de/de/news/das-bamf-informiert-aufhebung-der-iom-seitigen-suspendierung-fuer-die-zielstaaten-afghanistan-eritrea-und-libyen-im-oam"""  # noqa: E501
    result = run(nationality=country, destination=country)["reag_garp"]
    assert result.decision == NEEDS_CHECKING
    assert any(r.code == "destination_to_check" and r.unverified for r in result.reasons)


@pytest.mark.parametrize("country", ["AL", "BA", "GE", "MK", "ME", "MD", "RS", "UA"])
def test_visa_free_states_get_reduced_travel_assistance_of_unknown_amount(country):
    """Reduced Reisebeihilfe for visa-free states (amount UNVERIFIED):
    https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html"""
    reag = run(nationality=country, destination=country)["reag_garp"]
    assert component(reag, "travel_assistance") is None
    reduced = component(reag, "travel_assistance_reduced")
    assert reduced.amount_unknown and reduced.unverified and reag.amounts_unknown


def test_starthilfe_only_for_nationals_of_listed_countries():
    """Starthilfe depends on nationality (GARP-Staaten): https://www.returningfromgermany.de/de/programmes/reag-garp"""
    reag = run(nationality="CO", destination="CO")["reag_garp"]
    assert component(reag, "starthilfe") is None
    assert any(r.code == "benefit.starthilfe" and r.effect == INFO and r.unverified for r in reag.reasons)


def test_medical_costs_only_with_medical_needs_and_not_added_up():
    """Medical costs max. 2,000 EUR for up to 3 months: https://www.returningfromgermany.de/de/programmes/reag-garp"""
    assert component(run()["reag_garp"], "medical_costs") is None
    reag = run(circumstances={"medical_needs"}, ages=(40,))["reag_garp"]
    medical = component(reag, "medical_costs")
    assert medical.subtotal == 2000 and medical.up_to and not medical.counted
    assert reag.total == 1200  # 200 travel assistance + 1,000 Starthilfe


def test_turkish_nationals_under_six_months_get_travel_costs_and_assistance_only():
    """Türkei special rule (from 01.07.2024, extended to 30.06.2025):
    https://www.returningfromgermany.de/de/reaggarp/sonderregelungen"""
    results = run(nationality="TR", destination="TR", months_of_stay=3)
    reag = results["reag_garp"]
    assert reag.decision == ELIGIBLE
    assert {c.component for c in reag.components} == {"travel_costs", "travel_assistance"}
    assert results["starthilfe_plus"].decision == NOT_ELIGIBLE
    assert results["eurp"].decision == NOT_ELIGIBLE


def test_turkish_nationals_with_six_months_or_more_get_the_regular_programmes():
    """> 6 months → regular REAG/GARP incl. Starthilfe, SHP and EURP:
    https://www.returningfromgermany.de/de/reaggarp/sonderregelungen"""
    results = run(nationality="TR", destination="TR", months_of_stay=7)
    assert component(results["reag_garp"], "starthilfe") is not None
    assert results["starthilfe_plus"].decision == ELIGIBLE
    assert results["eurp"].decision == ELIGIBLE


def test_turkish_special_rule_needs_months_of_stay():
    """The stay counts from entry to application: https://www.returningfromgermany.de/de/reaggarp/sonderregelungen"""
    assert run(nationality="TR", destination="TR", months_of_stay=None)["reag_garp"].decision == NEEDS_CHECKING


def test_turkish_special_rule_after_its_period_needs_checking():
    """Extended to 30.06.2025 with an option to extend:
    https://www.returningfromgermany.de/de/reaggarp/sonderregelungen"""
    results = run(on=date(2026, 1, 15), nationality="TR", destination="TR", months_of_stay=3)
    assert results["reag_garp"].decision == NEEDS_CHECKING
    assert codes(results["eurp"])["special_rule.tr_short_stay"] == NEEDS_CHECKING


def test_turkish_special_rule_not_before_its_start():
    """Applications received from 01.07.2024: https://www.returningfromgermany.de/de/reaggarp/sonderregelungen"""
    results = run(on=date(2024, 5, 1), nationality="TR", destination="TR", months_of_stay=3)
    assert "special_rule.tr_short_stay" not in codes(results["reag_garp"])
    assert results["eurp"].decision == ELIGIBLE


def test_starthilfe_plus_requires_reag_garp():
    """SHP supplements REAG/GARP and requires an approved departure:
    https://returningfromgermany.de/de/programmes/starthilfe-plus"""
    results = run(destination="PL")
    assert codes(results["starthilfe_plus"])["requires_programme"] == NOT_ELIGIBLE
    assert run()["starthilfe_plus"].decision == ELIGIBLE
    assert run(residence_status="unknown")["starthilfe_plus"].decision == NEEDS_CHECKING


def test_starthilfe_plus_regular_countries():
    """(A) regular SHP: Benin, …, Togo: https://returningfromgermany.de/de/programmes/starthilfe-plus"""
    shp = run(nationality="SN", destination="SN")["starthilfe_plus"]
    assert [c.component for c in shp.components] == ["shp_regular"]
    assert shp.components[0].amount_unknown and shp.components[0].unverified


def test_starthilfe_plus_reduced_countries_and_the_vulnerability_exception():
    """Reduced SHP (EURP available), regular for vulnerable persons or §§ 22–26 titles:
    https://returningfromgermany.de/de/programmes/starthilfe-plus"""
    assert [c.component for c in run()["starthilfe_plus"].components] == ["shp_reduced"]
    vulnerable = run(circumstances={"vulnerable"})["starthilfe_plus"]
    assert [c.component for c in vulnerable.components] == ["shp_regular"]


def test_starthilfe_plus_housing_support_countries():
    """(B) housing support: Azerbaijan, Iran, Lebanon (2024 page version),
    https://returningfromgermany.de/de/programmes/starthilfe-plus"""
    shp = run(nationality="IR", destination="IR")["starthilfe_plus"]
    assert [c.component for c in shp.components] == ["shp_housing"]


def test_starthilfe_plus_long_term_toleration():
    """(C) long-term Duldung (≥ 2 years), pre-2024 lists (frnrw.de):
    https://returningfromgermany.de/de/programmes/starthilfe-plus"""
    assert run(nationality="AL", destination="AL")["starthilfe_plus"].decision == NOT_ELIGIBLE
    shp = run(nationality="AL", destination="AL", circumstances={"long_term_toleration"})["starthilfe_plus"]
    assert [c.component for c in shp.components] == ["shp_long_term_toleration"]
    assert any(r.unverified for r in shp.reasons)


def test_starthilfe_plus_not_for_other_countries():
    """Only the listed countries: https://returningfromgermany.de/de/programmes/starthilfe-plus"""
    shp = run(nationality="AF", destination="AF")["starthilfe_plus"]
    assert shp.decision == NOT_ELIGIBLE and codes(shp)["no_component"] == NOT_ELIGIBLE


def test_eurp_only_for_its_destination_countries():
    """EURP countries: https://returningfromgermany.de/de/programmes/european-reintegration-programme-eurp"""
    assert run()["eurp"].decision == ELIGIBLE
    assert run(nationality="AF", destination="AF")["eurp"].decision == NOT_ELIGIBLE


def test_eurp_countries_with_special_rules_need_checking():
    """*special rules for Albania, Georgia, Colombia, Moldova, North Macedonia, Serbia:
    https://returningfromgermany.de/de/programmes/european-reintegration-programme-eurp"""
    assert run(nationality="GE", destination="GE")["eurp"].decision == NEEDS_CHECKING


def test_eurp_syria_is_flagged_unverified():
    """Syria only in a newer Serbian-language copy:
    https://iom-p-we-webapp-ger-rfg-002.azurewebsites.net/sr/programmes/european-reintegration-programme-eurp"""
    eurp = run(nationality="SY", destination="SY")["eurp"]
    assert any(r.code == "destination_list" and r.unverified for r in eurp.reasons)


def test_eurp_amounts_are_unknown_and_flagged():
    """German EURP amounts UNVERIFIED:
    https://returningfromgermany.de/de/programmes/european-reintegration-programme-eurp"""
    eurp = run()["eurp"]
    assert eurp.total is None and eurp.amounts_unknown and eurp.total_unverified
    assert all(c.subtotal is None and c.total is None for c in eurp.components)


def test_unknown_nationality_and_age():
    """Starthilfe depends on nationality: https://www.returningfromgermany.de/de/programmes/reag-garp"""
    reag = run(nationality="", ages=(None,))["reag_garp"]
    assert reag.decision == NEEDS_CHECKING
    assert codes(reag)["age_unknown"] == INFO
    assert reag.lines[0].adult


def test_reason_messages_render_in_german(settings):
    """The explanation is printed for the client in German: https://www.returningfromgermany.de/de/reaggarp/"""
    from django.utils import translation

    reason = next(r for r in run(destination="PL")["reag_garp"].reasons if r.code == "excluded_destination")
    with translation.override("en"):
        assert "Poland" in reason.message
    with translation.override("de"):
        assert "Polen" in reason.message
