"""The dashboard: summary, top performers, needs attention, themes, platforms, insights.

A cold build is four reads: the creator's timezone and data stamp, one GROUP BY for the period
and the trend's previous window, the period's best and worst pieces (one UNION ALL), and their
factors with the creator-level insights (one UNION ALL). Built dashboards are kept in an
in-process cache (insights/view_cache.py), so a repeated request costs the stamp read alone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, literal_column, select, union_all
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from insights.aggregates import (
    Bucketed,
    Totals,
    bucketed_totals,
    engagement_of,
    platform_stats,
    summarise,
    trend_between,
)
from insights.aggregates import theme_stats as fold_themes
from insights.filters import check_platform, period_length, period_start, trend_window
from insights.insight_rows import distinct_titles, factor_key, insights_for
from insights.piece_queries import PERFORMANCE, PIECES, summary_core, to_summary
from insights.view_cache import Entry, ViewCache
from insights.view_models import Dashboard, Insight, PieceSummary, PlatformStat
from storage.data_version import read_state
from storage.db import Database
from storage.errors import NotFound

TOP_N = 5
CREATOR_INSIGHTS_N = 6
DASHBOARD_CACHE = ViewCache()
NO_CREATOR = uuid.UUID(int=0)
WARM_PERIODS = ("30d", "all")  # the page's default and the chat's dashboard


@dataclass(frozen=True)
class Windows:
    """Which rows a dashboard reads, split at boundaries ``now - offset`` (ascending)."""

    start: datetime | None
    offsets: tuple[timedelta, ...]
    period_buckets: frozenset[int]
    previous_bucket: int
    current_bucket: int | None  # None: the trend's current window is the period itself


def windows(period: str, now: datetime) -> Windows:
    """The period's and the engagement trend's windows, as bucket numbers."""
    length = period_length(period)
    if length is not None:
        # Buckets: 1 = the 'length' before the period (the trend's previous), 2 = the period.
        return Windows(now - 2 * length, (2 * length, length), frozenset({2}), 1, None)
    w = trend_window(period)
    # All time: every bucket; the trend compares [now-2w, now-w) with [now-w, now).
    return Windows(None, (2 * w, w, timedelta(0)), frozenset({0, 1, 2, 3}), 1, 2)


def build_dashboard(
    session: Session,
    creator_id: uuid.UUID,
    *,
    period: str = "30d",
    platform: str | None = None,
    now: datetime,
) -> Dashboard:
    """The seed's dashboard for one creator, period (7d|30d|90d|all) and optional platform."""
    span = windows(period, now)
    platform = check_platform(platform)
    state = read_state(session, creator_id)
    if state is None:
        raise NotFound("creator not found")
    key = (creator_id, period.strip().lower(), platform)
    cached = DASHBOARD_CACHE.get(key, state, now)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    board, valid_until = _build(session, creator_id, key[1], platform, now, state, span)
    DASHBOARD_CACHE.put(key, Entry(state, now, valid_until, board))
    return board


def warm_up(db: Database, now: datetime) -> Dashboard | None:
    """Build the first views' dashboards once for no creator (every read finds nothing), so
    SQLAlchemy compiles their statements and the driver loads its types before a person asks.

    Returns the empty all-time dashboard (a page can render it to warm its template), or None
    when the database does not answer: the first request then pays, and reports, as before.
    """
    try:
        with db.read() as session:
            read_state(session, NO_CREATOR)
            # With a stamp: the cells' statements get compiled too (and the rows', as no cells
            # hold it).
            nobody = ("UTC", NO_CREATOR)
            built = [
                _build(session, NO_CREATOR, p, None, now, nobody, windows(p, now))[0]
                for p in WARM_PERIODS
            ]
            # No creator lists no pieces; a real dashboard also reads its pieces' factors.
            insights_for(session, NO_CREATOR, [NO_CREATOR], creator_limit=CREATOR_INSIGHTS_N)
    except DBAPIError:
        return None
    return built[-1]


