"""Vulnerabilities, referrals, applications, reintegration plans and follow-up scores, against
a hand-built data set (see builders.py for the persons and cases)."""

from datetime import date
from decimal import Decimal

import pytest

from apps.assessments.models import VulnerabilityType
from apps.programmes.models import Programme
from apps.referrals.models import ServiceType
from apps.reports import engine
from apps.reports.engine import Filters
from apps.reports.tests import builders
from apps.reports.tests.builders import (
    SPEYER,
    TRIER,
    YEAR,
    application,
    at,
    district,
    plan,
    referral,
    service,
    visit,
    vulnerability,
)

pytestmark = pytest.mark.django_db
world, frozen = builders.world, builders.frozen  # the shared fixtures


def total(code, **filters):
    return engine.compute(code, YEAR, Filters(**filters)).total


def cells(code, breakdown=None, **filters):
    return engine.compute(code, YEAR, Filters(**filters), breakdown=breakdown).cells


# --- Vulnerabilities ---------------------------------------------------------------------------

@pytest.fixture
def vulnerabilities(world):
    w, by = world, world.personas.counsellor
    w.v1 = vulnerability(w.a, w.adult, "single_parent", date(2025, 2, 1), by)
    w.v2 = vulnerability(w.a, w.teen, "unaccompanied_child", date(2025, 3, 1), by)    # teen 17
    w.v3 = vulnerability(w.b, w.old, "older_person", date(2025, 4, 1), by)             # restricted case
    w.v4 = vulnerability(w.c, w.nodate, "pregnancy", date(2025, 5, 1), w.personas.diakonie_counsellor)
    vulnerability(w.a, w.adult, "single_parent", date(2024, 12, 31), by)              # outside
    w.v6 = vulnerability(w.a, w.teen, "mental_health", date(2025, 8, 1), by)          # teen 18, sensitive
    return w


def test_vulnerabilities_by_type(vulnerabilities):
    w = vulnerabilities
    figure = engine.compute("vulnerabilities_by_type", YEAR, Filters(), breakdown="type")
    assert figure.cells == {"single_parent": 1, "unaccompanied_child": 1, "older_person": 1, "pregnancy": 1,
                            "mental_health": 1}
    assert figure.total == 5
    assert figure.labels["single_parent"] == VulnerabilityType.objects.get(code="single_parent").name_en
    assert total("vulnerabilities_by_type", organisation_ids=(w.orgs.iom.pk,)) == 4
    assert total("vulnerabilities_by_type", office_ids=(w.personas.trier.pk,)) == 3
    assert total("vulnerabilities_by_type", district_ids=(district(SPEYER).pk,)) == 1
    assert total("vulnerabilities_by_type", nationalities=("SY",)) == 2
    assert total("vulnerabilities_by_type", sexes=("male",)) == 3
    assert total("vulnerabilities_by_type", age_groups=("under_18",)) == 1   # v2; at v6 the teen is 18
    assert total("vulnerabilities_by_type", age_groups=("18_60",)) == 2
    assert cells("vulnerabilities_by_type", "age_group") == {"18_60": 2, "under_18": 1, "over_60": 1,
                                                             "unknown": 1}


def test_vulnerability_drilldown_hides_restricted_cases_and_sensitive_types_from_whoever_may_not_see_them(
        vulnerabilities):
    w = vulnerabilities
    assert set(engine.drilldown("vulnerabilities_by_type", YEAR, Filters(), w.personas.team_lead)) == {
        w.v1, w.v2, w.v3, w.v6}
    assert set(engine.drilldown("vulnerabilities_by_type", YEAR, Filters(), w.analyst)) == {w.v1, w.v2}
    assert set(engine.drilldown("vulnerabilities_by_type", YEAR, Filters(), w.personas.team_lead,
                                cell="older_person")) == {w.v3}


# --- Referrals ---------------------------------------------------------------------------------

@pytest.fixture
def referrals(world):
    w, by = world, world.personas.counsellor
    legal = service(w.orgs.partner, "Recht und Schulden", "legal_advice", "debt")
    medical = service(w.orgs.partner, "Praxis", "medical")
    w.r1 = referral(w.a, w.adult, legal, "accepted", at(2025, 2, 10), by)
    w.r2 = referral(w.a, w.teen, medical, "declined", at(2025, 6, 10), by)            # teen 17
    w.r3 = referral(w.b, w.old, medical, "completed", at(2025, 3, 3), by)             # restricted
    w.r4 = referral(w.c, w.nodate, legal, "no_response", at(2025, 10, 10), by)
    referral(w.a, w.adult, legal, "proposed", None, by)                               # never sent
    referral(w.a, w.adult, medical, "accepted", at(2024, 11, 11), by)                 # outside
    return w


