"""Month by month: "what was my best month?", "how did I do this year?".

The creator's pieces grouped by the local calendar month they were published in, the last
``MONTHS`` months (this one so far included): how many, their lifetime views (pieces that do not
report views left out and counted), and the median score of the judged ones. The best month is
named by median score, which compares each piece with its own platform, format and era, so a
month is not ahead for having had longer to gather views; the month with most views is named too,
with that caveat.
"""

from __future__ import annotations

import bisect
import math
import statistics
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from insights.fact_arrays import EPOCH
from insights.filters import check_platform
from insights.piece_columns import microseconds
from insights.piece_queries import creator_zone
from insights.stamped_views import stamped_view
from insights.view_cache import ViewCache
from storage.driver_rows import driver_batches
from storage.models import ContentPerformance as P
from storage.models import ContentPiece as C

MONTHS = 12
MIN_JUDGED = 3  # a month's median score names it best only over this many judged pieces
# Built once per creator, platform and data stamp, until the next local month begins.
MONTHLY_CACHE = ViewCache()


@dataclass(frozen=True)
class Month:
    """One local calendar month's pieces."""

    start: datetime  # local midnight of the 1st
    pieces: int
    views: int | None  # lifetime views of the pieces that report them (None: none do)
    reported: int
    median_score: float | None  # of the judged pieces
    judged: int

    @property
    def label(self) -> str:
        """'November 2026'."""
        return f"{self.start:%B %Y}"


@dataclass(frozen=True)
class Monthly:
    """The last months, oldest first, in the creator's timezone."""

    timezone: str
    months: list[Month]

    @property
    def best(self) -> Month | None:
        """The month whose judged pieces scored best (median), over enough of them."""
        ranked = self.ranked()
        return ranked[0] if ranked else None

    @property
    def runner_up(self) -> Month | None:
        """The second-best month by median score."""
        ranked = self.ranked()
        return ranked[1] if len(ranked) > 1 else None

    def ranked(self) -> list[Month]:
        """Months with enough judged pieces, best median score first."""
        judged = [m for m in self.months if m.median_score is not None and m.judged >= MIN_JUDGED]
        return sorted(judged, key=lambda m: (m.median_score or 0.0, m.judged), reverse=True)

    @property
    def most_viewed(self) -> Month | None:
        """The month whose pieces have the most lifetime views."""
        seen = [m for m in self.months if m.views is not None]
        return max(seen, key=lambda m: (m.views or 0, m.start), default=None)


def monthly(
    session: Session, creator_id: uuid.UUID, now: datetime, platform: str | None = None
) -> Monthly:
    """The creator's last ``MONTHS`` local months (on ``platform``, or all)."""
    wanted = check_platform(platform)
    zone, tz = creator_zone(session, creator_id)
    starts = month_starts(now.astimezone(tz), tz)
    return stamped_view(
        MONTHLY_CACHE,
        session,
        creator_id,
        ("monthly", wanted),
        now,
        lambda: (_build(session, creator_id, wanted, zone, starts), _next_month(starts[-1], tz)),
    )


def month_starts(local: datetime, tz: ZoneInfo) -> list[datetime]:
    """The local first-of-month midnights of the last ``MONTHS`` months, oldest first."""
    year, month = local.year, local.month
    found = []
    for _ in range(MONTHS):
        found.append(datetime(year, month, 1, tzinfo=tz))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found[::-1]


def _next_month(start: datetime, tz: ZoneInfo) -> datetime:
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    return datetime(year, month, 1, tzinfo=tz)


def _build(
    session: Session,
    creator_id: uuid.UUID,
    platform: str | None,
    zone: str,
    starts: list[datetime],
) -> Monthly:
    query = (
        select(C.published_at, P.views, P.performance_score, P.is_provisional)
        .join(P, P.content_id == C.id)
        .where(C.creator_id == creator_id, C.published_at >= starts[0])
    )
    if platform is not None:
        query = query.where(C.platform == platform)
    rows = [row for batch in driver_batches(session, query) for row in batch]
    bounds = [int((s - EPOCH).total_seconds() * 1_000_000) for s in starts]
    grouped: dict[int, list[tuple[int | None, float | None]]] = defaultdict(list)
    for at, (_, views, score, provisional) in zip(
        microseconds([r[0] for r in rows]).tolist(), rows, strict=True
    ):
        judged = None if score is None or provisional or math.isnan(score) else float(score)
        grouped[_month_of(at, bounds)].append((views, judged))
    return Monthly(zone, [_month(start, grouped[i]) for i, start in enumerate(starts)])


def _month_of(at: int, bounds: list[int]) -> int:
    """The index of the last month that starts at or before ``at``."""
    return bisect.bisect_right(bounds, at) - 1


def _month(start: datetime, rows: list[tuple[int | None, float | None]]) -> Month:
    views = [v for v, _ in rows if v is not None]
    scores = [s for _, s in rows if s is not None]
    return Month(
        start,
        pieces=len(rows),
        views=sum(views) if views else None,
        reported=len(views),
        median_score=statistics.median(scores) if scores else None,
        judged=len(scores),
    )