def _build(
    session: Session,
    creator_id: uuid.UUID,
    period: str,
    platform: str | None,
    now: datetime,
    state: tuple[str, uuid.UUID | None],
    span: Windows,
) -> tuple[Dashboard, datetime | None]:
    """The dashboard for the creator's ``state`` (timezone, data stamp), and until when it
    holds."""
    tz_name, stamp = state
    boundaries = [now - offset for offset in span.offsets]
    found_cells = bucketed_totals(
        session, creator_id, boundaries, start=span.start, platform=platform, cells_stamp=stamp
    )
    cells = [c.totals for c in found_cells if c.bucket in span.period_buckets]
    trend = _trend(found_cells, span, cells)
    top_rows, bottom_rows = _ranked(session, creator_id, period_start(period, now), platform)
    # One read for the listed pieces' factors and the creator-level insights together.
    listed = [r.id for r in [*top_rows, *bottom_rows]]
    found = insights_for(session, creator_id, listed, creator_limit=CREATOR_INSIGHTS_N)
    tz = ZoneInfo(tz_name)
    board = Dashboard(
        period=period,
        platform=platform,
        timezone=tz_name,
        summary=summarise(cells, trend),
        top_performers=_summaries(top_rows, found, tz, best_first=True),
        needs_attention=_summaries(bottom_rows, found, tz, best_first=False),
        themes=fold_themes(cells),
        platform_comparison=platform_stats(cells),
        insights=found.get(None, [])[:CREATOR_INSIGHTS_N],
    )
    return board, valid_until(found_cells, span, now)


def _trend(found: list[Bucketed], span: Windows, cells: list[Totals]) -> str:
    """The engagement trend: this period against the one before (all time: last 30 days)."""
    previous = engagement_of(c.totals for c in found if c.bucket == span.previous_bucket)
    if span.current_bucket is None:
        current = engagement_of(cells)
    else:
        current = engagement_of(c.totals for c in found if c.bucket == span.current_bucket)
    return trend_between(previous, current)


def valid_until(found: list[Bucketed], span: Windows, now: datetime) -> datetime | None:
    """Until when the same request gives the same dashboard (None: until the data changes).

    A piece published at p is at or after boundary ``now - offset`` while now <= p + offset, so
    the answer changes first when the earliest piece at or after a boundary crosses it.
    """
    limits = []
    for index, offset in enumerate(span.offsets, start=1):
        after = [c.first_published for c in found if c.bucket >= index]
        if after:
            limits.append(min(after) + offset)
    return min(limits, default=None)


def _ranked(
    session: Session, creator_id: uuid.UUID, since: datetime | None, platform: str | None
) -> tuple[list[Any], list[Any]]:
    """The period's best overperforming and worst underperforming judged pieces, in one read."""
    stmt = _ranked_statement(since is not None, platform is not None)
    params = {"creator_id": creator_id, "since": since, "platform": platform}
    rows = list(session.connection().execute(stmt, params))
    top = sorted((r for r in rows if r.side == 0), key=lambda r: (-r.performance_score, r.id))
    bottom = sorted((r for r in rows if r.side == 1), key=lambda r: (r.performance_score, r.id))
    return top, bottom


@lru_cache(maxsize=4)
def _ranked_statement(has_since: bool, has_platform: bool) -> Any:
    """The UNION ALL of both sides, built once per shape (Core, parameters bound per call)."""
    pc, pp = PIECES.c, PERFORMANCE.c
    parts = []
    for side, category in enumerate(("overperforming", "underperforming")):
        # Filtering on the performance row's creator lets the (creator, score) index drive: the
        # walk down the scores stops after a handful of rows.
        stmt = (
            summary_core()
            .add_columns(literal_column(str(side)).label("side"))
            .where(
                pp.creator_id == bindparam("creator_id"),
                pp.performance_category == literal_column(f"'{category}'"),
                pp.is_provisional.is_(False),
            )
            .order_by(pp.performance_score.desc() if side == 0 else pp.performance_score, pc.id)
            .limit(TOP_N)
        )
        if has_since:
            stmt = stmt.where(pc.published_at >= bindparam("since"))
        if has_platform:
            stmt = stmt.where(pc.platform == bindparam("platform"))
        parts.append(select(stmt.subquery()))
    return union_all(*parts)


def _summaries(
    rows: list[Any], found: dict[uuid.UUID | None, list[Insight]], tz: ZoneInfo, *, best_first: bool
) -> list[PieceSummary]:
    def sort_key(insight: Insight) -> tuple[Any, ...]:
        return factor_key(insight, best_first)

    return [
        to_summary(r, tz, distinct_titles(sorted(found.get(r.id, []), key=sort_key))) for r in rows
    ]


def platform_comparison(
    session: Session, creator_id: uuid.UUID, *, period: str = "30d", now: datetime
) -> list[PlatformStat]:
    """Per-platform figures over the period: the all-platform dashboard's, cached with it."""
    return build_dashboard(session, creator_id, period=period, now=now).platform_comparison
