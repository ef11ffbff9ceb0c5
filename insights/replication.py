"""Replication: a pattern is shown only if what was found on older pieces holds on newer ones.

The tested pieces are split by publish date into an older block and a newer block (the newest
``PatternConfig.replication_share``, half by default; blocked and time-ordered, never shuffled).
A claim that passed false-discovery control on the whole catalogue is then checked out of time:

- "found on older": on the older block its group differs from the rest in the claimed direction
  (for a posting window, the claimed window: ``WINDOW_CHECK``; the window the same scan finds on
  the older posts alone is reported beside it);
- "holds on newer": on the newer block that group beats (or trails) the rest by at least
  ``replication_min_lift`` in the claimed direction (lifts from the blocks' mean outcomes).

A claim that fails is not shown. One whose groups are too small on either block to check
(fewer than ``min_group_size`` pieces a side) is shown as tentative, with its numbers. Every
claim's supporting data carries the figures (``replication``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from insights.fact_arrays import FactArrays, Floats, Ints, Mask
from insights.facts import PieceFacts
from insights.findings import RELATIVE_VIEWS, Finding, OutcomeArrays, PatternConfig
from insights.pattern_families import in_window
from insights.pattern_lookups import remembered_observed
from insights.windows import Window

REPLICATED, TENTATIVE, FAILED = "replicated", "tentative", "not replicated"
# Which window a posting-window claim is checked with: "claimed", the window claimed (like every
# other family's group), or "rescan", the window the scan finds on the older posts alone (the
# older scan's window is reported either way). Rescanning lost windows a creator's schedule
# drifted into: too few older posts to find them by (docs/SCORING.md §3).
WINDOW_CHECK = "claimed"


def split_by_time(
    tested: Sequence[PieceFacts], share: float
) -> tuple[list[PieceFacts], list[PieceFacts]]:
    """(older, newer): the newest ``share`` of the pieces by publish date, and the rest."""
    ordered = sorted(tested, key=lambda f: (f.published_at, f.number))
    cut = len(ordered) - math.ceil(share * len(ordered))
    return ordered[:cut], ordered[cut:]


def _lift(metric: str, group: Floats, rest: Floats) -> float:
    # Means, not medians: a block's groups are small (a window may hold 5 of 100 newer posts),
    # and on them the mean of the log outcome is the steadier estimate (measured: a true effect
    # held 95 % of the time this way, 90 % by medians; docs/SCORING.md §3).
    g, r = float(np.mean(group)), float(np.mean(rest))
    if metric in (RELATIVE_VIEWS, "views"):
        return math.exp(g - r)
    return g / r if r > 0 else (math.inf if g > 0 else 1.0)


class Replicator:
    """Checks claims on the older and the newer block of one creator's tested pieces."""

    def __init__(self, facts: FactArrays, outcomes: OutcomeArrays, config: PatternConfig) -> None:
        self.older, self.newer = split_positions(facts, config.replication_share)
        self.config = config
        self.week_hours = facts.week_hour
        self._windows = _older_windows(facts, outcomes, self.older, config.min_group_size)

    def check(self, finding: Finding) -> dict[str, Any]:
        """The replication figures of one claim, with its ``status``."""
        group = finding.group
        figures: dict[str, Any] = {
            "older_pieces": len(self.older),
            "newer_pieces": len(self.newer),
            "newer_share": self.config.replication_share,
            "min_lift": self.config.replication_min_lift,
        }
        if finding.family == "timing":
            window = self._windows.get(int(finding.extra.get("search", -1)))
            if window is None:
                return {**figures, "status": TENTATIVE, "reason": "no window on older posts"}
            figures["older_window"] = window.label
            if WINDOW_CHECK == "rescan":
                group = in_window(self.week_hours, window)
        older = self._block(finding, self.older, group)
        newer = self._block(finding, self.newer, group)
        if older is None or newer is None:
            return {**figures, "status": TENTATIVE, "reason": "too few pieces to check"}
        figures.update(
            older_lift=round(older[0], 3),
            older_group_size=older[1],
            newer_lift=round(newer[0], 3),
            newer_group_size=newer[1],
            newer_rest_size=newer[2],
        )
        return {**figures, "status": REPLICATED if self._holds(finding, older, newer) else FAILED}

    def _block(self, finding: Finding, block: Ints, group: Mask) -> tuple[float, int, int] | None:
        """Lift, group and rest size of the claim's outcome on one block (in time order)."""
        within, values, inside = finding.within[block], finding.outcome[block], group[block]
        members, rest = values[within & inside], values[within & ~inside]
        if min(len(members), len(rest)) < self.config.min_group_size:
            return None
        return _lift(finding.metric, members, rest), len(members), len(rest)

    def _holds(
        self, finding: Finding, older: tuple[float, int, int], newer: tuple[float, int, int]
    ) -> bool:
        sign = 1 if finding.is_positive else -1
        found = sign * math.log(max(older[0], 1e-9)) > 0
        minimum = math.log(self.config.replication_min_lift)
        return found and sign * math.log(max(newer[0], 1e-9)) >= minimum


def split_positions(facts: FactArrays, share: float) -> tuple[Ints, Ints]:
    """``split_by_time`` over the tested positions of the facts: (older, newer), time-ordered."""
    tested = facts.tested
    # lexsort is stable, like sorted(): equal (published_at, number) keep the facts' order.
    ordered = tested[np.lexsort((facts.number[tested], facts.published_us[tested]))]
    cut = len(ordered) - math.ceil(share * len(ordered))
    return ordered[:cut], ordered[cut:]


def _older_windows(
    facts: FactArrays, outcomes: OutcomeArrays, older: Ints, min_size: int
) -> dict[int, Window]:
    """The window each scan finds on the older posts alone (by the scan's index)."""
    timed = older[facts.week_hour[older] >= 0]
    if len(timed) < 2 * min_size:
        return {}
    found = remembered_observed(facts.week_hour[timed], outcomes.timing[timed], min_size)
    return {search: window for search, (window, _) in found.items()}
