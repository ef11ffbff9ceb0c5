"""What a pattern test yields (Finding), its thresholds, and the outcomes the tests run on.

See ``insights.patterns`` for how findings are discovered and filtered.

Timing and theme are tested on quality-adjusted views: the log view ratio minus the part that
goes with the piece's engagement and retention ratios (an OLS fit over the creator's pieces). A
piece that lands well gets more views, more engagement and better retention wherever it was
posted; removing that shared part compares pieces like for like and leaves what the window or the
theme added, which makes real effects far easier to see. Medians and lifts of these families are
reported like for like too (the raw medians are kept in the supporting data).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from scipy.optimize import isotonic_regression

from insights.era import ERA_NEIGHBOURS, detrended, local_medians, views_trend
from insights.fact_arrays import FactArrays, Floats, Ints, Mask, fact_arrays
from insights.facts import PieceFacts
from insights.pattern_figures import FigureRatios

RELATIVE_VIEWS = "relative_views"
WEAK_HOOK, STRONG_HOOK = 0.30, 0.50
# Below this many pieces the quality fit is too shaky to adjust by; below ISOTONIC_MIN it stays
# linear (a step function needs enough pieces per step).
MIN_FIT_SIZE = 10
ISOTONIC_MIN = 60


@dataclass(frozen=True)
class PatternConfig:
    """Thresholds of pattern discovery (documented in docs/SCORING.md)."""

    fdr: float = 0.05
    # "two-stage": Benjamini-Hochberg adapted to the share of true effects (Benjamini, Krieger &
    # Yekutieli 2006); "bh": plain Benjamini-Hochberg. Both hold the whole family's FDR at ``fdr``.
    fdr_method: str = "two-stage"
    min_group_size: int = 3
    # Smallest lift worth telling a creator about, however significant.
    min_lift: float = 1.1
    # Views are compared within their era: the pieces nearest in time (insights.era).
    era_neighbours: int = ERA_NEIGHBOURS
    # Replication (insights.replication): the newest share of the tested pieces, by publish
    # date, on which a claim found on the older ones must hold, by at least this lift.
    replication_share: float = 0.5
    replication_min_lift: float = 1.05


DEFAULT_PATTERNS = PatternConfig()


# What a finding holds where it holds no pieces (shared: never written to).
NOBODY: Mask = np.zeros(0, dtype=bool)
NO_VALUES: Floats = np.zeros(0)


class GroupRule(Protocol):
    """What a group's members were read off the facts by (``pattern_families.Rule``)."""

    def read(self, facts: FactArrays) -> tuple[Mask, dict[str, Any]]:
        """Where the rule holds, by position in ``facts``, and the figures shown with it."""
        ...


def _nothing() -> Mask:
    return NOBODY


def _no_values() -> Floats:
    return NO_VALUES


@dataclass(frozen=True)
class Finding(FigureRatios):
    """One tested pattern: a group of pieces against the rest on one outcome."""

    key: str
    family: str
    subject: str
    metric: str
    group_size: int
    rest_size: int
    group_median: float  # in the units people read: ratio, views, percent or fraction
    rest_median: float
    lift: float
    p_value: float
    test: str
    test_direction: int  # +1 when the tested outcome is higher in the group, -1 lower
    # Who belongs (tested or provisional), by position in the facts (``insights.fact_arrays``);
    # ``members`` (their ids) is filled in for claims only.
    group: Mask = field(compare=False, repr=False, default_factory=_nothing)
    members: frozenset[uuid.UUID] = frozenset()
    # The tested outcome of each piece, where ``within`` (the pool the test ran on): for
    # replication.
    outcome: Floats = field(compare=False, repr=False, default_factory=_no_values)
    within: Mask = field(compare=False, repr=False, default_factory=_nothing)
    extra: dict[str, Any] = field(default_factory=dict)
    adjusted_p_value: float = 1.0
    rule: GroupRule | None = field(default=None, compare=False, repr=False)  # ``group``'s


@dataclass(frozen=True)
class Outcomes:
    """Per-piece outcomes the tests use, by content id."""

    raw: dict[uuid.UUID, float]  # ln(view ratio)
    adjusted: dict[uuid.UUID, float]  # ln(view ratio) minus its quality fit
    timing: dict[uuid.UUID, float]  # adjusted, minus the median of the piece's theme
    # ln views minus the era median of ln views: of the piece's platform, and of all pieces.
    versus_platform: dict[uuid.UUID, float] = field(default_factory=dict)
    versus_all: dict[uuid.UUID, float] = field(default_factory=dict)


