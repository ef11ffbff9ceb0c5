"""The creator's formats side by side: short-form, long-form and image posts on each platform.

A format is the scoring's baseline group within a platform (``insights.metrics.format_class``), so
a piece's score already compares it with its own format: median scores would read alike by
construction. What differs between formats is reach and engagement, given here as raw medians of
the judged pieces (views left out where unknown), beside the like-for-like test of the pattern
engine (``format:`` patterns: same platform, same era), which alone says one format does better.
"""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from insights.filters import PLATFORMS, check_platform
from insights.metrics import FORMAT_NAMES, format_class
from insights.piece_queries import judged_select
from insights.stamped_views import stamped_view
from insights.view_cache import ViewCache
from insights.view_models import Pattern
from insights.views import creator_patterns
from storage.models import ContentPerformance, ContentPiece

# Built once per creator, platform and data stamp (nothing here depends on the time of asking).
FORMATS_CACHE = ViewCache()
MIN_PIECES = 3  # a median of fewer says little; the format is left out
FORMAT_PREFIX = "format:"


@dataclass(frozen=True)
class FormatStat:
    """One format on one platform: how many judged pieces, their median views and engagement."""

    platform: str
    format: str  # short, long or static
    pieces: int
    median_views: float | None  # None: no piece's views are known
    median_engagement: float | None

    @property
    def name(self) -> str:
        """'short-form', 'long-form' or 'image posts'."""
        return FORMAT_NAMES.get(self.format, self.format)


@dataclass(frozen=True)
class Formats:
    """Every format with enough judged pieces, and the like-for-like format patterns found."""

    stats: list[FormatStat]
    patterns: list[Pattern]


def formats(
    session: Session, creator_id: uuid.UUID, now: datetime, platform: str | None = None
) -> Formats:
    """The creator's formats (on ``platform``, or all), platform by platform, most pieces first."""
    wanted = check_platform(platform)
    return stamped_view(
        FORMATS_CACHE,
        session,
        creator_id,
        wanted,
        now,
        lambda: (_formats(session, creator_id, wanted), None),
    )


def _formats(session: Session, creator_id: uuid.UUID, wanted: str | None) -> Formats:
    query = judged_select(
        ContentPiece.platform,
        ContentPiece.content_type,
        ContentPiece.duration_seconds,
        ContentPerformance.views,
        ContentPerformance.engagement_rate,
        creator_id=creator_id,
        platform=wanted,
    )
    groups: dict[tuple[str, str], list[tuple[int | None, float | None]]] = defaultdict(list)
    for where, kind, seconds, views, rate in session.execute(query):
        groups[(where, format_class(kind, seconds))].append((views, rate))
    stats = [_stat(key, rows) for key, rows in groups.items() if len(rows) >= MIN_PIECES]
    stats.sort(key=lambda s: (PLATFORMS.index(s.platform), -s.pieces, s.format))
    found = [p for p in creator_patterns(session, creator_id) if about_formats(p, wanted)]
    return Formats(stats, found)


def _stat(key: tuple[str, str], rows: list[tuple[int | None, float | None]]) -> FormatStat:
    views = [v for v, _ in rows if v is not None]
    rates = [r for _, r in rows if r is not None]
    median_views = statistics.median(views) if views else None
    median_rate = statistics.median(rates) if rates else None
    return FormatStat(key[0], key[1], len(rows), median_views, median_rate)


def about_formats(pattern: Pattern, platform: str | None) -> bool:
    """A format pattern; with a platform, one that was tested on it."""
    if not (pattern.pattern_key or "").startswith(FORMAT_PREFIX):
        return False
    tested_on = pattern.supporting_data.get("platforms")
    return platform is None or not isinstance(tested_on, list) or platform in tested_on