def test_referrals_by_result(referrals):
    w = referrals
    figure = engine.compute("referrals_by_result", YEAR, Filters(), breakdown="result")
    assert figure.cells == {"accepted": 1, "declined": 1, "completed": 1, "no_response": 1}
    assert figure.total == 4 and figure.additive
    assert total("referrals_by_result", organisation_ids=(w.orgs.iom.pk,)) == 3
    assert total("referrals_by_result", office_ids=(w.personas.speyer.pk,)) == 1
    assert total("referrals_by_result", district_ids=(district(TRIER).pk,)) == 2
    assert total("referrals_by_result", nationalities=("SY",)) == 2
    assert total("referrals_by_result", sexes=("female",)) == 1
    assert total("referrals_by_result", age_groups=("under_18",)) == 1


def test_referrals_by_type_count_a_referral_under_each_type_of_its_service(referrals):
    figure = engine.compute("referrals_by_type", YEAR, Filters(), breakdown="service_type")
    assert figure.cells == {"legal_advice": 2, "debt": 2, "medical": 2}
    assert figure.total == 4 and not figure.additive
    assert figure.labels["medical"] == ServiceType.objects.get(code="medical").name_en


def test_referral_drilldown(referrals):
    w = referrals
    assert set(engine.drilldown("referrals_by_result", YEAR, Filters(), w.personas.team_lead)) == {w.r1, w.r2, w.r3}
    assert set(engine.drilldown("referrals_by_result", YEAR, Filters(), w.analyst)) == {w.r1, w.r2}
    assert set(engine.drilldown("referrals_by_type", YEAR, Filters(), w.personas.team_lead, cell="debt")) == {w.r1}


# --- Applications ------------------------------------------------------------------------------

@pytest.fixture
def applications(world):
    w, by = world, world.personas.counsellor
    w.ap1 = application(w.a, "reag_garp", [w.adult, w.teen], created=at(2025, 1, 15), status="departed",
                        submitted=date(2025, 2, 1), departed=date(2025, 6, 29), creator=by)
    w.ap2 = application(w.b, "reag_garp", [w.old], created=at(2025, 3, 1), status="departed",
                        submitted=date(2025, 3, 10), departed=date(2025, 9, 1), creator=by)
    w.ap3 = application(w.c, "starthilfe_plus", [w.nodate], created=at(2025, 4, 1), status="draft", creator=by)
    w.ap4 = application(w.a, "starthilfe_plus", [w.adult], created=at(2024, 12, 1), status="departed",
                        submitted=date(2025, 1, 5), departed=date(2025, 7, 1), creator=by)
    w.ap5 = application(w.b, "reag_garp", [w.old], created=at(2025, 5, 1), status="withdrawn",
                        submitted=date(2025, 5, 2), departed=date(2025, 8, 1), creator=by)
    application(w.c, "reag_garp", [w.nodate], created=at(2026, 1, 5), status="submitted",
                submitted=date(2026, 1, 6), creator=by)                                   # outside
    return w


def test_applications_by_programme_count_submissions_of_the_period(applications):
    w = applications
    figure = engine.compute("applications_by_programme", YEAR, Filters(), breakdown="programme")
    assert figure.cells == {"reag_garp": 3, "starthilfe_plus": 1}    # ap1, ap2, ap5; ap4
    assert figure.labels == {code: str(Programme.objects.get(code=code)) for code in ("reag_garp", "starthilfe_plus")}
    assert total("applications_by_programme", organisation_ids=(w.orgs.diakonie.pk,)) == 0
    assert total("applications_by_programme", office_ids=(w.personas.speyer.pk,)) == 2
    assert total("applications_by_programme", district_ids=(district(TRIER).pk,)) == 2
    assert total("applications_by_programme", nationalities=("AF",)) == 2
    assert total("applications_by_programme", sexes=("male",)) == 3
    assert total("applications_by_programme", age_groups=("under_18",)) == 1   # ap1 on 1 Feb: teen 17


def test_applications_by_status_count_applications_created_in_the_period(applications):
    w = applications
    figure = engine.compute("applications_by_status", YEAR, Filters(), breakdown="status")
    assert figure.cells == {"departed": 2, "draft": 1, "withdrawn": 1}
    assert figure.labels["departed"] == "Departed (confirmed)"
    assert total("applications_by_status", organisation_ids=(w.orgs.iom.pk,)) == 3
    assert set(engine.drilldown("applications_by_status", YEAR, Filters(), w.analyst)) == {w.ap1}
    assert set(engine.drilldown("applications_by_status", YEAR, Filters(), w.personas.team_lead)) == {
        w.ap1, w.ap2, w.ap5}


# --- Reintegration plans -----------------------------------------------------------------------

