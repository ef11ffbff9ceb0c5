"""The per-piece facts patterns are tested on, in the creator's own timezone."""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from insights.frame import PieceRow
from insights.score_math import ScoreResult


class PieceFacts(NamedTuple):
    """One piece as the pattern tests see it.

    A named tuple: a million of them are built per full refresh, and a tuple is both the
    smallest and the quickest record Python builds.
    """

    content_id: uuid.UUID
    number: int
    published_at: datetime  # UTC
    local_time: datetime | None  # None when the source gave only a date
    theme: str | None
    platform: str
    format_class: str
    provisional: bool
    view_ratio: float  # views ÷ the typical piece of its group
    engagement_ratio: float | None  # engagement ÷ the typical piece of its group
    retention_ratio: float | None  # retention ÷ the typical piece of its group
    log_views: float
    engagement_rate: float | None
    retention_rate: float | None
    comments_per_like: float | None
    intent_rate: float | None  # shares + saves per 100 views (reached on Instagram)
    # How far comments exceed what the piece's likes predict at the platform's usual comments
    # per like, in standard errors (Poisson): unlike a raw ratio it does not swing wildly on
    # pieces with few interactions, so it picks real discussion, not small numbers.
    discussion_score: float | None
    intent_ratio: float | None  # shares + saves relative to the usual of the piece's group

    @property
    def relative_views(self) -> float:
        """ln(view ratio): the outcome of timing, theme, engagement and retention tests."""
        return math.log(self.view_ratio)

    @property
    def weekday(self) -> int | None:
        """Local weekday (0 = Monday) when the time of day is known."""
        return None if self.local_time is None else self.local_time.weekday()

    @property
    def hour(self) -> int | None:
        """Local hour when the time of day is known."""
        return None if self.local_time is None else self.local_time.hour


def build_facts(
    rows: Sequence[PieceRow], results: Sequence[ScoreResult], tz: ZoneInfo
) -> list[PieceFacts]:
    """Facts for every scored piece (same order as ``rows``)."""
    usual = _usual_comments_per_like(rows)
    facts = []
    for row, result in zip(rows, results, strict=True):
        # Both counts are needed: a piece with either unknown has no discussion figures.
        likes, comments = _discussion_counts(row)
        per_like = comments / likes if likes else None
        expected = likes * usual.get(row.platform, 0.0)
        si = row.score_input
        facts.append(
            PieceFacts(
                content_id=row.content_id,
                number=row.number,
                published_at=si.published_at,
                local_time=si.published_at.astimezone(tz) if row.publish_time_known else None,
                theme=row.theme,
                platform=si.platform,
                format_class=si.format_class,
                provisional=result.is_provisional,
                view_ratio=max(result.view_ratio, 1e-6),
                engagement_ratio=result.engagement_ratio,
                retention_ratio=result.retention_ratio,
                log_views=math.log(si.views + 1),
                engagement_rate=si.engagement_rate,
                retention_rate=si.retention_rate,
                comments_per_like=per_like,
                intent_rate=si.intent_rate,
                discussion_score=(comments - expected) / math.sqrt(expected + 1.0)
                if likes
                else None,
                intent_ratio=result.intent_ratio,
            )
        )
    return facts


def _usual_comments_per_like(rows: Sequence[PieceRow]) -> dict[str, float]:
    # Pooled (total comments ÷ total likes): a median of per-piece ratios runs low on small
    # counts, which would make every big piece look unusually talkative.
    comments: dict[str, int] = {}
    likes: dict[str, int] = {}
    for row in rows:
        row_likes, row_comments = _discussion_counts(row)
        comments[row.platform] = comments.get(row.platform, 0) + row_comments
        likes[row.platform] = likes.get(row.platform, 0) + row_likes
    return {p: comments[p] / likes[p] for p in likes if likes[p]}


def _discussion_counts(row: PieceRow) -> tuple[int, int]:
    """Likes and comments, or (0, 0) when either is unknown: such a piece has no ratio."""
    if row.likes is None or row.comments is None:
        return 0, 0
    return row.likes, row.comments
