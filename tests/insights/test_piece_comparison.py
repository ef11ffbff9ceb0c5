"""A piece's comparison block, read from database aggregates, equals what a full rescoring gives."""

from __future__ import annotations

from datetime import timedelta

import pytest

from insights.content import comparison_of, content_detail
from insights.frame import load_rows
from insights.scoring import score_rows
from storage import Database
from storage.models import ContentPiece
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW, Spec, add_pieces, make_creator


def _assert_every_piece_matches(db: Database, creator_id: object) -> int:
    """Every piece's detail comparison against a full rescoring; returns how many were checked."""
    with db.read() as s:
        rows = load_rows(s, creator_id)  # type: ignore[arg-type]
        expected = {r.content_id: comparison_of(r) for r in score_rows(rows, NOW)}
        for row in rows:
            detail = content_detail(s, creator_id, row.number, now=NOW)  # type: ignore[arg-type]
            assert detail.comparison == expected[row.content_id], row.number
    return len(rows)


def test_every_simulated_piece_matches_a_full_rescoring(db: Database) -> None:
    creator = simulated_creator(db, pieces=150, seed=3)
    assert _assert_every_piece_matches(db, creator) == 150


def _young(days: float, **figures: object) -> Spec:
    return Spec(published_at=NOW - timedelta(days=days), **figures)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "specs",
    [
        # Too few mature pieces: the pool is every piece; young ones compare on 24 h figures.
        [_young(2, views=900 + i * 50, views_24h=100 + i, likes_24h=5 + i) for i in range(6)]
        + [_young(30, views=2000 + i * 10) for i in range(4)],
        # A thin platform falls back to everything; Instagram posts count reach; one piece
        # has no views at all and no stored engagement, so the platform formula decides.
        [_young(40 + i, views=1000 + 37 * i, retention_rate=0.3 + i / 100) for i in range(12)]
        + [
            _young(20, platform="instagram", content_type="post", views=0, reach=800),
            _young(21, platform="instagram", content_type="reel", views=500, reach=0),
            _young(3, platform="instagram", content_type="reel", views=50, views_24h=0),
        ]
        + [_young(1, views=300, views_24h=200, likes_24h=None, engagement_rate=7.5)],
        # Short videos by duration, stored engagement on some, retention missing on others.
        [
            _young(10 + i, duration_seconds=30 + 10 * (i % 5), engagement_rate=i or None)
            for i in range(20)
        ]
        + [_young(50 + i, retention_rate=None, views=10_000 - i) for i in range(9)],
        # Young TikToks compare on 24 h figures that only the (mature) YouTube pieces have.
        [_young(20 + i, views=900 + i, views_24h=300 + 9 * i, likes_24h=10 + i) for i in range(10)]
        + [
            _young(2 + i, platform="tiktok", content_type="short", views=50, views_24h=40 * i)
            for i in range(3)
        ],
    ],
)
def test_hand_made_catalogues_match_a_full_rescoring(db: Database, specs: list[Spec]) -> None:
    with db.unit_of_work() as s:
        creator = make_creator(s)
        add_pieces(s, creator, specs)
        creator_id = creator.id
    from insights.scoring import rescore_creator

    with db.unit_of_work() as s:
        rescore_creator(s, creator_id, NOW)
    assert _assert_every_piece_matches(db, creator_id) == len(specs)


def test_another_creators_pieces_do_not_enter_the_medians(db: Database) -> None:
    with db.unit_of_work() as s:
        mine, theirs = make_creator(s, "mine"), make_creator(s, "theirs")
        add_pieces(s, mine, [Spec(views=1000 + i) for i in range(10)])
        add_pieces(s, theirs, [Spec(views=1_000_000) for _ in range(30)])
        mine_id = mine.id
    with db.read() as s:
        detail = content_detail(s, mine_id, 1, now=NOW)
        assert s.query(ContentPiece).count() == 40
    assert detail.comparison is not None
    assert detail.comparison.group_size == 10 and detail.comparison.median_views == 1004.5


def test_a_write_or_a_piece_coming_of_age_gives_a_fresh_comparison(db: Database) -> None:
    from insights.scoring import rescore_creator

    young = [_young(3, views=5000 + i, views_24h=400 + i, likes_24h=20) for i in range(3)]
    with db.unit_of_work() as s:
        creator = make_creator(s)
        add_pieces(s, creator, [Spec(views=1000 + 10 * i) for i in range(9)] + young)
        creator_id = creator.id
    with db.read() as s:
        before = content_detail(s, creator_id, 1, now=NOW).comparison
    assert before is not None and before.group_size == 9
    with db.unit_of_work() as s:  # an ORM write renews the data stamp
        creator = s.get(type(creator), creator_id)
        assert creator is not None
        add_pieces(s, creator, [Spec(views=90_000)])
        rescore_creator(s, creator_id, NOW)
    with db.read() as s:
        after = content_detail(s, creator_id, 1, now=NOW).comparison
    assert after is not None and after.group_size == 10 and after.median_views > before.median_views
    _assert_every_piece_matches(db, creator_id)
    later = NOW + timedelta(days=5)  # the three young pieces are mature now and join the pool
    with db.read() as s:
        rows = load_rows(s, creator_id)
        expected = {r.content_id: comparison_of(r) for r in score_rows(rows, later)}
        aged = content_detail(s, creator_id, 1, now=later)
    assert aged.comparison is not None and aged.comparison.group_size == 13
    assert aged.comparison == expected[rows[0].content_id]
