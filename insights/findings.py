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

import math
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import isotonic_regression

from insights.era import ERA_NEIGHBOURS, detrended, local_medians, views_trend
from insights.facts import PieceFacts

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


def _nobody(_: PieceFacts) -> bool:
    return False


def _no_value(_: PieceFacts) -> float | None:
    return None


@dataclass(frozen=True)
class Finding:
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
    # Who belongs (tested or provisional); ``members`` is filled in for claims only.
    member: Callable[[PieceFacts], bool] = field(compare=False, repr=False, default=_nobody)
    members: frozenset[uuid.UUID] = frozenset()
    # The tested outcome of a piece (None outside the pool the test ran on): for replication.
    outcome: Callable[[PieceFacts], float | None] = field(
        compare=False, repr=False, default=_no_value
    )
    extra: dict[str, Any] = field(default_factory=dict)
    adjusted_p_value: float = 1.0

    @property
    def is_positive(self) -> bool:
        """True when the group does better than the rest."""
        return self.lift > 1.0

    @property
    def coverage(self) -> float:
        """The share of tested pieces the pattern is about."""
        return self.group_size / max(1, self.group_size + self.rest_size)


@dataclass(frozen=True)
class Outcomes:
    """Per-piece outcomes the tests use, by content id."""

    raw: dict[uuid.UUID, float]  # ln(view ratio)
    adjusted: dict[uuid.UUID, float]  # ln(view ratio) minus its quality fit
    timing: dict[uuid.UUID, float]  # adjusted, minus the median of the piece's theme
    # ln views minus the era median of ln views: of the piece's platform, and of all pieces.
    versus_platform: dict[uuid.UUID, float] = field(default_factory=dict)
    versus_all: dict[uuid.UUID, float] = field(default_factory=dict)


def _log_ratio(ratio: float | None) -> float:
    return math.log(ratio) if ratio is not None and ratio > 0 else 0.0


def _design(tested: Sequence[PieceFacts]) -> np.ndarray:
    """Columns: ln engagement ratio, ln retention ratio (0 if none), has-retention, age in days."""
    newest = max(f.published_at for f in tested)
    return np.array(
        [
            [
                _log_ratio(f.engagement_ratio),
                _log_ratio(f.retention_ratio),
                float(f.retention_ratio is not None),
                (newest - f.published_at).total_seconds() / 86_400,
            ]
            for f in tested
        ]
    ).reshape(len(tested), 4)


def quality_fit(tested: Sequence[PieceFacts], y: np.ndarray) -> np.ndarray:
    """The part of ``y`` that goes with quality (engagement, retention) and with age.

    A linear fit (OLS) gives a quality index and the audience's drift over time; views follow
    quality in steps (a hit is a hit) rather than on a line, so from ``ISOTONIC_MIN`` pieces on
    the quality part is refitted as a monotone (isotonic) function of that index.
    """
    if len(tested) < MIN_FIT_SIZE:
        return np.zeros(len(tested))
    design = _design(tested)
    if not np.ptp(design[:, 0]):
        return np.zeros(len(tested))
    coefficients = np.linalg.lstsq(np.column_stack([np.ones(len(tested)), design]), y, rcond=None)[
        0
    ]
    drift = design[:, 3] * coefficients[4]
    index = design[:, :3] @ coefficients[1:4]
    if len(tested) < ISOTONIC_MIN:
        fitted: np.ndarray = index + drift
        return fitted
    order = np.argsort(index, kind="stable")
    quality: np.ndarray = np.empty(len(tested))
    quality[order] = isotonic_regression((y - drift)[order]).x
    adjusted: np.ndarray = quality + drift
    return adjusted


def era_relative_views(
    tested: Sequence[PieceFacts], k: int, within: Callable[[PieceFacts], object] | None = None
) -> dict[uuid.UUID, float]:
    """ln views minus the median ln views of the ``k`` pieces nearest in time (of each group)."""
    groups: dict[object, list[PieceFacts]] = defaultdict(list)
    for f in tested:
        groups[None if within is None else within(f)].append(f)
    relative: dict[uuid.UUID, float] = {}
    for members in groups.values():
        times = np.array([f.published_at.timestamp() for f in members])
        values = np.array([f.log_views for f in members])
        centre = local_medians(times, values, k, views_trend(logged=True))
        relative.update(
            zip((f.content_id for f in members), (values - centre).tolist(), strict=True)
        )
    return relative


def adjust_outcomes(tested: Sequence[PieceFacts], k: int = ERA_NEIGHBOURS) -> Outcomes:
    """Raw, quality-adjusted, theme-adjusted and era-relative outcomes of the tested pieces."""
    y = np.array([f.relative_views for f in tested])
    times = np.array([f.published_at.timestamp() for f in tested])
    adjusted_values = detrended(times, y - quality_fit(tested, y), k)
    ids = [f.content_id for f in tested]
    raw = dict(zip(ids, y.tolist(), strict=True))
    adjusted = dict(zip(ids, adjusted_values.tolist(), strict=True))
    by_theme: dict[str | None, list[float]] = defaultdict(list)
    for f in tested:
        by_theme[f.theme].append(adjusted[f.content_id])
    centre = {theme: float(np.median(values)) for theme, values in by_theme.items()}
    timing = {f.content_id: adjusted[f.content_id] - centre[f.theme] for f in tested}
    by_platform = era_relative_views(tested, k, lambda f: f.platform)
    return Outcomes(raw, adjusted, timing, by_platform, era_relative_views(tested, k))
