"""What each platform reports, in one place, and the note that says which figures scores lack.

A figure a platform's API never gives stays unknown (NULL), never 0: the sync adapters leave it
out, the scoring leaves it out of its sums (docs/SCORING.md), and after every refresh the creator
gets one creator-level insight per platform naming the scored figures none of its pieces
reported, e.g. "Saves and watch time are not available from TikTok's Display API, so they are
not part of these scores." docs/SYNC.md lists the same table for people.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insights.view_models import Insight
from storage.models import ContentPerformance, ContentPiece

# Kept free of numpy (insights.baseline has the same names): chat tools import this module.
PLATFORM_LABELS = {"youtube": "YouTube", "instagram": "Instagram", "tiktok": "TikTok"}
# Each platform's API, named for people, and the figures it never reports (so a synced piece
# has them only when an import gave them earlier).
API_NAMES = {
    "youtube": "the YouTube Data and Analytics APIs",
    "instagram": "the Instagram API",
    "tiktok": "TikTok's Display API",
}
NOT_FROM_API: dict[str, frozenset[str]] = {
    "youtube": frozenset({"saves", "reach", "impressions", "profile_visits"}),
    "instagram": frozenset(
        {"watch_time_hours", "retention_rate", "avg_view_duration_seconds", "impressions"}
    ),
    "tiktok": frozenset(
        {
            "saves",
            "watch_time_hours",
            "retention_rate",
            "avg_view_duration_seconds",
            "reach",
            "impressions",
            "followers_gained",
            "profile_visits",
        }
    ),
}
# The figures the scores read (engagement, shares and saves, retention), as people call them.
SCORED = {
    "likes": "likes",
    "comments": "comments",
    "shares": "shares",
    "saves": "saves",
    "retention_rate": "watch time",
}
INSIGHT_TYPE = "unavailable_figures"
SYNCED = "%-sync"  # the sources of pieces a platform's API brought
# insights.figures' names of the stored columns, where they differ.
_FIGURE_COLUMNS = {"watch_time": "watch_time_hours", "retention": "retention_rate",
                   "followers": "followers_gained"}  # fmt: skip


def api_lacks(platform: str | None, figure: str) -> str | None:
    """'TikTok's Display API' when that platform's API never reports ``figure``, else None."""
    if platform is None:
        return None
    column = _FIGURE_COLUMNS.get(figure, figure)
    return API_NAMES[platform] if column in NOT_FROM_API.get(platform, ()) else None


@dataclass(frozen=True)
class Gap:
    """Scored figures none of a platform's pieces reported, and whether its API never does."""

    platform: str
    figures: tuple[str, ...]  # SCORED keys, in SCORED order
    from_api: bool  # every missing figure is one the platform's API never gives, and it synced

    def sentence(self) -> str:
        """'Saves and watch time are not available from TikTok's Display API, so …'."""
        names = [SCORED[f] for f in self.figures]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        plural = len(names) > 1 or names[0] != "watch time"
        verb, pronoun = ("are", "they are") if plural else ("is", "it is")
        where = PLATFORM_LABELS.get(self.platform, self.platform)
        if self.from_api:
            said = f"{listed} {verb} not available from {API_NAMES[self.platform]}"
        else:
            said = f"{listed} {verb} not reported for any of your {where} pieces"
        return f"{said[0].upper()}{said[1:]}, so {pronoun} not part of these scores."


def gaps(session: Session, creator_id: uuid.UUID) -> list[Gap]:
    """Per platform the creator has pieces on, the scored figures no piece reported."""
    p, c = ContentPerformance, ContentPiece
    counted = [func.count(getattr(p, name)) for name in SCORED]
    synced = func.count().filter(c.source.like(SYNCED))
    stmt = (
        select(c.platform, func.count(), synced, *counted)
        .join(p, p.content_id == c.id)
        .where(c.creator_id == creator_id)
        .group_by(c.platform)
        .order_by(c.platform)
    )
    return [gap for row in session.execute(stmt) if (gap := gap_of(row)) is not None]


def gap_of(row: Sequence[Any]) -> Gap | None:
    """The gap of one platform's counts: (platform, pieces, synced, then each SCORED figure's
    pieces reporting it); None when nothing lacks."""
    platform, pieces, synced, *reported = row
    missing = tuple(name for name, n in zip(SCORED, reported, strict=True) if n == 0)
    if not pieces or not missing:
        return None
    never = NOT_FROM_API.get(platform, frozenset())
    from_api = synced > 0 and all(name in never for name in missing)
    return Gap(platform, missing, from_api)


def insights_of(found: Sequence[Gap]) -> list[Insight]:
    """The creator-level insight of each gap."""
    return [_insight(gap) for gap in found]


def gap_notes(insights: Sequence[Insight], platform: str | None) -> list[str]:
    """The sentences of the gap insights among ``insights`` for a platform (None: every one)."""
    return [
        i.description
        for i in insights
        if i.insight_type == INSIGHT_TYPE and platform in (None, i.supporting_data.get("platform"))
    ]


def _insight(gap: Gap) -> Insight:
    where = PLATFORM_LABELS.get(gap.platform, gap.platform)
    return Insight(
        title=f"What your {where} scores cannot use",
        description=gap.sentence(),
        # First among the creator's insights (so every dashboard carries it): it qualifies them.
        impact_level="high",
        is_positive=True,
        insight_type=INSIGHT_TYPE,
        pattern_key=None,  # not a pattern: nothing to plan from
        confidence=1.0,
        supporting_data={
            "platform": gap.platform,
            "figures": list(gap.figures),
            "from_api": gap.from_api,
        },
    )
