"""The read side: dashboard, content list and detail, themes, platforms, patterns."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from insights.refresh import refresh_creator
from insights.views import (
    build_dashboard,
    content_detail,
    creator_patterns,
    list_content,
    list_themes,
    platform_comparison,
    posting_windows,
)
from storage import Database
from storage.errors import InvalidInput, NotFound
from storage.models import ContentPerformance, ContentPiece
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW, Spec, add_pieces, make_creator


def test_dashboard_matches_the_stored_rows(db: Database) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.read() as s:
        board = build_dashboard(s, creator, period="30d", now=NOW)
        since = NOW - timedelta(days=30)
        views, count = s.execute(
            select(func.sum(ContentPerformance.views), func.count())
            .join(ContentPiece, ContentPiece.id == ContentPerformance.content_id)
            .where(ContentPiece.creator_id == creator, ContentPiece.published_at >= since)
        ).one()
    summary = board.summary
    assert summary.total_content == count and summary.total_views == views
    parts = (summary.overperforming_count, summary.normal_count, summary.underperforming_count)
    assert sum(parts) + summary.provisional_count == summary.total_content
    assert summary.engagement_trend in {"up", "down", "flat"}
    assert sum(p.content_count for p in board.platform_comparison) == count
    assert sum(t.content_count for t in board.themes) == count
    scores = [p.performance.performance_score for p in board.top_performers]
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
    for item in board.top_performers:
        assert item.performance.performance_category == "overperforming"
        assert not item.performance.is_provisional
        assert item.published_at.utcoffset() in {timedelta(hours=1), timedelta(hours=2)}
    assert all(
        p.performance.performance_category == "underperforming" for p in board.needs_attention
    )
    assert board.insights and all(
        i.insight_type in {"pattern", "recommendation"} for i in board.insights
    )


def test_dashboard_filters_by_platform_and_rejects_unknown_inputs(db: Database) -> None:
    creator = simulated_creator(db, pieces=60)
    with db.read() as s:
        board = build_dashboard(s, creator, period="all", platform="TikTok", now=NOW)
        assert [p.platform for p in board.platform_comparison] == ["tiktok"]
        assert all(p.platform == "tiktok" for p in board.top_performers + board.needs_attention)
        with pytest.raises(InvalidInput, match="unknown period '14d'"):
            build_dashboard(s, creator, period="14d", now=NOW)
        with pytest.raises(InvalidInput, match="unknown platform 'myspace'"):
            build_dashboard(s, creator, platform="myspace", now=NOW)


@pytest.mark.parametrize(
    ("old_rate", "new_rate", "trend"), [(2.0, 5.0, "up"), (5.0, 2.0, "down"), (4.0, 4.1, "flat")]
)
def test_engagement_trend_compares_with_the_previous_period(
    db: Database, old_rate: float, new_rate: float, trend: str
) -> None:
    specs = [
        Spec(engagement_rate=old_rate, published_at=NOW - timedelta(days=8 + i)) for i in range(5)
    ]
    specs += [
        Spec(engagement_rate=new_rate, published_at=NOW - timedelta(days=1 + i)) for i in range(5)
    ]
    with db.unit_of_work() as s:
        creator = make_creator(s)
        add_pieces(s, creator, specs)
        refresh_creator(s, creator.id, NOW)
    with db.read() as s:
        board = build_dashboard(s, creator.id, period="7d", now=NOW)
    assert board.summary.engagement_trend == trend


def test_content_list_pages_filters_and_sorts(db: Database) -> None:
    creator = simulated_creator(db, pieces=45)
    with db.read() as s:
        first = list_content(s, creator, sort="views", page=1, page_size=20)
        last = list_content(s, creator, sort="views", page=3, page_size=20)
        assert (first.total, first.pages, len(first.items), len(last.items)) == (45, 3, 20, 5)
        views = [i.performance.views for i in first.items + last.items]
        assert views[:20] == sorted(views[:20], reverse=True)
        tips = list_content(s, creator, theme="tips", page_size=100)
        assert tips.items and {i.theme for i in tips.items} == {"Tips"}
        under = list_content(s, creator, category="underperforming", page_size=100)
        assert {i.performance.performance_category for i in under.items} <= {"underperforming"}
        with pytest.raises(InvalidInput, match="page 4 is past the end"):
            list_content(s, creator, page=4, page_size=20)
        with pytest.raises(InvalidInput, match="unknown theme 'cats'"):
            list_content(s, creator, theme="cats")
        with pytest.raises(InvalidInput, match="unknown sort"):
            list_content(s, creator, sort="likes")


def test_content_detail_compares_with_the_group_and_lists_factors(db: Database) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.read() as s:
        best = list_content(s, creator, sort="score", page_size=1).items[0]
        detail = content_detail(s, creator, best.number, now=NOW)
    assert detail.number == best.number and detail.metrics.views == best.performance.views
    assert detail.comparison is not None and detail.comparison.view_ratio > 1
    assert detail.comparison.group_size >= 5
    assert all(f.insight_type == "success_factor" for f in detail.success_factors)
    assert all(f.insight_type == "failure_factor" for f in detail.failure_factors)


def test_another_creators_piece_is_not_found(db: Database) -> None:
    mine = simulated_creator(db, pieces=10, handle="mia")
    with db.unit_of_work() as s:
        other = make_creator(s, "bo")
        add_pieces(s, other, [Spec() for _ in range(3)])
        other_id = other.id
    with db.read() as s:
        with pytest.raises(NotFound, match="no piece #11"):
            content_detail(s, mine, 11, now=NOW)
        with pytest.raises(NotFound):
            content_detail(s, other_id, 4, now=NOW)
        assert content_detail(s, other_id, 3, now=NOW).number == 3


def test_a_creator_with_no_content_gets_empty_views(db: Database) -> None:
    with db.unit_of_work() as s:
        creator = make_creator(s).id
    with db.read() as s:
        board = build_dashboard(s, creator, period="all", now=NOW)
        page = list_content(s, creator)
        assert board.summary.total_content == 0 and board.summary.avg_engagement_rate is None
        assert board.top_performers == [] and board.insights == []
        assert (page.total, page.items) == (0, [])
        assert list_themes(s, creator) == [] and creator_patterns(s, creator) == []
        assert platform_comparison(s, creator, period="all", now=NOW) == []
        windows = posting_windows(s, creator)
        assert windows.best is None and windows.worst is None


def test_themes_and_posting_windows_come_from_stored_rows(db: Database) -> None:
    creator = simulated_creator(db, pieces=200)
    with db.read() as s:
        themes = list_themes(s, creator)
        windows = posting_windows(s, creator)
        patterns = creator_patterns(s, creator)
    assert next(t.theme for t in themes) == "Tutorials" and [t.theme for t in themes][-1] == "Vlogs"
    assert windows.timezone == "Europe/Berlin"
    assert windows.best is not None and windows.best.is_positive
    assert windows.best.supporting_data["timezone"] == "Europe/Berlin"
    assert all(p.insight_type == "pattern" for p in patterns)


def test_detail_comparison_matches_scoring_over_every_piece(db: Database) -> None:
    from insights.content import comparison_of
    from insights.frame import load_rows
    from insights.scoring import score_rows

    creator = simulated_creator(db, pieces=60)
    with db.read() as s:
        results = {r.content_id: r for r in score_rows(load_rows(s, creator), NOW)}
        for number in (1, 17, 42, 60):
            detail = content_detail(s, creator, number, now=NOW)
            expected = comparison_of(results[uuid.UUID(detail.id)])
            assert detail.comparison == expected


@pytest.mark.parametrize("period", ["7d", "30d", "all"])
def test_platform_comparison_counts_and_sums_each_platforms_pieces(
    db: Database, period: str
) -> None:
    creator = simulated_creator(db, pieces=150)
    days = {"7d": 7, "30d": 30}.get(period)
    with db.read() as s:
        stats = platform_comparison(s, creator, period=period, now=NOW)
        query = (
            select(ContentPiece.platform, func.count(), func.sum(ContentPerformance.views))
            .join(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
            .where(ContentPiece.creator_id == creator)
            .group_by(ContentPiece.platform)
        )
        if days is not None:
            query = query.where(ContentPiece.published_at >= NOW - timedelta(days=days))
        expected = {row[0]: (row[1], row[2]) for row in s.execute(query)}
    assert {p.platform: (p.content_count, p.total_views) for p in stats} == expected
