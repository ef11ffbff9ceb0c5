"""Theme aggregates from the refresh's own columns into content_themes, without a query that
joins and groups every piece of the creator again.

The refresh already holds every scoreable piece's columns and the scores it just stored; only
the pieces it cannot score (neither views nor reach known) are read, and they are few. Sums are
``math.fsum``'s, correctly rounded whatever the pieces' order, so a refresh after a write and a
full refresh store the same averages.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from insights.fact_arrays import positions_of
from insights.piece_columns import Floats, PieceColumns
from insights.score_columns import ScoreColumns
from insights.unscored import Unscored
from storage.models import ContentPerformance, ContentPiece, ContentTheme, new_id

P, C, T = ContentPerformance, ContentPiece, ContentTheme


@dataclass(frozen=True)
class ThemeSums:
    """One theme's pieces, views, and mean reported rate and score (0: none reported, as SQL's
    ``coalesce(avg(x), 0.0)``)."""

    pieces: int
    views: int
    rate: float
    score: float


def _mean(values: Floats) -> float:
    known = values[~np.isnan(values)]
    return math.fsum(known.tolist()) / known.size if known.size else 0.0


def refresh_themes(
    session: Session,
    creator_id: uuid.UUID,
    now: datetime,
    pieces: tuple[PieceColumns, ScoreColumns, Unscored],
) -> int:
    """Store the creator's theme aggregates from a refresh's columns and the scores it stored;
    returns the theme count."""
    rows = []
    for theme, sums in theme_sums(*pieces).items():
        rows.append(
            {
                "id": new_id(),
                "creator_id": creator_id,
                "theme": theme,
                "content_count": sums.pieces,
                "total_views": sums.views,
                "avg_engagement_rate": round(sums.rate, 4),
                "avg_performance_score": round(sums.score, 4),
                "updated_at": now,
            }
        )
    session.execute(delete(T).where(T.creator_id == creator_id))
    if rows:
        session.execute(insert(T), rows)
    return len(rows)


def theme_sums(
    columns: PieceColumns, scores: ScoreColumns, unscored: Unscored
) -> dict[str, ThemeSums]:
    """Every theme's sums over the creator's pieces: scored ones from the columns."""
    figures, theirs = columns.figures, unscored.figures
    views = np.concatenate([figures["views"], np.full(len(unscored.themes), np.nan)])
    rates = np.concatenate([figures["stored_engagement"], theirs["engagement_rate"]])
    marks = np.concatenate([scores.performance_score, theirs["performance_score"]])
    found = {}
    for theme, at in positions_of(columns.theme_codes, unscored.themes).items():
        total = np.nansum(views[at])
        found[theme] = ThemeSums(at.size, int(total), _mean(rates[at]), _mean(marks[at]))
    return found
