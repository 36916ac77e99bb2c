"""Summaries of measured latencies. Rule: nearest-rank percentiles over every sample, nothing dropped."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The nearest-rank q-th percentile (0 < q <= 100) of already sorted values; NaN when empty."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def latency_ms(samples: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 and max of latencies in seconds, as milliseconds."""
    ordered = sorted(samples)
    return {name: percentile(ordered, q) * 1000 for name, q in (("p50", 50), ("p95", 95), ("p99", 99),
                                                                ("max", 100))}
