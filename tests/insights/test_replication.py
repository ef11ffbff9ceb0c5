"""Replication: a pattern found on older pieces is shown only if it holds on newer ones."""

from __future__ import annotations

import math
import uuid
from dataclasses import replace
from datetime import timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import numpy as np

from bench.truth import grown_config, judge, planted_config, run_engine
from insights import replication
from insights.facts import PieceFacts
from insights.findings import PatternConfig
from insights.patterns import discover_patterns
from insights.replication import split_by_time
from tests.support.builders import NOW

THEMES = ("Tutorials", "Vlogs")


def _piece(i: int, n: int, theme: str, ratio: float) -> PieceFacts:
    published = NOW - timedelta(days=10 + 2 * (n - i))
    return PieceFacts(
        content_id=uuid.uuid4(),
        number=i + 1,
        published_at=published,
        local_time=published.astimezone(ZoneInfo("UTC")),
        theme=theme,
        platform="youtube",
        format_class="long",
        provisional=False,
        view_ratio=ratio,
        engagement_ratio=1.0,
        retention_ratio=1.0,
        log_views=math.log(1000 * ratio),
        engagement_rate=5.0,
        retention_rate=0.4,
        comments_per_like=0.1,
        intent_rate=1.0,
        discussion_score=0.0,
        intent_ratio=1.0,
    )


def _catalogue(newer_reversed: bool, n: int = 200, seed: int = 0) -> list[PieceFacts]:
    """Tutorials do 2x better than vlogs, in the newest half too, or (reversed) 0.85x there."""
    rng = np.random.default_rng(seed)
    facts = []
    for i in range(n):
        theme = THEMES[i % 2]
        newer = i >= n // 2
        lift = (0.85 if newer and newer_reversed else 2.0) if theme == "Tutorials" else 1.0
        facts.append(_piece(i, n, theme, lift * float(np.exp(rng.normal(0, 0.2)))))
    return facts


def _theme_claims(facts: list[PieceFacts], config: PatternConfig) -> dict[str, dict[str, object]]:
    found = discover_patterns(facts, "UTC", config)
    return {f.subject: f.extra for f in found if f.family == "theme"}


def test_the_newest_share_of_pieces_is_the_newer_block() -> None:
    facts = _catalogue(False, n=10)
    older, newer = split_by_time(list(reversed(facts)), 0.3)  # the order given does not matter
    assert [f.number for f in older] == list(range(1, 8))
    assert [f.number for f in newer] == [8, 9, 10]


def test_a_theme_that_held_only_in_the_past_is_not_shown() -> None:
    facts = _catalogue(newer_reversed=True)
    without = _theme_claims(facts, PatternConfig(replication_share=0.0))
    assert "Tutorials" in without  # significant over the whole catalogue
    assert "Tutorials" not in _theme_claims(facts, PatternConfig())


def test_a_theme_that_still_holds_is_shown_with_its_replication_figures() -> None:
    claims = _theme_claims(_catalogue(newer_reversed=False), PatternConfig())
    figures = claims["Tutorials"]["replication"]
    assert isinstance(figures, dict) and figures["status"] == "replicated"
    assert figures["newer_pieces"] == 100 and figures["older_pieces"] == 100
    assert figures["newer_lift"] > 1.05 and figures["older_lift"] > 1.05


def test_every_shown_claim_carries_its_replication_figures() -> None:
    run = run_engine(planted_config(200), 0)
    assert run.claims
    for claim in run.claims:
        figures = claim.extra["replication"]
        assert figures["status"] in ("replicated", "tentative")
        if figures["status"] == "replicated":
            sign = 1 if claim.is_positive else -1
            assert sign * math.log(figures["newer_lift"]) >= math.log(1.05)
        if claim.family == "timing":
            assert "older_window" in figures


def test_a_growing_channel_with_a_drifting_schedule_yields_no_timing_or_theme_claim() -> None:
    for seed in (0, 1):
        run = run_engine(grown_config(300, planted=False), seed)
        assert not [c.key for c in run.claims if c.family in ("timing", "theme")]


def test_planted_effects_are_still_found_on_a_growing_channel() -> None:
    verdict = judge(grown_config(200), 4)  # one seed; the bench gives the rates over many
    assert verdict.good_window and verdict.poor_window and verdict.theme_order
    assert verdict.category_agreement >= 0.8


def test_a_window_the_schedule_drifted_into_is_checked_as_claimed() -> None:
    # Seed 12: 23-05 h holds 10 of the older half's posts; the older half's own scan finds
    # 20-02 h instead, whose newer posts are ordinary, so the rescan would drop a real window.
    assert judge(grown_config(200), 12).poor_window
    with mock.patch.object(replication, "WINDOW_CHECK", "rescan"):
        assert not judge(grown_config(200), 12).poor_window


def test_the_claims_without_replication_are_a_superset() -> None:
    config = planted_config(200)
    shown = {c.key for c in run_engine(config, 1).claims}
    every = {
        c.key for c in run_engine(config, 1, replace(PatternConfig(), replication_share=0)).claims
    }
    assert shown <= every
