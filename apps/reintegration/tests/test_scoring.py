"""The scoring functions: weighted means per dimension, composite and level thresholds
(indicators.md §1.3)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.reintegration.scoring import (
    HIGH,
    INTENSIVE,
    SOME,
    ScoredAnswer,
    composite_score,
    dimension_scores,
    level,
    weighted_mean,
)

DIMENSIONS = ["economic", "social", "psychosocial"]
values = st.one_of(st.none(), st.floats(min_value=0, max_value=1))
weights = st.floats(min_value=0, max_value=10)
answers = st.lists(st.builds(ScoredAnswer, st.sampled_from(DIMENSIONS), weights, values), max_size=30)
dimension_weights = st.fixed_dictionaries(dict.fromkeys(DIMENSIONS, weights))


def test_dimension_score_is_the_weighted_mean_of_answered_items():
    scores = dimension_scores([ScoredAnswer("economic", 1, 1.0), ScoredAnswer("economic", 3, 0.0),
                               ScoredAnswer("social", 1, 0.5)])
    assert scores == {"economic": 0.25, "social": 0.5}


def test_dont_wish_to_answer_is_left_out_of_the_score():
    """UNVERIFIED rule shipped as data: an option without value is excluded, not counted as 0."""
    assert dimension_scores([ScoredAnswer("social", 1, None), ScoredAnswer("social", 1, 0.75)]) == {"social": 0.75}


def test_a_dimension_without_answers_has_no_score_and_does_not_count_in_the_composite():
    scores = dimension_scores([ScoredAnswer("social", 1, None), ScoredAnswer("economic", 1, 0.2)])
    assert scores == {"social": None, "economic": 0.2}
    assert composite_score(scores, {"social": 1, "economic": 1}) == pytest.approx(0.2)


def test_composite_is_the_weighted_mean_of_the_dimension_scores():
    scores = {"economic": 0.2, "social": 0.8, "psychosocial": 0.5}
    assert composite_score(scores, dict.fromkeys(DIMENSIONS, 1)) == pytest.approx(0.5)
    assert composite_score(scores, {"economic": 2, "social": 0, "psychosocial": 0}) == pytest.approx(0.2)


def test_no_weight_gives_no_score():
    assert weighted_mean([]) is None
    assert weighted_mean([(1.0, 0.0)]) is None


@pytest.mark.parametrize("score,expected", [
    (0.0, INTENSIVE), (0.3299, INTENSIVE), (0.33, SOME), (0.5, SOME), (0.66, SOME), (0.6601, HIGH), (1.0, HIGH),
    (None, ""),
])
def test_levels_follow_the_thresholds(score, expected):
    """Thresholds [V]: above 0.66 high, 0.33 to 0.66 some intervention, below 0.33 intensive
    assistance (EVAL-NG-2021 p. 39 fn. 5; EVAL-NG-2023 p. 23 fn. 10; EVAL-HOA-2023 p. 73)."""
    assert level(score) == expected


def test_thresholds_are_parameters():
    """The Horn of Africa programme used 0.5 as the cut-off (EVAL-HOA-2023 p. 73-74)."""
    assert level(0.55, low=0.33, high=0.5) == HIGH


@given(answers, dimension_weights)
def test_scores_always_lie_between_zero_and_one(items, dim_weights):
    scores = dimension_scores(items)
    for score in scores.values():
        assert score is None or 0 <= score <= 1
    composite = composite_score(scores, dim_weights)
    assert composite is None or 0 <= composite <= 1


@given(answers, dimension_weights, st.data())
def test_scores_are_monotone_in_the_answers(items, dim_weights, data):
    """Raising one answer's value never lowers a dimension score or the composite."""
    answered = [i for i, item in enumerate(items) if item.value is not None]
    if not answered:
        return
    index = data.draw(st.sampled_from(answered))
    better_value = data.draw(st.floats(min_value=items[index].value, max_value=1))
    better = list(items)
    better[index] = ScoredAnswer(items[index].dimension, items[index].weight, better_value)
    before, after = dimension_scores(items), dimension_scores(better)
    for dimension, score in before.items():
        if score is not None:
            assert after[dimension] >= score - 1e-9
    old, new = composite_score(before, dim_weights), composite_score(after, dim_weights)
    if old is not None:
        assert new >= old - 1e-9


@given(st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1))
def test_level_is_monotone(a, b):
    order = {INTENSIVE: 0, SOME: 1, HIGH: 2}
    low, high = sorted((a, b))
    assert order[level(low)] <= order[level(high)]
