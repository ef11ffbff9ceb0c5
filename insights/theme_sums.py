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
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from insights.piece_columns import PieceColumns
from insights.score_columns import ScoreColumns
from storage.driver_rows import driver_rows
from storage.models import ContentPerformance, ContentPiece, ContentTheme, new_id

P, C, T = ContentPerformance, ContentPiece, ContentTheme
# The pieces load_columns leaves out (insights.piece_columns): stored rate and score, as stored.
_UNSCORED = (
    select(C.theme, P.engagement_rate, P.performance_score)
    .join(P, P.content_id == C.id)
    .where(P.views.is_(None), P.reach.is_(None), C.theme.is_not(None))
)


@dataclass
class ThemeSums:
    """One theme's pieces, views and the reported rates and scores (NaN: not reported)."""

    pieces: int = 0
    views: int = 0
    rates: list[float] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)

    def add(self, views: float, rate: float, score: float) -> None:
        """Count one piece."""
        self.pieces += 1
        if not math.isnan(views):
            self.views += int(views)
        if not math.isnan(rate):
            self.rates.append(rate)
        if not math.isnan(score):
            self.scores.append(score)

    def averages(self) -> tuple[float, float]:
        """The mean rate and score, as SQL's ``coalesce(avg(x), 0.0)`` (0 when none)."""
        return _mean(self.rates), _mean(self.scores)


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values) if values else 0.0


def refresh_themes(
    session: Session,
    creator_id: uuid.UUID,
    now: datetime,
    columns: PieceColumns,
    scores: ScoreColumns,
) -> int:
    """Store the creator's theme aggregates from a refresh's columns and the scores it stored;
    returns the theme count."""
    rows = []
    for theme, sums in theme_sums(session, creator_id, columns, scores).items():
        rate, score = sums.averages()
        rows.append(
            {
                "id": new_id(),
                "creator_id": creator_id,
                "theme": theme,
                "content_count": sums.pieces,
                "total_views": sums.views,
                "avg_engagement_rate": round(rate, 4),
                "avg_performance_score": round(score, 4),
                "updated_at": now,
            }
        )
    session.execute(delete(T).where(T.creator_id == creator_id))
    if rows:
        session.execute(insert(T), rows)
    return len(rows)


def theme_sums(
    session: Session, creator_id: uuid.UUID, columns: PieceColumns, scores: ScoreColumns
) -> dict[str, ThemeSums]:
    """Every theme's sums over the creator's pieces (scored ones from the columns)."""
    sums: defaultdict[str, ThemeSums] = defaultdict(ThemeSums)
    for theme, views, rate, score in _scored(columns, scores):
        if theme is not None:
            sums[theme].add(views, rate, score)
    for theme, rate, score in _unscored(session, creator_id):
        sums[theme].add(math.nan, _number(rate), _number(score))
    return dict(sums)


def _scored(columns: PieceColumns, scores: ScoreColumns) -> Iterator[tuple[Any, ...]]:
    figures = columns.figures
    values = (figures["views"], figures["stored_engagement"], scores.performance_score)
    return zip(columns.objects["theme"], *(np.asarray(v).tolist() for v in values), strict=True)


def _unscored(session: Session, creator_id: uuid.UUID) -> Iterable[tuple[Any, ...]]:
    return driver_rows(session, _UNSCORED.where(P.creator_id == creator_id))


def _number(value: Any) -> float:
    return math.nan if value is None else float(value)