@dataclass(frozen=True)
class OutcomeArrays:
    """``Outcomes`` by position in the facts (only the tested positions hold one)."""

    raw: Floats
    adjusted: Floats
    timing: Floats
    versus_platform: Floats
    versus_all: Floats


def _design(facts: FactArrays, tested: Ints) -> Floats:
    """Columns: ln engagement ratio, ln retention ratio (0 if none), has-retention, age in days."""
    design = np.empty((tested.size, 4))
    design[:, 0] = facts.log_ratio("engagement_ratio")[tested]
    design[:, 1] = facts.log_ratio("retention_ratio")[tested]
    design[:, 2] = facts.column("retention_ratio")[1][tested]
    # As timedelta.total_seconds() / 86,400: exact microseconds, divided twice.
    age = facts.published_us[tested].max() - facts.published_us[tested]
    design[:, 3] = age.astype(np.float64) / 1e6 / 86_400
    return design


def quality_fit(design: Floats, y: Floats) -> Floats:
    """The part of ``y`` that goes with quality (engagement, retention) and with age.

    A linear fit (OLS) gives a quality index and the audience's drift over time; views follow
    quality in steps (a hit is a hit) rather than on a line, so from ``ISOTONIC_MIN`` pieces on
    the quality part is refitted as a monotone (isotonic) function of that index.
    """
    n = len(design)
    if n < MIN_FIT_SIZE or not np.ptp(design[:, 0]):
        return np.zeros(n)
    coefficients = np.linalg.lstsq(np.column_stack([np.ones(n), design]), y, rcond=None)[0]
    drift = design[:, 3] * coefficients[4]
    index = design[:, :3] @ coefficients[1:4]
    if n < ISOTONIC_MIN:
        fitted: Floats = index + drift
        return fitted
    order = np.argsort(index, kind="stable")
    quality: Floats = np.empty(n)
    quality[order] = isotonic_regression((y - drift)[order]).x
    adjusted: Floats = quality + drift
    return adjusted


def era_relative_views(facts: FactArrays, tested: Ints, k: int, by_platform: bool) -> Floats:
    """ln views minus the median ln views of the ``k`` pieces nearest in time (of each platform).

    By position in the facts (0 outside ``tested``).
    """
    relative = np.zeros(len(facts))
    codes = facts.platform.codes[tested] if by_platform else np.zeros(tested.size, np.int64)
    for code in np.unique(codes).tolist():
        members = tested[codes == code]
        values = facts.log_views[members]
        centre = local_medians(facts.timestamps(members), values, k, views_trend(logged=True))
        relative[members] = values - centre
    return relative


def outcome_arrays(facts: FactArrays, k: int = ERA_NEIGHBOURS) -> OutcomeArrays:
    """Raw, quality-adjusted, theme-adjusted and era-relative outcomes of the tested pieces."""
    tested = facts.tested
    raw, adjusted, timing = np.zeros(len(facts)), np.zeros(len(facts)), np.zeros(len(facts))
    if tested.size:
        y = facts.log_ratio("view_ratio")[tested]
        raw[tested] = y
        fitted = y - quality_fit(_design(facts, tested), y)
        adjusted[tested] = detrended(facts.timestamps(tested), fitted, k)
    themes = facts.theme.codes[tested]
    for code in np.unique(themes).tolist():
        members = tested[themes == code]
        timing[members] = adjusted[members] - float(np.median(adjusted[members]))
    return OutcomeArrays(
        raw,
        adjusted,
        timing,
        era_relative_views(facts, tested, k, by_platform=True),
        era_relative_views(facts, tested, k, by_platform=False),
    )


def adjust_outcomes(tested: Sequence[PieceFacts], k: int = ERA_NEIGHBOURS) -> Outcomes:
    """``outcome_arrays`` of pieces that are all tested, by content id."""
    facts = fact_arrays(tested)
    found = outcome_arrays(facts, k)

    def by_id(values: Floats) -> dict[uuid.UUID, float]:
        return dict(zip(facts.ids, values.tolist(), strict=True))

    return Outcomes(
        by_id(found.raw),
        by_id(found.adjusted),
        by_id(found.timing),
        by_id(found.versus_platform),
        by_id(found.versus_all),
    )
