"""Reintegration scores: pure functions over plain values, so they can be tested exhaustively.

What the sources verify (indicators.md §1.3): scores lie in [0, 1]; one composite and three
dimension scores; levels above 0.66 high, 0.33–0.66 some intervention, below 0.33 intensive
assistance. What they do NOT verify, and is therefore data flagged "unverified" in the survey
definition: the weights, that the composite is the weighted mean of the dimension scores,
the answer-to-value mapping and that "I don't wish to answer" is left out of the score.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

INTENSIVE, SOME, HIGH = "intensive", "some", "high"


@dataclass(frozen=True)
class ScoredAnswer:
    dimension: str
    weight: float
    value: float | None  # None: excluded from the score ("I don't wish to answer")


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs; None when no pair carries weight."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    if weight_sum <= 0:
        return None
    # Rounding errors must not push a score out of [0, 1].
    return min(1.0, max(0.0, total / weight_sum))


def dimension_scores(answers: Iterable[ScoredAnswer]) -> dict[str, float | None]:
    """Per dimension the weighted mean of the answered items' values."""
    by_dimension: dict[str, list[tuple[float, float]]] = {}
    for answer in answers:
        pairs = by_dimension.setdefault(answer.dimension, [])
        if answer.value is not None and answer.weight > 0:
            pairs.append((answer.value, answer.weight))
    return {dimension: weighted_mean(pairs) for dimension, pairs in by_dimension.items()}


def composite_score(scores: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """Weighted mean of the dimension scores that exist (UNVERIFIED method, see module doc)."""
    return weighted_mean((score, weights.get(dimension, 0.0)) for dimension, score in scores.items()
                         if score is not None)


def level(score: float | None, low: float = 0.33, high: float = 0.66) -> str:
    """intensive (< low), some (low ≤ score ≤ high), high (> high); "" without a score."""
    if score is None:
        return ""
    if score < low:
        return INTENSIVE
    if score > high:
        return HIGH
    return SOME
