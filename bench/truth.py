"""Judging the insights engine against the simulator's planted truth (used by the truth benchmark
and by tests/insights/test_truth.py).

The engine runs in memory on the simulator's records (the same row shape storage would load, the
same scoring and pattern code), so many seeds run quickly. Every claim is judged against what was
planted: a claim is true when the planted effect of its group, against the rest of the tested
pieces, has the claimed sign.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np

from insights.facts import PieceFacts, build_facts
from insights.findings import DEFAULT_PATTERNS, Finding, PatternConfig, adjust_outcomes
from insights.frame import PieceRow, row_from_record
from insights.patterns import discover_patterns
from insights.score_math import UNDERPERFORMING, ScoreResult
from insights.scoring import DEFAULT_SCORING, ScoringConfig, score_rows
from simulator import SimulatedPiece, SimulationConfig, TimeSlot, generate_pieces

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
# A planted difference smaller than this (in log units) counts as no effect.
PLANTED_EPSILON = 0.02
# Another best window (Tue/Fri/Sun late morning) and other poor ones (early mornings every day,
# Mon/Tue evenings), about as much of the posting week as the seed's.
CHANGED_WINDOWS = {
    "good_slots": (TimeSlot((1, 4, 6), 9, 14),),
    "poor_slots": (TimeSlot((0, 1, 2, 3, 4, 5, 6), 5, 8), TimeSlot((0, 1), 18, 23)),
}
CHANGED_THEMES = ("Vlogs", "Reviews", "Tutorials", "Tips")


def planted_config(pieces: int, *, changed: bool = False) -> SimulationConfig:
    """The seed's effects, or (changed) another best/poor window and another theme order."""
    if not changed:
        return SimulationConfig(pieces=pieces)
    return SimulationConfig(pieces=pieces, theme_ranking=CHANGED_THEMES, **CHANGED_WINDOWS)


@dataclass
class RunVerdict:
    """How one engine run compares with the planted truth."""

    claims: int = 0
    false_claims: list[str] = field(default_factory=list)
    good_window: bool = False
    poor_window: bool = False
    theme_order: bool = False
    theme_medians_in_order: bool = False
    category_agreement: float = 0.0
    # Underperforming pieces among the oldest and the newest third (by publish time).
    under_oldest: float = 0.0
    under_newest: float = 0.0


@dataclass(frozen=True)
class _Truth:
    config: SimulationConfig
    by_id: dict[object, SimulatedPiece]

    def slot_lift(self, piece: SimulatedPiece) -> float:
        lift = {"good": self.config.good_slot_lift, "poor": self.config.poor_slot_lift}
        return math.log(lift.get(piece.slot, 1.0))

    def theme_lift(self, piece: SimulatedPiece) -> float:
        ranked = self.config.ranked_themes
        theme = piece.record.theme or ""
        return math.log(self.config.theme_lifts[ranked.index(theme)]) if theme in ranked else 0.0

    def platform_value(self, piece: SimulatedPiece, metric: str) -> float:
        platform = str(piece.record.platform)
        if metric == "views":
            return math.log(self.config.platform_view_lift[platform])
        if metric == "engagement":
            return math.log(self.config.platform_engagement[platform])
        return self.config.platform_retention[platform]

    def categories_on(self) -> bool:
        over, under = self.config.overperforming, self.config.underperforming
        return over.share > 0 or under.share > 0


def _planted_difference(
    truth: _Truth, finding: Finding, tested: Sequence[PieceFacts], value: object
) -> float:
    pool = [f for f in tested if finding.family != "timing" or f.local_time is not None]
    inside = [value(truth.by_id[f.content_id]) for f in pool if f.content_id in finding.members]  # type: ignore[operator]
    outside = [
        value(truth.by_id[f.content_id]) for f in pool if f.content_id not in finding.members
    ]  # type: ignore[operator]
    if not inside or not outside:
        return 0.0
    return float(np.mean(inside) - np.mean(outside))


def planted_sign(truth: _Truth, finding: Finding, tested: Sequence[PieceFacts]) -> int:
    """+1 / -1 when the simulator planted an effect of that sign for the claim's group, else 0."""
    if finding.family in ("timing", "theme", "platform"):
        if finding.family == "timing":
            value = truth.slot_lift
        elif finding.family == "theme":
            value = truth.theme_lift
        else:
            metric = finding.metric

            def value(p: SimulatedPiece) -> float:
                return truth.platform_value(p, metric)

        diff = _planted_difference(truth, finding, tested, value)
        return 0 if abs(diff) < PLANTED_EPSILON else (1 if diff > 0 else -1)
    # Category effects move views, engagement and retention together, so pieces that are shared
    # and saved more, or hold viewers better, really do reach further when categories are on.
    planted_by_category = {
        "engagement:high_intent": 1,
        "retention:weak_hook": -1,
        "retention:strong_hook": 1,
    }
    return planted_by_category.get(finding.key, 0) if truth.categories_on() else 0


