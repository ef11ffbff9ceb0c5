"""Pattern discovery over column arrays gives what the per-piece computation gave, to the bit.

The references below are the per-piece forms the arrays replaced (bench/pattern_identity.py
checks whole refreshes against main's code the same way).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from bench.truth import grown_config, score_simulated
from insights import timing
from insights.era import detrended, local_medians, views_trend
from insights.fact_arrays import fact_arrays
from insights.facts import PieceFacts, build_facts
from insights.findings import _design, adjust_outcomes, outcome_arrays, quality_fit
from insights.pattern_families import Scope, all_candidates
from insights.patterns import discover_patterns
from insights.stats import compare_groups
from insights.windows import DAYS


@pytest.fixture(scope="module")
def facts() -> list[PieceFacts]:
    _, rows, results = score_simulated(grown_config(400), 3)
    return build_facts(rows, results, ZoneInfo("Europe/Berlin"))


def _log_ratio(ratio: float | None) -> float:
    return math.log(ratio) if ratio is not None and ratio > 0 else 0.0


def _by_id(pieces: Sequence[PieceFacts], values: np.ndarray) -> dict[object, float]:
    return dict(zip([f.content_id for f in pieces], values.tolist(), strict=True))


def _reference_outcomes(tested: Sequence[PieceFacts]) -> dict[str, dict[object, float]]:
    """Raw, adjusted, timing and era-relative outcomes computed piece by piece (the adjusted
    ones detrended by era, docs/SCORING.md §3)."""
    y = np.array([f.relative_views for f in tested])
    newest = max(f.published_at for f in tested)
    design = np.array(
        [
            [
                _log_ratio(f.engagement_ratio),
                _log_ratio(f.retention_ratio),
                float(f.retention_ratio is not None),
                (newest - f.published_at).total_seconds() / 86_400,
            ]
            for f in tested
        ]
    )
    times = np.array([f.published_at.timestamp() for f in tested])
    adjusted = _by_id(tested, detrended(times, y - quality_fit(design, y), 32))
    centre = {
        t: float(np.median([adjusted[f.content_id] for f in tested if f.theme == t]))
        for t in {f.theme for f in tested}
    }
    found: dict[str, dict[object, float]] = {
        "raw": _by_id(tested, y),
        "adjusted": adjusted,
        "timing": {f.content_id: adjusted[f.content_id] - centre[f.theme] for f in tested},
        "versus_platform": {},
        "versus_all": {},
    }
    for name, key in (("versus_platform", lambda f: f.platform), ("versus_all", lambda f: 0)):
        for group in {key(f) for f in tested}:
            members = [f for f in tested if key(f) == group]
            times = np.array([f.published_at.timestamp() for f in members])
            values = np.array([f.log_views for f in members])
            medians = local_medians(times, values, 32, views_trend(logged=True))
            found[name].update(_by_id(members, values - medians))
    return found


def test_outcomes_are_the_per_piece_outcomes_to_the_bit(facts: list[PieceFacts]) -> None:
    tested = [f for f in facts if not f.provisional]
    found = adjust_outcomes(tested)
    for name, expected in _reference_outcomes(tested).items():
        assert getattr(found, name) == expected, name


def test_the_design_holds_exact_ages_in_days(facts: list[PieceFacts]) -> None:
    arrays = fact_arrays(facts)
    newest = max(facts[i].published_at for i in arrays.tested.tolist())
    ages = [(newest - facts[i].published_at).total_seconds() / 86_400 for i in arrays.tested]
    assert _design(arrays, arrays.tested)[:, 3].tolist() == ages


def test_every_group_test_is_the_one_made_piece_by_piece(facts: list[PieceFacts]) -> None:
    arrays = fact_arrays(facts)
    outcomes = outcome_arrays(arrays)
    candidates = all_candidates(Scope(arrays, outcomes, 3, "Europe/Berlin"))
    tested = [f for f in facts if not f.provisional]
    adjusted = adjust_outcomes(tested).adjusted
    themes = [c for c in candidates if c.family == "theme"]
    assert len(themes) >= 2
    for c in themes:
        group = [adjusted[f.content_id] for f in tested if f.theme == c.subject]
        rest = [adjusted[f.content_id] for f in tested if f.theme != c.subject]
        test = compare_groups(group, rest)
        assert test is not None and (c.p_value, c.group_size) == (test.p_value, len(group))
        assert c.group.tolist() == [f.theme == c.subject for f in facts]


def test_claims_name_every_member_piece_by_piece(facts: list[PieceFacts]) -> None:
    claims = discover_patterns(facts, "Europe/Berlin")
    windows = [c for c in claims if c.family == "timing"]
    assert claims and windows
    for c in windows:
        days = {DAYS.index(d) for d in c.extra["days"]}
        width = (c.extra["end_hour"] - c.extra["start_hour"]) % 24 or 24
        hours = {(d * 24 + c.extra["start_hour"] + k) % 168 for d in days for k in range(width)}
        expected = {
            f.content_id
            for f in facts
            if f.local_time is not None and f.local_time.weekday() * 24 + f.local_time.hour in hours
        }
        assert c.members == expected


class _ReferenceScan(timing._Scan):
    """The scan as it was: every shuffled row at once, days sorted along the strided axis, every
    z straight from its formula."""

    def z_parts(self, hour_sums: timing.Array, rows: int = 0) -> Any:
        yield {sign: z for sign, (z, _) in self.z_by_sign(hour_sums).items()}  # every row at once

    def z_by_sign(self, hour_sums: timing.Array) -> dict[int, tuple[timing.Array, np.ndarray]]:
        rows = hour_sums.shape[0]
        sums = (hour_sums @ timing._membership().T).reshape(rows, 7, -1)  # (rows, day, window)
        return {sign: self.prefix_z(sums, float(sign)) for sign in (1, -1)}

    def prefix_z(self, sums: timing.Array, sign: float) -> tuple[timing.Array, np.ndarray]:
        counts = np.broadcast_to(self.cell_counts, sums.shape)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.where(counts > 0, sums / counts, -np.inf * sign)
        order = np.argsort(-sign * means, axis=1, kind="stable")
        size = np.cumsum(np.take_along_axis(counts, order, axis=1), axis=1)
        total = np.cumsum(np.take_along_axis(sums, order, axis=1), axis=1)
        valid = (size >= self.min_size) & (self.n - size >= self.min_size)
        variance = size * (self.n - size) / self.n * self.spread
        z = (total - size * self.mean) / np.sqrt(np.where(valid & (variance > 0), variance, 1.0))
        return np.where(valid, z, np.nan), order

    def shuffles(self, rng: np.random.Generator, scores: timing.Array) -> Any:
        return nullcontext((rng, scores))  # no worker thread: shuffled when asked

    def batch_sums(self, shuffles: Any) -> timing.Array:
        rng, scores = shuffles
        return self.hour_sums(rng.permuted(np.tile(scores, (timing.BATCH, 1)), axis=1))


@pytest.mark.parametrize("n", [40, 700])
def test_the_scan_in_blocks_finds_what_shuffling_every_row_at_once_found(
    n: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(n)
    week_hours = rng.integers(0, 168, n)
    outcomes = rng.normal(size=n) + 0.6 * (week_hours % 24 >= 18)
    monkeypatch.setattr(timing, "SHUFFLE_VALUES", 3 * n)  # three rows a block
    found = timing.scan_windows(week_hours, outcomes)
    monkeypatch.setattr(timing, "_Scan", _ReferenceScan)
    assert found == timing.scan_windows(week_hours, outcomes)


def test_days_with_tied_means_sort_in_calendar_order_as_a_stable_sort_leaves_them() -> None:
    # Two posts an hour, outcomes of three values: many (window, day) cells with equal means.
    week_hours = np.repeat(np.arange(168), 2)
    scan = timing._Scan(week_hours, np.zeros(336) + np.arange(336) % 3, 3)
    reference = _ReferenceScan(week_hours, np.zeros(336) + np.arange(336) % 3, 3)
    hour_sums = np.random.default_rng(2).integers(0, 3, (5, 168)).astype(float)
    hour_sums[:, 100:] = 0.0  # and empty-looking ones: a mean of exactly 0
    found, expected = scan.z_by_sign(hour_sums), reference.z_by_sign(hour_sums)
    for sign in (1, -1):
        assert np.array_equal(found[sign][0], expected[sign][0], equal_nan=True)
        assert np.array_equal(found[sign][1], expected[sign][1])
