"""Statistical tests behind every pattern: group-vs-rest comparisons and false-discovery control."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import false_discovery_control, mannwhitneyu

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


def compare_groups(group: Sequence[float], rest: Sequence[float]) -> GroupTest | None:
    """Two-sided Mann-Whitney U test of group against rest; None if either has < 3 values."""
    if len(group) < MIN_GROUP_SIZE or len(rest) < MIN_GROUP_SIZE:
        return None
    g, r = np.asarray(group, dtype=float), np.asarray(rest, dtype=float)
    if np.ptp(np.concatenate([g, r])) == 0:
        p_value = 1.0
    else:
        p_value = float(mannwhitneyu(g, r, alternative="two-sided").pvalue)
    return GroupTest(
        group_size=len(g),
        rest_size=len(r),
        group_median=float(np.median(g)),
        rest_median=float(np.median(r)),
        p_value=p_value if math.isfinite(p_value) else 1.0,
        test="Mann-Whitney U, two-sided",
    )


def adjust_pvalues(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values) for one family of tests."""
    if not p_values:
        return []
    return [float(q) for q in false_discovery_control(np.asarray(p_values), method="bh")]


def split_by(values: Sequence[float], mask: Sequence[bool]) -> tuple[list[float], list[float]]:
    """(values where mask is true, values where it is false)."""
    group = [v for v, m in zip(values, mask, strict=True) if m]
    rest = [v for v, m in zip(values, mask, strict=True) if not m]
    return group, rest