@dataclass(frozen=True)
class EngineRun:
    """One engine run on simulated pieces: the pieces, their scores, facts and claims."""

    pieces: list[SimulatedPiece]
    results: list[ScoreResult]
    facts: list[PieceFacts]
    claims: list[Finding]

    @property
    def category_agreement(self) -> float:
        """The share of pieces whose scored category is the planted one."""
        pairs = zip(self.results, self.pieces, strict=True)
        return sum(r.performance_category == p.planted_category for r, p in pairs) / max(
            1, len(self.pieces)
        )

    def under_share_by_third(self) -> tuple[float, float]:
        """The underperforming share of the oldest and of the newest third of the pieces."""
        return under_share_by_third(self.pieces, self.results)


def under_share_by_third(
    pieces: Sequence[SimulatedPiece], results: Sequence[ScoreResult]
) -> tuple[float, float]:
    """The underperforming share of the oldest and of the newest third (by publish time)."""
    order = sorted(range(len(pieces)), key=lambda i: pieces[i].record.published_at)
    third = max(1, len(order) // 3)

    def share(indexes: list[int]) -> float:
        under = sum(results[i].performance_category == UNDERPERFORMING for i in indexes)
        return under / max(1, len(indexes))

    return share(order[:third]), share(order[-third:])


def score_simulated(
    config: SimulationConfig, seed: int, scoring: ScoringConfig = DEFAULT_SCORING
) -> tuple[list[SimulatedPiece], list[PieceRow], list[ScoreResult]]:
    """Simulate one seed and score its pieces in memory."""
    pieces = generate_pieces(config, seed=seed, now=NOW)
    rows = [row_from_record(p.record, i + 1) for i, p in enumerate(pieces)]
    return pieces, rows, score_rows(rows, NOW, scoring)


def run_engine(
    config: SimulationConfig, seed: int, patterns: PatternConfig = DEFAULT_PATTERNS
) -> EngineRun:
    """Simulate, score and discover."""
    pieces, rows, results = score_simulated(config, seed)
    facts = build_facts(rows, results, ZoneInfo(config.timezone))
    return EngineRun(pieces, results, facts, discover_patterns(facts, config.timezone, patterns))


def _theme_medians_in_order(facts: Sequence[PieceFacts], ranked: Sequence[str]) -> bool:
    tested = [f for f in facts if not f.provisional]
    adjusted = adjust_outcomes(tested).adjusted
    medians = []
    for theme in ranked:
        values = [adjusted[f.content_id] for f in tested if f.theme == theme]
        if not values:
            return False
        medians.append(float(np.median(values)))
    return all(a > b for a, b in itertools.pairwise(medians))


def _theme_order(claims: Sequence[Finding], ranked: Sequence[str], wrong: bool) -> bool:
    """Best theme claimed positive, worst claimed negative, and no theme claim that is wrong."""
    themes = {c.subject: c.is_positive for c in claims if c.family == "theme"}
    return themes.get(ranked[0]) is True and themes.get(ranked[-1]) is False and not wrong


def judge(
    config: SimulationConfig, seed: int, patterns: PatternConfig = DEFAULT_PATTERNS
) -> RunVerdict:
    """Run the engine on one seed and judge every claim against the planted truth."""
    run = run_engine(config, seed, patterns)
    pieces, facts, claims = run.pieces, run.facts, run.claims
    truth = _Truth(config, {f.content_id: p for f, p in zip(facts, pieces, strict=True)})
    tested = [f for f in facts if not f.provisional]
    oldest, newest = run.under_share_by_third()
    verdict = RunVerdict(
        claims=len(claims),
        category_agreement=run.category_agreement,
        under_oldest=oldest,
        under_newest=newest,
    )
    wrong_theme = False
    for claim in claims:
        sign = planted_sign(truth, claim, tested)
        right = sign == (1 if claim.is_positive else -1)
        if not right:
            verdict.false_claims.append(f"{claim.key}{'+' if claim.is_positive else '-'}")
            wrong_theme = wrong_theme or claim.family == "theme"
        elif claim.family == "timing":
            verdict.good_window = verdict.good_window or claim.is_positive
            verdict.poor_window = verdict.poor_window or not claim.is_positive
    ranked = config.ranked_themes
    verdict.theme_order = _theme_order(claims, ranked, wrong_theme)
    verdict.theme_medians_in_order = _theme_medians_in_order(facts, ranked)
    return verdict


# The trap of real catalogues: views x3 over a year, most of it in a breakout mid-way, while
# the posting hours drift 8 hours later; every planted effect of the seed, or none of them.
GROWTH = {"days": 365, "view_growth": 3.0, "growth_shape": "breakout", "schedule_drift_hours": 8}


def grown_config(pieces: int, *, planted: bool = True) -> SimulationConfig:
    """A growing channel with a drifting schedule: the seed's effects, or (planted=False) none."""
    if planted:
        return SimulationConfig(pieces=pieces, **GROWTH)  # type: ignore[arg-type]
    return SimulationConfig.null(pieces=pieces, **GROWTH)
