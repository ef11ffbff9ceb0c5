"""Rescoring: read a creator's pieces once, score them, write back only what changed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from insights.frame import PieceRow, load_rows
from insights.score_math import ScoreResult, ScoringConfig, score_pieces
from storage.models import ContentPerformance

DEFAULT_SCORING = ScoringConfig()

__all__ = ["DEFAULT_SCORING", "ScoringConfig", "rescore_creator", "score_rows", "write_scores"]


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


def write_scores(
    session: Session, rows: Sequence[PieceRow], results: Sequence[ScoreResult], now: datetime
) -> int:
    """Store new scores for the rows whose score changed; returns how many were written."""
    changes = [
        {
            "id": row.performance_id,
            "performance_score": result.performance_score,
            "percentile_rank": result.percentile_rank,
            "performance_category": result.performance_category,
            "is_provisional": result.is_provisional,
            "scored_at": now,
        }
        for row, result in zip(rows, results, strict=True)
        if _changed(row, result)
    ]
    if changes:
        session.execute(update(ContentPerformance), changes)
    return len(changes)


def rescore_creator(
    session: Session,
    creator_id: uuid.UUID,
    now: datetime,
    config: ScoringConfig = DEFAULT_SCORING,
) -> int:
    """Rescore every piece of the creator in ``session``; returns the number of pieces scored."""
    rows = load_rows(session, creator_id)
    write_scores(session, rows, score_rows(rows, now, config), now)
    return len(rows)
