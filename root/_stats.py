"""The statistics of :mod:`root.evaluation`: means and percentile bootstrap intervals, in pure Python.

Nothing here needs numpy: a resample is ``random.Random(seed).choices``, so a given seed always gives the
same interval.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Final

DEFAULT_RESAMPLES: Final = 2000
"""How many bootstrap resamples an interval is read from."""


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean, or ``None`` for no values."""
    if not values:
        return None
    return math.fsum(values) / len(values)


def check_confidence(confidence: float) -> float:
    """``confidence`` as a float strictly between 0 and 1.

    Raises:
        ValueError: It is not.
    """
    value = float(confidence)
    if not 0.0 < value < 1.0:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive), not {confidence!r}")
    return value


def bootstrap_interval(
    values: Sequence[float],
    *,
    confidence: float = 0.95,
    seed: int | None = 0,
    resamples: int = DEFAULT_RESAMPLES,
) -> tuple[float, float] | None:
    """The percentile bootstrap interval of the mean of ``values`` at ``confidence``.

    ``None`` for no values; a single value (or values all equal) gives that value at both ends.
    """
    if not values:
        return None
    confidence = check_confidence(confidence)
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, not {resamples}")
    data = list(values)
    n = len(data)
    if min(data) == max(data):
        return (data[0], data[0])
    rng = random.Random(seed)
    means = sorted(math.fsum(rng.choices(data, k=n)) / n for _ in range(resamples))
    alpha = (1.0 - confidence) / 2.0
    return (_quantile(means, alpha), _quantile(means, 1.0 - alpha))


def _quantile(ordered: Sequence[float], q: float) -> float:
    """The ``q`` quantile of sorted values, interpolated linearly between neighbours."""
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    fraction = position - low
    return ordered[low] + (ordered[high] - ordered[low]) * fraction
