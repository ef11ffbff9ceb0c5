"""The creator's latest pieces against their usual: "did my last 5 videos do better than usual?".

The last ``count`` judged pieces (on one platform, or all), newest first, and how they scored
against the creator's other judged pieces there: their median score beside the others', and how
many scored above the others' median. Newer pieces too young to judge (or whose figures are
unknown) are passed over and counted, so "my last 5 videos" is never five "too recent to judge".
A score already compares a piece with its own platform, format and era, so scores of different
formats and years compare like for like.
"""

from __future__ import annotations

import math
import statistics
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from insights.content import list_content
from insights.filters import MAX_PAGE_SIZE, check_platform
from insights.stamped_views import stamped_view
from insights.view_cache import ViewCache
from insights.view_models import PieceSummary
from storage.errors import InvalidInput
from storage.models import ContentPerformance as P
from storage.models import ContentPiece as C

MAX_COUNT = 20
# Built once per creator, count, platform and data stamp: the others' scores are a walk over
# every performance row (12 ms at 10,000 pieces). Judging a piece is a write, so no time bound.
RECENT_CACHE = ViewCache()
DEFAULT_COUNT = 5


@dataclass(frozen=True)
class RecentRun:
    """The latest pieces and how the judged ones compare with the creator's others."""

    pieces: list[PieceSummary]  # the latest judged, newest first
    scores: list[float]  # theirs, in the same order
    usual: float | None  # the median score of the creator's other judged pieces (None: none)
    passed_over: int  # newer pieces not judged (too young, or figures unknown)

    @property
    def median(self) -> float | None:
        """The judged latest pieces' median score."""
        return statistics.median(self.scores) if self.scores else None

    @property
    def above(self) -> int:
        """How many judged latest pieces scored above the usual."""
        return 0 if self.usual is None else sum(s > self.usual for s in self.scores)


def judged(piece: PieceSummary) -> float | None:
    """The piece's score when it is judged (scored, not provisional), else None."""
    block = piece.performance
    score = block.performance_score
    usable = score is not None and not math.isnan(score) and not block.is_provisional
    return score if usable else None


def recent_run(
    session: Session,
    creator_id: uuid.UUID,
    now: datetime,
    count: int = DEFAULT_COUNT,
    platform: str | None = None,
) -> RecentRun:
    """The creator's ``count`` latest pieces (on ``platform``, or all) against their usual."""
    if not 1 <= count <= MAX_COUNT:
        raise InvalidInput(f"I can look at 1 to {MAX_COUNT} latest pieces, not {count}.")
    wanted = check_platform(platform)
    return stamped_view(
        RECENT_CACHE,
        session,
        creator_id,
        (count, wanted),
        now,
        lambda: (_recent_run(session, creator_id, count, wanted), None),
    )


def _recent_run(
    session: Session, creator_id: uuid.UUID, count: int, wanted: str | None
) -> RecentRun:
    page = list_content(
        session, creator_id, platform=wanted, sort="published", page_size=MAX_PAGE_SIZE
    )
    latest = [
        (p, s) for p, s in zip(page.items, map(judged, page.items), strict=True) if s is not None
    ][:count]
    oldest = latest[-1][0].published_at if latest else None
    passed = sum(
        1 for p in page.items if judged(p) is None and (oldest is None or p.published_at > oldest)
    )
    others = _other_scores(session, creator_id, wanted, [uuid.UUID(p.id) for p, _ in latest])
    usual = statistics.median(others) if others else None
    return RecentRun([p for p, _ in latest], [s for _, s in latest], usual, passed)


def _other_scores(
    session: Session, creator_id: uuid.UUID, platform: str | None, latest: list[uuid.UUID]
) -> list[float]:
    """The judged scores of the creator's pieces (on ``platform``) other than ``latest``."""
    query = select(P.performance_score).where(
        P.creator_id == creator_id,
        P.performance_score.is_not(None),
        P.is_provisional.is_(False),
        P.content_id.not_in(latest),
    )
    if platform is not None:
        query = query.join(C, C.id == P.content_id).where(C.platform == platform)
    return [s for s in session.scalars(query) if s is not None and not math.isnan(s)]
