"""Rescoring through storage, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from insights.scoring import rescore_creator
from storage import Database
from storage.models import ContentPerformance, ContentPiece
from tests.support.builders import NOW, Spec, add_pieces, make_creator


def _scores(db: Database) -> dict[int, Any]:
    """Stored score columns by piece number."""
    P = ContentPerformance
    with db.read() as s:
        rows = s.execute(
            select(
                ContentPiece.number,
                P.performance_score,
                P.percentile_rank,
                P.performance_category,
                P.is_provisional,
                P.scored_at,
            ).join(P, P.content_id == ContentPiece.id)
        ).all()
    return {r.number: r for r in rows}


def test_rescore_stores_scores_categories_and_percentiles(db: Database) -> None:
    specs = [Spec(views=10_000 + 100 * i, likes=500 + 5 * i) for i in range(10)]
    specs += [Spec(views=40_000, likes=4_000, shares=20, saves=30, retention_rate=0.6)]
    specs += [Spec(views=2_000, likes=40, shares=0, saves=0, retention_rate=0.2)]
    with db.unit_of_work() as s:
        creator = make_creator(s)
        add_pieces(s, creator, specs)
        assert rescore_creator(s, creator.id, NOW) == 12
    scores = _scores(db)
    assert scores[11].performance_category == "overperforming"
    assert scores[12].performance_category == "underperforming"
    assert {scores[n].performance_category for n in range(1, 11)} == {"normal"}
    assert scores[11].percentile_rank > 90 > scores[1].percentile_rank > scores[12].percentile_rank
    assert all(p.scored_at == NOW for p in scores.values())


def test_rescoring_again_rewrites_only_what_changed(db: Database) -> None:
    with db.unit_of_work() as s:
        creator = make_creator(s)
        add_pieces(s, creator, [Spec(views=10_000 + 50 * i) for i in range(8)])
        rescore_creator(s, creator.id, NOW)
    later = NOW + timedelta(hours=1)
    with db.unit_of_work() as s:
        rescore_creator(s, creator.id, later)
    assert {p.scored_at for p in _scores(db).values()} == {NOW}


def test_young_pieces_are_provisional_until_seven_days_old(db: Database) -> None:
    specs = [Spec(views=10_000, views_24h=4_000, likes_24h=200) for _ in range(6)]
    specs.append(
        Spec(views=3_000, views_24h=3_000, likes_24h=150, published_at=NOW - timedelta(days=2))
    )
    with db.unit_of_work() as s:
        creator = make_creator(s)
        add_pieces(s, creator, specs)
        rescore_creator(s, creator.id, NOW)
    assert _scores(db)[7].is_provisional
    with db.unit_of_work() as s:
        rescore_creator(s, creator.id, NOW + timedelta(days=6))
    assert not _scores(db)[7].is_provisional


def test_one_creator_is_never_scored_against_another(db: Database) -> None:
    with db.unit_of_work() as s:
        mia = make_creator(s, "mia")
        bo = make_creator(s, "bo")
        add_pieces(s, mia, [Spec(views=1_000) for _ in range(6)])
        add_pieces(s, bo, [Spec(views=1_000_000) for _ in range(6)])
        rescore_creator(s, mia.id, NOW)
        rescore_creator(s, bo.id, NOW)
        stored = s.scalars(select(ContentPerformance.performance_category)).all()
    assert set(stored) == {"normal"}


@pytest.mark.parametrize("platform", ["instagram"])
def test_image_posts_are_compared_on_reach(db: Database, platform: str) -> None:
    specs = [
        Spec(
            platform=platform,
            content_type="carousel",
            duration_seconds=None,
            views=0,
            reach=5_000,
            likes=250,
            retention_rate=None,
        )
        for _ in range(6)
    ]
    specs.append(
        Spec(
            platform=platform,
            content_type="carousel",
            duration_seconds=None,
            views=0,
            reach=20_000,
            likes=1_000,
            retention_rate=None,
        )
    )
    with db.unit_of_work() as s:
        creator = make_creator(s)
        add_pieces(s, creator, specs)
        rescore_creator(s, creator.id, NOW)
    assert _scores(db)[7].performance_category == "overperforming"
