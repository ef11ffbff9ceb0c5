"""Every simulated piece is internally consistent and passes the pipeline's validation."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from insights.metrics import SHORT_FORM, format_class
from insights.validation import validate_records
from simulator import NICHES, SimulatedPiece, SimulationConfig, generate_pieces
from simulator.draws import CONTENT_MIX
from tests.support.simulated_data import NOW, is_video

CASES = [(niche, seed) for seed, niche in enumerate(NICHES)]


@pytest.fixture(scope="module", params=CASES, ids=[c[0] for c in CASES])
def pieces(request: pytest.FixtureRequest) -> list[SimulatedPiece]:
    niche, seed = request.param
    timezone = ("UTC", "Europe/Berlin", "America/Los_Angeles", "Australia/Sydney")[seed % 4]
    config = SimulationConfig(niche=niche, pieces=250, timezone=timezone, profile="small")
    return generate_pieces(config, seed=seed, now=NOW)


def test_records_pass_the_pipeline_validation(pieces: list[SimulatedPiece]) -> None:
    assert len(validate_records(p.record for p in pieces)) == len(pieces)


def test_counts_are_ordered(pieces: list[SimulatedPiece]) -> None:
    for piece in pieces:
        m = piece.record.metrics
        assert min(m.views, m.likes, m.comments, m.shares, m.saves) >= 0
        if is_video(piece):
            assert m.likes + m.comments + m.shares + m.saves <= m.views
            assert m.views > 0
        else:
            # Instagram reports views for photos and carousels too: at least their reach.
            assert m.reach and m.views is not None and m.views >= m.reach >= m.likes
        if m.reach is not None and m.impressions is not None:
            assert m.reach <= m.impressions
        if piece.record.platform == "instagram" and is_video(piece):
            assert m.reach is not None and m.reach <= m.views


def test_retention_and_watch_time_agree(pieces: list[SimulatedPiece]) -> None:
    for piece in pieces:
        m = piece.record.metrics
        duration = piece.record.duration_seconds
        if not is_video(piece):
            assert m.retention_rate is None and m.watch_time_hours is None and duration is None
            continue
        assert m.retention_rate is not None and 0 <= m.retention_rate <= 1
        assert duration is not None and m.avg_view_duration_seconds is not None
        assert m.avg_view_duration_seconds == pytest.approx(m.retention_rate * duration)
        assert m.watch_time_hours == pytest.approx(m.views * m.avg_view_duration_seconds / 3600)


def test_early_figures_never_exceed_later_ones(pieces: list[SimulatedPiece]) -> None:
    for piece in pieces:
        m = piece.record.metrics
        age = NOW - piece.record.published_at
        assert (m.likes_24h is None) == (age < timedelta(days=1))
        if is_video(piece):
            assert (m.views_24h is None) == (age < timedelta(days=1))
            assert (m.views_48h is None) == (age < timedelta(days=2))
        if m.views_24h is not None and m.views_48h is not None:
            assert m.views_24h <= m.views_48h
        for early, lifetime in (
            (m.views_24h, m.views),
            (m.views_48h, m.views),
            (m.likes_24h, m.likes),
        ):
            assert early is None or early <= lifetime


def test_formats_fit_their_platforms(pieces: list[SimulatedPiece]) -> None:
    for piece in pieces:
        record = piece.record
        assert record.content_type in dict(CONTENT_MIX[record.platform])
        short = record.content_type in ("short", "reel") or record.platform == "tiktok"
        if short:
            assert format_class(record.content_type, record.duration_seconds) == SHORT_FORM


def test_pieces_fall_in_the_last_90_days(pieces: list[SimulatedPiece]) -> None:
    for piece in pieces:
        published = piece.record.published_at
        assert published.utcoffset() == timedelta(0)
        assert NOW - timedelta(days=91) <= published < NOW
    assert min(p.record.published_at for p in pieces) < NOW - timedelta(days=80)


def test_engagement_counts_are_whole_and_finite(pieces: list[SimulatedPiece]) -> None:
    for piece in pieces:
        m = piece.record.metrics
        for value in (m.views, m.likes, m.comments, m.shares, m.saves, m.followers_gained):
            assert isinstance(value, int)
        assert all(math.isfinite(v) for v in (m.watch_time_hours or 0, m.retention_rate or 0))
