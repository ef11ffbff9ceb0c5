"""When a group of the creator's pieces may be said to do better or worse than the rest.

The habit views (spacing between posts, title features, a platform's themes) test groups of
judged pieces against the rest with ``insights.stats.compare_groups`` and adjust each question's
p-values as one family. A claim then needs what a pattern needs: a q-value within the pattern
engine's FDR and at least its minimum lift in the medians, in the direction the test found.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from insights.findings import DEFAULT_PATTERNS
from insights.stats import GroupTest, adjust_pvalues, compare_groups


def claimable(test: GroupTest | None, q: float | None) -> bool:
    """Beyond chance at the pattern engine's FDR, with its minimum lift the same way."""
    if test is None or q is None or test.direction == 0:
        return False
    config = DEFAULT_PATTERNS
    lift = max(test.group_median, 1e-9) / max(test.rest_median, 1e-9)
    agrees = (lift > 1) == (test.direction > 0)
    return q <= config.fdr and abs(math.log(lift)) >= math.log(config.min_lift) and agrees


@dataclass(frozen=True)
class GroupScore:
    """One group of judged pieces (a theme, a platform), its median score, and its test against
    the pieces of the other groups."""

    name: str
    pieces: int
    median_score: float
    test: GroupTest | None  # None: too few on one side to test
    q_value: float | None = None

    @property
    def claimed(self) -> bool:
        """Beyond chance and big enough, as a pattern must be."""
        return claimable(self.test, self.q_value)

    @property
    def better(self) -> bool:
        """The group scored above the others."""
        return self.test is not None and self.test.direction > 0


def scored_groups(rows: Sequence[tuple[str, float]]) -> list[GroupScore]:
    """Each group of ``(group, score)`` rows against the rest (two-sided Mann-Whitney U), the
    groups' p-values adjusted as one family, best median first."""
    by_group: dict[str, list[float]] = defaultdict(list)
    for name, value in rows:
        by_group[name].append(value)
    groups = [
        GroupScore(name, len(values), statistics.median(values), _against_rest(name, values, rows))
        for name, values in by_group.items()
    ]
    tests = [(at, g.test) for at, g in enumerate(groups) if g.test is not None]
    q_values = adjust_pvalues([test.p_value for _, test in tests])
    by_place = {at: q for (at, _), q in zip(tests, q_values, strict=True)}
    groups = [replace(g, q_value=by_place.get(at)) for at, g in enumerate(groups)]
    return sorted(groups, key=lambda g: (-g.median_score, -g.pieces, g.name))


def found_in(groups: Sequence[GroupScore]) -> list[GroupScore]:
    """The groups that did better or worse than the rest, most certain first."""
    return sorted((g for g in groups if g.claimed), key=lambda g: (g.q_value or 0.0, g.name))


def _against_rest(
    name: str, values: list[float], rows: Sequence[tuple[str, float]]
) -> GroupTest | None:
    return compare_groups(values, [value for group, value in rows if group != name])
