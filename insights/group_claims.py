"""When a group of the creator's pieces may be said to do better or worse than the rest.

The habit views (spacing between posts, title features, a platform's themes) test groups of
judged pieces against the rest with ``insights.stats.compare_groups`` and adjust each question's
p-values as one family. A claim then needs what a pattern needs: a q-value within the pattern
engine's FDR and at least its minimum lift in the medians, in the direction the test found.
"""

from __future__ import annotations

import math

from insights.findings import DEFAULT_PATTERNS
from insights.stats import GroupTest


def claimable(test: GroupTest | None, q: float | None) -> bool:
    """Beyond chance at the pattern engine's FDR, with its minimum lift the same way."""
    if test is None or q is None or test.direction == 0:
        return False
    config = DEFAULT_PATTERNS
    lift = max(test.group_median, 1e-9) / max(test.rest_median, 1e-9)
    agrees = (lift > 1) == (test.direction > 0)
    return q <= config.fdr and abs(math.log(lift)) >= math.log(config.min_lift) and agrees