@pytest.fixture
def plans(world):
    w, by = world, world.personas.counsellor
    w.pl1 = plan(w.a, w.adult, "handed_over", at(2025, 3, 1), by, at(2025, 4, 1), at(2025, 5, 1))
    w.pl2 = plan(w.a, w.teen, "handed_over", at(2025, 3, 1), by, at(2025, 6, 29))
    w.pl3 = plan(w.b, w.old, "handed_over", at(2025, 2, 1), by, at(2025, 7, 7))
    w.pl4 = plan(w.c, w.nodate, "handed_over", at(2024, 12, 1), by, at(2025, 1, 10))
    w.pl5 = plan(w.b, w.old, "draft", at(2025, 6, 1), by)
    return w


def test_reintegration_plans_by_status(plans):
    w = plans
    assert cells("reintegration_plans", "status") == {"handed_over": 3, "draft": 1}     # pl4 created in 2024
    assert total("reintegration_plans", organisation_ids=(w.orgs.iom.pk,)) == 4
    assert total("reintegration_plans", office_ids=(w.personas.speyer.pk,)) == 2
    assert total("reintegration_plans", district_ids=(district(TRIER).pk,)) == 2
    assert total("reintegration_plans", nationalities=("SY",)) == 3
    assert total("reintegration_plans", sexes=("male",)) == 3
    assert total("reintegration_plans", age_groups=("under_18",)) == 1
    assert set(engine.drilldown("reintegration_plans", YEAR, Filters(), w.analyst)) == {w.pl1, w.pl2}


# --- Follow-up scores --------------------------------------------------------------------------

@pytest.fixture
def visits(world):
    w, by = world, world.personas.counsellor
    w.m1 = visit(w.a, w.adult, by, done=date(2025, 3, 1), composite=0.2, economic=0.1, social=0.3, psychosocial=0.2)
    w.m2 = visit(w.a, w.teen, by, done=date(2025, 6, 29), composite=0.5, economic=0.5, social=0.5,
                 psychosocial=0.5)
    w.m3 = visit(w.b, w.old, by, done=date(2025, 7, 1), composite=0.66, economic=0.9, social=0.6, psychosocial=0.5)
    w.m4 = visit(w.c, w.nodate, by, done=date(2025, 8, 1), composite=0.9, economic=0.8, social=0.9,
                 psychosocial=1.0)
    visit(w.a, w.adult, by, done=date(2024, 12, 31), composite=0.1)             # outside
    visit(w.a, w.adult, by, done=None, composite=None)                         # not done yet
    visit(w.a, w.adult, by, done=date(2025, 10, 1), composite=None)            # done, no score
    return w


def test_followup_score_mean_overall_and_per_dimension(visits):
    w = visits
    figure = engine.compute("followup_score_mean", YEAR, Filters(), breakdown="dimension")
    assert figure.total == Decimal("0.565")                     # (0.2 + 0.5 + 0.66 + 0.9) / 4
    assert figure.unit == "mean" and not figure.additive
    assert figure.basis == 4  # the four surveys the mean rests on (disclosure control withholds it below 5)
    assert figure.cells == {"composite": Decimal("0.565"), "economic": Decimal("0.575"),
                            "social": Decimal("0.575"), "psychosocial": Decimal("0.550")}
    assert total("followup_score_mean", organisation_ids=(w.orgs.iom.pk,)) == Decimal("0.453")  # 1.36 / 3
    assert total("followup_score_mean", age_groups=("under_18",)) == Decimal("0.500")
    assert total("followup_score_mean", sexes=("diverse",)) == Decimal("0.900")


def test_followup_score_bands_use_the_verified_thresholds(visits):
    w = visits
    figure = engine.compute("followup_score_bands", YEAR, Filters(), breakdown="band")
    # 0.66 is in the middle band (0.33 to 0.66 inclusive).
    assert figure.cells == {"below_033": 1, "033_066": 2, "above_066": 1}
    assert total("followup_score_bands", organisation_ids=(w.orgs.iom.pk,)) == 3
    assert total("followup_score_bands", office_ids=(w.personas.speyer.pk,)) == 1
    assert total("followup_score_bands", district_ids=(district(TRIER).pk,)) == 2
    assert total("followup_score_bands", nationalities=("SY",)) == 2
    assert total("followup_score_bands", sexes=("male",)) == 2
    assert total("followup_score_bands", age_groups=("under_18",)) == 1       # m2 on 29 June: teen 17
    assert set(engine.drilldown("followup_score_bands", YEAR, Filters(), w.analyst)) == {w.m1, w.m2}
    assert set(engine.drilldown("followup_score_bands", YEAR, Filters(), w.personas.team_lead,
                                cell="033_066")) == {w.m2, w.m3}
