"""The latest pieces against the creator's other judged pieces."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from insights.recent_run import recent_run
from insights.refresh import refresh_all
from storage import Database
from storage.errors import InvalidInput
from storage.models import Creator
from tests.support.builders import NOW, Spec, add_pieces, scored_creator


def _piece(views: int, days_ago: float, **fields: object) -> Spec:
    """A piece whose engagement goes with its views, published ``days_ago``."""
    counts = {"likes": views // 20, "comments": views // 200, "shares": views // 500}
    spec = Spec(views=views, saves=views // 300, published_at=NOW - timedelta(days=days_ago))
    return replace(spec, **counts, **fields)  # type: ignore[arg-type]


def _history(latest_views: int) -> list[Spec]:
    """Twenty older pieces of 4,000-6,000 views, then five latest ones of ``latest_views``."""
    older = [_piece(4000 + 100 * n, 100 - 3 * n) for n in range(20)]
    return older + [_piece(latest_views + 10 * n, 20 - 2 * n) for n in range(5)]


def test_latest_pieces_that_did_better_score_above_the_others(db: Database) -> None:
    creator_id = scored_creator(db, _history(latest_views=20_000))
    with db.read() as session:
        run = recent_run(session, creator_id, NOW, 5)
    assert [p.number for p in run.pieces] == [25, 24, 23, 22, 21]  # newest first
    assert len(run.scores) == 5 and run.usual is not None and run.median is not None
    assert run.median > run.usual and run.above == 5


def test_latest_pieces_that_did_worse_score_below_the_others(db: Database) -> None:
    creator_id = scored_creator(db, _history(latest_views=500))
    with db.read() as session:
        run = recent_run(session, creator_id, NOW, 3)
    assert len(run.pieces) == 3
    assert run.median is not None and run.usual is not None and run.median < run.usual
    assert run.above == 0


def test_newer_pieces_too_young_or_of_unknown_views_are_passed_over_and_counted(
    db: Database,
) -> None:
    young = _piece(90_000, 0.1)
    unknown = replace(_piece(1000, 1), views=None)  # type: ignore[arg-type]
    creator_id = scored_creator(db, [*_history(5000), unknown, young])
    with db.read() as session:
        run = recent_run(session, creator_id, NOW, 4)
    assert [p.number for p in run.pieces] == [25, 24, 23, 22]
    assert len(run.scores) == 4 and run.passed_over == 2  # the young piece and the unknown one


def test_when_nothing_is_judged_yet_nothing_is_listed(db: Database) -> None:
    creator_id = scored_creator(db, [_piece(1000, 0.1), _piece(2000, 0.2)])
    with db.read() as session:
        run = recent_run(session, creator_id, NOW)
    assert (run.pieces, run.scores, run.usual, run.passed_over) == ([], [], None, 2)


def test_one_platform_is_compared_with_its_own_pieces(db: Database) -> None:
    reels = [_piece(1000, 50 - n, platform="instagram", content_type="reel") for n in range(6)]
    creator_id = scored_creator(db, [*_history(5000), *reels])
    with db.read() as session:
        run = recent_run(session, creator_id, NOW, 2, "instagram")
    assert {p.platform for p in run.pieces} == {"instagram"}
    assert [p.number for p in run.pieces] == [31, 30]


@pytest.mark.parametrize("count", [0, 21])
def test_a_count_out_of_bounds_is_refused_by_name(db: Database, count: int) -> None:
    creator_id = scored_creator(db, _history(5000))
    with db.read() as session, pytest.raises(InvalidInput, match="1 to 20"):
        recent_run(session, creator_id, NOW, count)


def test_a_cached_run_follows_the_next_write(db: Database) -> None:
    creator_id = scored_creator(db, _history(latest_views=20_000))
    with db.read() as session:
        before = recent_run(session, creator_id, NOW, 5)
    with db.unit_of_work() as s:
        creator = s.get(Creator, creator_id)
        assert creator is not None
        add_pieces(s, creator, [_piece(300, 10)])
        refresh_all(s, creator_id, NOW)
    with db.read() as session:
        after = recent_run(session, creator_id, NOW, 5)
    assert after.pieces[0].number == 26 != before.pieces[0].number
