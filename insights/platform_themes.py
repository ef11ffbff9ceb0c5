"""What works on one platform: "what should I post on TikTok?".

The pattern engine's theme patterns pool the platforms (like for like, controlled for platform
and format), so they say which themes do well overall. A creator asking about one platform wants
that platform's own picture: each theme with judged pieces there, its median score, and, for
themes with enough pieces, a test against the platform's other judged pieces (two-sided
Mann-Whitney U). All themes of the platform form one family under Benjamini-Hochberg, and a claim
needs what a pattern needs (``insights.group_claims``). A score already compares a piece with its
own platform, format and era.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from insights.filters import check_platform
from insights.group_claims import GroupScore, found_in, scored_groups
from insights.piece_queries import judged_select
from insights.stamped_views import stamped_view
from insights.view_cache import ViewCache
from storage.errors import InvalidInput
from storage.models import ContentPerformance as P
from storage.models import ContentPiece as C

# Built once per creator, platform and data stamp (nothing here depends on the time of asking).
PLATFORM_THEMES_CACHE = ViewCache()
UNTHEMED = "no theme"


@dataclass(frozen=True)
class PlatformThemes:
    """The platform's themes, best median first, and how many judged pieces they hold."""

    platform: str
    themes: list[GroupScore]
    judged: int

    @property
    def found(self) -> list[GroupScore]:
        """The themes that did better or worse than the platform's others, most certain first."""
        return found_in(self.themes)

    @property
    def tested(self) -> bool:
        """Whether any theme had enough pieces on both sides to be tested."""
        return any(t.test is not None for t in self.themes)


def platform_themes(
    session: Session, creator_id: uuid.UUID, now: datetime, platform: str
) -> PlatformThemes:
    """The creator's themes on ``platform``, each against the platform's other judged pieces."""
    wanted = check_platform(platform)
    if wanted is None:
        raise InvalidInput("Name one platform: youtube, instagram or tiktok.")
    return stamped_view(
        PLATFORM_THEMES_CACHE,
        session,
        creator_id,
        wanted,
        now,
        lambda: (_compare(wanted, _judged(session, creator_id, wanted)), None),
    )


def _judged(session: Session, creator_id: uuid.UUID, platform: str) -> list[tuple[str, float]]:
    query = judged_select(C.theme, P.performance_score, creator_id=creator_id, platform=platform)
    return [
        (theme or UNTHEMED, float(score))
        for theme, score in session.execute(query)
        if score is not None and not math.isnan(score)
    ]


def _compare(platform: str, rows: list[tuple[str, float]]) -> PlatformThemes:
    return PlatformThemes(platform, scored_groups(rows), len(rows))
