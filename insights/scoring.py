"""Rescoring: read a creator's pieces once, score them, write back only what changed."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import repeat
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from insights.frame import PieceRow, load_rows
from insights.piece_columns import UNSCORED, PieceColumns
from insights.score_columns import ScoreColumns
from insights.score_math import ScoreResult, ScoringConfig, score_pieces
from storage.bulk import bulk_update, refresh_statistics
from storage.data_version import touch
from storage.models import ContentPerformance
from storage.piece_delta import scores_noted

DEFAULT_SCORING = ScoringConfig()
PERFORMANCE: Any = ContentPerformance.__table__
# Scoring this many pieces for the first time (and at least half the creator's) re-analyses the
# table on PostgreSQL; below it the planner's stale guess costs little.
FIRST_SCORES_ANALYZE = 1000
# Score updates are built and sent this many rows at a time (memory flat in the catalogue).
UPDATE_CHUNK = 50_000
# After a write, a piece whose score, category and provisional flag stayed is stored again only
# when its percentile rank moved by at least this many points: 100 new pieces move most of a
# 10,000-piece catalogue's ranks by a few hundredths, and rewriting them all was a fifth of the
# refresh. A stored rank is then within this of the exact one (shown as whole percents); the
# full refresh (``rescore --full``, nightly) stores every rank exactly.
RANK_TOLERANCE = 0.5

__all__ = [
    "DEFAULT_SCORING",
    "ScoringConfig",
    "rescore_creator",
    "score_rows",
    "write_column_scores",
    "write_scores",
]


def score_rows(
    rows: Sequence[PieceRow], now: datetime, config: ScoringConfig = DEFAULT_SCORING
) -> list[ScoreResult]:
    """Score loaded rows (same order) without touching the database."""
    return score_pieces([r.score_input for r in rows], now, config)


def _changed(row: PieceRow, result: ScoreResult) -> bool:
    stored = row.stored
    return (
        stored.performance_score != result.performance_score
        or stored.percentile_rank != result.percentile_rank
        or stored.performance_category != result.performance_category
        or stored.is_provisional != result.is_provisional
    )


_SCORE_COLUMNS = ("performance_score", "percentile_rank", "performance_category", "is_provisional")


def write_scores(
    session: Session,
    creator_id: uuid.UUID,
    rows: Sequence[PieceRow],
    results: Sequence[ScoreResult],
    now: datetime,
) -> int:
    """Store new scores for the rows whose score changed; returns how many were written."""
    changes = [
        (
            result.performance_score,
            result.percentile_rank,
            result.performance_category,
            result.is_provisional,
            now,
            row.performance_id,
        )
        for row, result in zip(rows, results, strict=True)
        if _changed(row, result)
    ]
    first = sum(1 for row in rows if row.stored.performance_category is None)
    return _store(session, creator_id, [changes] if changes else [], first, len(rows))


def write_column_scores(
    session: Session,
    creator_id: uuid.UUID,
    columns: PieceColumns,
    scores: ScoreColumns,
    now: datetime,
    rank_tolerance: float = 0.0,
) -> int:
    """``write_scores`` for a refresh's columns: store the scores that changed (a rank only
    once it moved by ``rank_tolerance`` or more; 0: any change)."""
    stored = columns.figures
    # NaN (nothing stored yet) equals nothing, as None != a score does in ``_changed``.
    changed = ~(scores.performance_score == stored["performance_score"])
    changed |= _rank_moved(scores.percentile_rank, stored["percentile_rank"], rank_tolerance)
    changed |= scores.provisional != columns.flags["is_provisional"]
    changed |= scores.category_codes != columns.stored_codes
    # In key order: the primary-key index (and the table, its ids being time-ordered) is walked
    # once instead of at random (34,000 updates on SQLite: 0.65 -> 0.38 CPU s).
    order = columns.performance_ids.key_order(np.flatnonzero(changed))
    first = int(np.count_nonzero(columns.stored_codes == UNSCORED))
    return _store(session, creator_id, _chunks(order, columns, scores, now), first, len(columns))


def _rank_moved(ranks: NDArray[np.float64], stored: NDArray[np.float64], tolerance: float) -> Any:
    """Where a rank differs from the stored one (by ``tolerance`` or more; NaN: always)."""
    if not tolerance:
        return ~(ranks == stored)
    with np.errstate(invalid="ignore"):
        return ~(np.abs(ranks - stored) < tolerance)


def _chunks(
    order: NDArray[np.int64], columns: PieceColumns, scores: ScoreColumns, now: datetime
) -> Iterator[list[tuple[Any, ...]]]:
    """The update rows of the pieces at ``order``, a chunk at a time: a million changed scores
    held as row tuples at once took hundreds of megabytes (the refresh's peak at 1,000,000)."""
    categories = scores.performance_category
    for start in range(0, len(order), UPDATE_CHUNK):
        chunk = order[start : start + UPDATE_CHUNK]
        figures = (scores.performance_score, scores.percentile_rank)
        score, rank = (figure[chunk].tolist() for figure in figures)
        category = list(map(categories.__getitem__, chunk.tolist()))
        provisional = scores.provisional[chunk].tolist()
        ids = columns.performance_ids.hex_at(chunk)  # the driver's form on both databases
        yield list(zip(score, rank, category, provisional, repeat(now), ids, strict=False))


def _store(
    session: Session,
    creator_id: uuid.UUID,
    chunks: Iterable[list[tuple[Any, ...]]],
    first: int,
    n: int,
) -> int:
    written = 0
    for changes in chunks:
        bulk_update(session, PERFORMANCE, [*_SCORE_COLUMNS, "scored_at"], changes)
        scores_noted(session, creator_id, [*_SCORE_COLUMNS, "scored_at"], changes)
        written += len(changes)
    if written:
        touch(session, [creator_id], pieces=())  # the scores are noted as sent, above
    if first >= FIRST_SCORES_ANALYZE and 2 * first >= n:
        # After a large load the planner still believes no row has a category (they were all
        # NULL when the load analysed the table), and walks every row of the creator instead
        # of the (creator, score) index for the dashboard's top and bottom pieces.
        refresh_statistics(session, (PERFORMANCE,))
    return written


def rescore_creator(
    session: Session,
    creator_id: uuid.UUID,
    now: datetime,
    config: ScoringConfig = DEFAULT_SCORING,
) -> int:
    """Rescore every piece of the creator in ``session``; returns the number of pieces scored."""
    rows = load_rows(session, creator_id)
    write_scores(session, creator_id, rows, score_rows(rows, now, config), now)
    return len(rows)
