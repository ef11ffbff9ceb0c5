"""Statistical tests behind every pattern: group-vs-rest comparisons and false-discovery control."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from insights.mann_whitney import Ranked

    Values: TypeAlias = Sequence[float] | NDArray[np.float64]

MIN_GROUP_SIZE = 3


@dataclass(frozen=True)
class GroupTest:
    """A group compared with the rest of the creator's pieces on one outcome."""

    group_size: int
    rest_size: int
    group_median: float
    rest_median: float
    p_value: float
    test: str

    @property
    def direction(self) -> int:
        """+1 when the group is above the rest, -1 below, 0 level."""
        return (self.group_median > self.rest_median) - (self.group_median < self.rest_median)


def compare_groups(group: Values, rest: Values) -> GroupTest | None:
    """Two-sided Mann-Whitney U test of group against rest; None if either has < 3 values."""
    if len(group) < MIN_GROUP_SIZE or len(rest) < MIN_GROUP_SIZE:
        return None
    import numpy as np

    from insights.mann_whitney import ranked

    g, r = np.asarray(group, dtype=float), np.asarray(rest, dtype=float)
    return compare_within(ranked(np.concatenate([g, r])), np.arange(len(g) + len(r)) < len(g))


def compare_within(sample: Ranked, inside: NDArray[np.bool_]) -> GroupTest | None:
    """``compare_groups`` of the values ``inside`` a ranked sample against the others (in the
    sample's order): a family's groups of one pool share the sample's ranking."""
    import numpy as np

    from insights.mann_whitney import p_value

    group_size = int(np.count_nonzero(inside))
    rest_size = len(inside) - group_size
    if group_size < MIN_GROUP_SIZE or rest_size < MIN_GROUP_SIZE:
        return None
    found = 1.0 if sample.constant else p_value(sample, inside)
    group_median, rest_median = sample.medians(inside)
    return GroupTest(
        group_size=group_size,
        rest_size=rest_size,
        group_median=group_median,
        rest_median=rest_median,
        p_value=found if math.isfinite(found) else 1.0,
        test="Mann-Whitney U, two-sided",
    )


def adjust_pvalues(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values) for one family of tests.

    ``scipy.stats.false_discovery_control(p_values, method="bh")`` step for step, so the very
    same floats, without importing scipy.stats (most of a second of a command's start-up).
    Anything it would refuse (NaN, a p-value outside [0, 1]) is left to it, for its message.
    """
    if not p_values:
        return []
    import numpy as np

    ps = np.asarray(p_values, dtype=np.float64)
    if ps.ndim != 1 or not ((ps >= 0) & (ps <= 1)).all():
        from scipy.stats import false_discovery_control

        return [float(q) for q in false_discovery_control(ps, method="bh")]
    m = ps.size
    order = np.argsort(ps)
    adjusted = ps[order] * (m / np.arange(1, m + 1, dtype=np.float64))
    np.minimum.accumulate(adjusted[::-1], out=adjusted[::-1])
    restored = np.empty(m)
    restored[order] = adjusted
    return [float(q) for q in np.clip(restored, 0.0, 1.0)]


def adjust_pvalues_two_stage(p_values: Sequence[float], fdr: float) -> list[float]:
    """Two-stage Benjamini-Hochberg (Benjamini, Krieger & Yekutieli 2006) adjusted p-values.

    Stage one runs BH at fdr / (1 + fdr); its r discoveries estimate how many of the m tests are
    true nulls (m0 = m - r), and stage two runs BH at fdr / (1 + fdr) * m / m0. Returned values
    are the BH ones rescaled so that "adjusted <= fdr" is exactly the stage-two decision. When
    nothing or everything passes stage one, m0 = m (nothing to adapt to; no looser than BH).
    """
    bh = adjust_pvalues(p_values)
    stage_one = sum(q <= fdr / (1 + fdr) for q in bh)
    m = len(bh)
    true_nulls = m - stage_one if 0 < stage_one < m else m
    scale = (1 + fdr) * true_nulls / m if m else 1.0
    return [min(1.0, q * scale) for q in bh]


def split_by(values: Sequence[float], mask: Sequence[bool]) -> tuple[list[float], list[float]]:
    """(values where mask is true, values where it is false)."""
    group = [v for v, m in zip(values, mask, strict=True) if m]
    rest = [v for v, m in zip(values, mask, strict=True) if not m]
    return group, rest
