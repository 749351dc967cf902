"""Property-based tests of benefits, caps and totals."""

from hypothesis import given
from hypothesis import strategies as st

from apps.programmes.eligibility import EligibilityInput, benefit_lines, check, component_total
from apps.programmes.rules import Benefit
from apps.programmes.tests.helpers import TODAY, shipped

ages = st.lists(st.one_of(st.integers(min_value=0, max_value=100), st.none()), min_size=0, max_size=12)
amount = st.one_of(st.none(), st.integers(min_value=0, max_value=5000))
benefits = st.builds(Benefit, code=st.just("x"), adult_amount=amount, child_amount=amount,
                     adult_from_age=st.integers(min_value=0, max_value=25), family_cap=amount)


@given(benefits, ages)
def test_component_total_never_exceeds_the_cap_and_is_never_negative(benefit, household):
    total = component_total(benefit, benefit_lines(household, benefit))
    if total.subtotal is None:  # no amount known: unknown, never 0
        assert total.total is None and all(line.amount is None for line in benefit_lines(household, benefit))
        return
    assert 0 <= total.total <= total.subtotal
    if benefit.family_cap is not None:
        assert total.total <= benefit.family_cap


@given(benefits, ages)
def test_per_person_sum_equals_the_total_before_the_cap(benefit, household):
    lines = benefit_lines(household, benefit)
    assert len(lines) == len(household)
    total = component_total(benefit, lines)
    known = [line.amount for line in lines if line.amount is not None]
    assert total.subtotal == (sum(known) if known else None)
    if total.subtotal is None:
        assert total.total is None
    elif benefit.family_cap is None or total.subtotal <= benefit.family_cap:
        assert total.total == total.subtotal
    else:
        assert total.total == benefit.family_cap


@given(benefits, ages, st.one_of(st.integers(min_value=0, max_value=100), st.none()))
def test_adding_a_person_never_lowers_the_total(benefit, household, extra):
    before = component_total(benefit, benefit_lines(household, benefit)).total or 0
    after = component_total(benefit, benefit_lines([*household, extra], benefit)).total or 0
    assert after >= before
    if benefit.family_cap is not None:
        assert after <= benefit.family_cap


countries_ = st.sampled_from(["IQ", "TR", "AF", "SN", "AL", "IR", "SY", "PL", "BG", "GE", "CO", ""])
statuses = st.sampled_from(["asylum_request", "toleration", "residence_permit", "eu_citizen", "unknown"])
circumstances = st.frozensets(st.sampled_from(["trafficking_victim", "long_term_toleration", "vulnerable",
                                               "residence_22_26", "medical_needs"]))


@given(countries_, countries_, statuses, st.one_of(st.none(), st.integers(0, 240)), circumstances,
       st.lists(st.integers(0, 90), min_size=1, max_size=10))
def test_programme_totals_respect_caps_and_decisions(nationality, destination, status, months, circs, household):
    inp = EligibilityInput(nationality, destination, status, months, circs, tuple(household))
    for result in check(inp, shipped(), TODAY):
        counted = [c for c in result.components if c.counted]
        if result.total is None:  # amounts are counted, but none is known
            assert counted and all(c.total is None for c in counted) and result.total_before_cap is None
            continue
        assert 0 <= result.total <= result.total_before_cap
        for component in result.components:
            if component.family_cap is not None and component.total is not None:
                assert component.total <= component.family_cap
        if result.decision == "not_eligible":
            assert result.components == () and result.total == 0
        assert all(reason.message and reason.rule_title for reason in result.reasons)
        assert result.total == sum(c.total or 0 for c in counted)
        codes = {c.component for c in counted}
        assert result.total_before_cap == sum(line.amount or 0 for line in result.lines if line.component in codes)


@given(st.lists(st.integers(0, 90), min_size=1, max_size=10), st.integers(0, 90))
def test_reag_garp_total_is_monotone_in_household_size(household, extra):
    def total(members):
        inp = EligibilityInput("IQ", "IQ", "toleration", 24, frozenset(), tuple(members))
        return next(r for r in check(inp, shipped(), TODAY) if r.programme_code == "reag_garp").total

    assert total([*household, extra]) >= total(household)
