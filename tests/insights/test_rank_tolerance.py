"""After a write, a percentile rank is stored again only once it moved by ``RANK_TOLERANCE``.

On SQLite and PostgreSQL: stored ranks are nudged away from the exact ones by less and by more
than the tolerance; the column write keeps the first and rewrites the second, a write with no
tolerance (the full refresh's) rewrites both, and the refresh after a write leaves every stored
rank within the tolerance of the exact one.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update

from insights.piece_columns import load_columns
from insights.score_columns import score_columns
from insights.scoring import DEFAULT_SCORING, RANK_TOLERANCE, write_column_scores
from storage import Database
from storage.models import ContentPerformance, ContentPiece
from tests.support.builders import NOW, Spec, scored_creator

P = ContentPerformance
NEAR, FAR = 0.4 * RANK_TOLERANCE, 1.5 * RANK_TOLERANCE


def _ranks(db: Database) -> dict[int, float]:
    with db.read() as s:
        rows = s.execute(
            select(ContentPiece.number, P.percentile_rank).join(P, P.content_id == ContentPiece.id)
        ).all()
    return {number: rank for number, rank in rows}


def _catalogue(db: Database) -> uuid.UUID:
    specs = [
        Spec(views=5_000 + 700 * i, likes=200 + 9 * i, published_at=NOW - timedelta(days=20 + i))
        for i in range(30)
    ]
    return scored_creator(db, specs)


def _nudge(db: Database, shifts: dict[int, float]) -> None:
    """Store ranks off the exact ones: piece number -> points added."""
    with db.unit_of_work() as s:
        for number, shift in shifts.items():
            piece = select(ContentPiece.id).where(ContentPiece.number == number).scalar_subquery()
            s.execute(
                update(P)
                .where(P.content_id == piece)
                .values(percentile_rank=P.percentile_rank + shift)
            )


def _write(db: Database, creator_id: uuid.UUID, tolerance: float) -> int:
    with db.unit_of_work() as s:
        columns = load_columns(s, creator_id)
        scores = score_columns(columns, NOW, DEFAULT_SCORING)
        return write_column_scores(s, creator_id, columns, scores, NOW, tolerance)


def test_a_rank_that_moved_less_than_the_tolerance_is_left_and_a_farther_one_rewritten(
    db: Database,
) -> None:
    creator_id = _catalogue(db)
    exact = _ranks(db)
    _nudge(db, {3: NEAR, 7: -FAR})
    assert _write(db, creator_id, RANK_TOLERANCE) == 1
    ranks = _ranks(db)
    assert ranks[3] == exact[3] + NEAR
    assert ranks[7] == exact[7]


def test_a_write_without_tolerance_rewrites_every_rank_that_differs(db: Database) -> None:
    creator_id = _catalogue(db)
    exact = _ranks(db)
    _nudge(db, {3: NEAR, 7: -FAR})
    assert _write(db, creator_id, 0.0) == 2
    assert _ranks(db) == exact
