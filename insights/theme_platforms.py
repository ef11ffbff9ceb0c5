"""Where one theme does best: "where should I post my vlogs?", "do my tutorials do better on
YouTube or TikTok?".

Each platform with judged pieces of the theme gives two figures that answer different questions.
The median score is like for like: each piece against the creator's usual on its own platform,
format and era, so it says where the theme stands out from what that platform usually gives
them. The median views are raw: what the theme reached there, which favours the platform where
all their pieces reach furthest. For platforms with enough pieces on both sides the theme's
scores there are tested against its scores elsewhere (``insights.group_claims.scored_groups``:
two-sided Mann-Whitney U, Benjamini-Hochberg over the platforms, the patterns' minimum lift).
"""

from __future__ import annotations

import math
import statistics
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from insights.group_claims import GroupScore, found_in, scored_groups
from insights.piece_queries import judged_select
from insights.stamped_views import stamped_view
from insights.themes import bare_theme, named_theme
from insights.view_cache import ViewCache
from storage.models import ContentPerformance as P
from storage.models import ContentPiece as C

# Built once per creator, theme and data stamp (nothing here depends on the time of asking).
THEME_PLATFORMS_CACHE = ViewCache()


@dataclass(frozen=True)
class ThemePlatforms:
    """One theme's judged pieces by platform, best median score first."""

    theme: str
    platforms: list[GroupScore]
    median_views: dict[str, float | None]  # platform → median views (None: none reports them)
    judged: int

    @property
    def found(self) -> list[GroupScore]:
        """The platforms where the theme did better or worse than elsewhere, most certain first."""
        return found_in(self.platforms)

    @property
    def tested(self) -> bool:
        """Whether any platform had enough of the theme's pieces on both sides to be tested."""
        return any(p.test is not None for p in self.platforms)


def theme_platforms(
    session: Session, creator_id: uuid.UUID, now: datetime, theme: str
) -> ThemePlatforms:
    """The creator's judged pieces of ``theme`` by platform (the theme matched without case or
    plural), kept per data stamp: the themes are read only when the view is built."""

    def build() -> tuple[ThemePlatforms, None]:
        named = named_theme(session, creator_id, theme)
        return _compare(named, _judged(session, creator_id, named)), None

    return stamped_view(THEME_PLATFORMS_CACHE, session, creator_id, bare_theme(theme), now, build)


def _judged(
    session: Session, creator_id: uuid.UUID, theme: str
) -> list[tuple[str, float, int | None]]:
    query = judged_select(C.platform, P.performance_score, P.views, creator_id=creator_id)
    return [
        (platform, float(score), views)
        for platform, score, views in session.execute(query.where(C.theme == theme))
        if score is not None and not math.isnan(score)
    ]


def _compare(theme: str, rows: list[tuple[str, float, int | None]]) -> ThemePlatforms:
    views: dict[str, list[int]] = defaultdict(list)
    for platform, _, seen in rows:
        views[platform] += [seen] if seen is not None else []
    groups = scored_groups([(platform, score) for platform, score, _ in rows])
    medians = {g.name: _median(views[g.name]) for g in groups}
    return ThemePlatforms(theme, groups, medians, len(rows))


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None
