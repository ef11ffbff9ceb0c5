"""The dashboard: summary, top performers, needs attention, themes, platforms, insights."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from insights.aggregates import (
    Totals,
    engagement_of,
    engagement_sums,
    period_totals,
    platform_stats,
    summarise,
    trend_between,
)
from insights.aggregates import theme_stats as fold_themes
from insights.filters import check_platform, period_start, trend_window
from insights.insight_rows import factor_key, insights_for
from insights.piece_queries import P, creator_zone, scoped, summary_select, to_summary
from insights.view_models import Dashboard, Insight, PieceSummary, PlatformStat

TOP_N = 5
CREATOR_INSIGHTS_N = 6


def build_dashboard(
    session: Session,
    creator_id: uuid.UUID,
    *,
    period: str = "30d",
    platform: str | None = None,
    now: datetime,
) -> Dashboard:
    """The seed's dashboard for one creator, period (7d|30d|90d|all) and optional platform."""
    since = period_start(period, now)
    platform = check_platform(platform)
    tz_name, tz = creator_zone(session, creator_id)
    cells = period_totals(session, creator_id, since, platform)
    trend = _trend(session, creator_id, period, platform, now, cells)
    top_rows = _ranked(session, creator_id, since, platform, "overperforming")
    bottom_rows = _ranked(session, creator_id, since, platform, "underperforming")
    # One read for the listed pieces' factors and the creator-level insights together.
    found = insights_for(session, creator_id, [r.id for r in [*top_rows, *bottom_rows]])
    return Dashboard(
        period=period.strip().lower(),
        platform=platform,
        timezone=tz_name,
        summary=summarise(cells, trend),
        top_performers=_summaries(top_rows, found, tz, best_first=True),
        needs_attention=_summaries(bottom_rows, found, tz, best_first=False),
        themes=fold_themes(cells),
        platform_comparison=platform_stats(cells),
        insights=found.get(None, [])[:CREATOR_INSIGHTS_N],
    )


def _trend(
    session: Session,
    creator_id: uuid.UUID,
    period: str,
    platform: str | None,
    now: datetime,
    cells: list[Totals],
) -> str:
    """The engagement trend: this period against the one before (all time: last 30 days)."""
    length = trend_window(period)
    previous = engagement_sums(session, creator_id, now - 2 * length, now - length, platform)
    if period_start(period, now) is None:
        current = engagement_sums(session, creator_id, now - length, now, platform)
    else:
        current = engagement_of(cells)
    return trend_between(previous, current)


def _ranked(
    session: Session,
    creator_id: uuid.UUID,
    since: datetime | None,
    platform: str | None,
    category: str,
) -> list[Any]:
    """The period's best (or worst) judged pieces of ``category``."""
    order: Any = P.performance_score.desc() if category == "overperforming" else P.performance_score
    # Filtering on the performance row's creator lets the (creator, score) index drive: the walk
    # down the scores stops after a handful of rows.
    stmt = (
        scoped(summary_select(), creator_id, since=since, platform=platform, by_score=True)
        .where(P.performance_category == category, P.is_provisional.is_(False))
        .order_by(order, P.content_id)
        .limit(TOP_N)
    )
    return list(session.execute(stmt))


def _summaries(
    rows: list[Any], found: dict[uuid.UUID | None, list[Insight]], tz: ZoneInfo, *, best_first: bool
) -> list[PieceSummary]:
    return [
        to_summary(r, tz, sorted(found.get(r.id, []), key=lambda i: factor_key(i, best_first)))
        for r in rows
    ]


def platform_comparison(
    session: Session, creator_id: uuid.UUID, *, period: str = "30d", now: datetime
) -> list[PlatformStat]:
    """Per-platform figures over the period."""
    since = period_start(period, now)
    creator_zone(session, creator_id)
    return platform_stats(period_totals(session, creator_id, since, None))
