"""One platform's posting days and hours: the median score of its pieces per local weekday and
per local hour band, the best of each named with the pieces behind it.

A plain median table, not the all-platform window scan of ``insights.timing`` (which needs more
pieces than one platform usually has): the answer says how many pieces each figure rests on.
"""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from insights.filters import check_platform
from insights.piece_queries import creator_zone
from insights.stamped_views import stamped_view
from insights.view_cache import ViewCache
from storage.models import ContentPerformance, ContentPiece

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
BANDS = ((0, 6, "night (0-6 h)"), (6, 12, "morning (6-12 h)"), (12, 18, "afternoon (12-18 h)"),
         (18, 24, "evening (18-24 h)"))  # fmt: skip
MIN_PIECES = 3
PLATFORM_TIMING_CACHE = ViewCache()
# As insights.fact_arrays.EPOCH, which would import numpy that this median table does not need.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Slot:
    """A weekday or hour band, its median score and how many pieces it rests on."""

    name: str
    median_score: float
    pieces: int


@dataclass(frozen=True)
class PlatformTiming:
    """The best day and hour band of one platform (None when too few pieces)."""

    platform: str
    timezone: str
    pieces: int
    best_day: Slot | None
    best_band: Slot | None


def platform_timing(session: Session, creator_id: uuid.UUID, platform: str) -> PlatformTiming:
    """Median scores by local weekday and hour band for the creator's pieces on ``platform``,
    kept per data stamp (a platform's pieces at 10,000 were a 15-20 ms read every turn)."""
    name = check_platform(platform) or ""
    return stamped_view(
        PLATFORM_TIMING_CACHE,
        session,
        creator_id,
        ("platform_timing", name),
        EPOCH,  # nothing here depends on the time of asking
        lambda: (_platform_timing(session, creator_id, name), None),
    )


def _platform_timing(session: Session, creator_id: uuid.UUID, name: str) -> PlatformTiming:
    zone, tz = creator_zone(session, creator_id)
    rows = session.execute(
        select(ContentPiece.published_at, ContentPerformance.performance_score)
        .join(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
        .where(
            ContentPiece.creator_id == creator_id,
            ContentPiece.platform == name,
            ContentPiece.publish_time_known.is_(True),
            ContentPerformance.performance_score.is_not(None),
        )
    ).all()
    days: dict[str, list[float]] = defaultdict(list)
    bands: dict[str, list[float]] = defaultdict(list)
    for published, value in rows:
        if value is None:
            continue  # filtered in SQL; kept for the type checker
        local = published.astimezone(tz)
        days[DAY_NAMES[local.weekday()]].append(float(value))
        bands[next(b for lo, hi, b in BANDS if lo <= local.hour < hi)].append(float(value))
    return PlatformTiming(name, zone, len(rows), _best(days), _best(bands))


def _best(groups: dict[str, list[float]]) -> Slot | None:
    slots = [
        Slot(name, statistics.median(values), len(values))
        for name, values in groups.items()
        if len(values) >= MIN_PIECES
    ]
    return max(slots, key=lambda s: (s.median_score, s.pieces), default=None)
