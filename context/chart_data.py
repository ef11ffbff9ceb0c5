"""Chart specs filled from one creator's data, for tool replies and ``whatsworking chart``."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from statistics import median
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from context import charts
from context.formatting import platform_name
from context.reply import ChartSpec
from insights.dashboard import build_dashboard
from insights.growth import piece_growth
from insights.themes import list_themes
from insights.view_cache import Entry, ViewCache
from insights.view_models import Dashboard, PlatformStat, ThemeStat
from plans import list_plans
from plans.views import PlanSummary
from storage.data_version import read_state
from storage.errors import InvalidInput, NotFound
from storage.models import ContentPerformance, ContentPiece

LABEL_CHARS = 40
HEATMAP_CACHE = ViewCache()
# The heatmap does not depend on the time of asking: its entries are valid from the epoch on.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def piece_label(number: int, title: str) -> str:
    """'#12 Title…' short enough for a bar label."""
    short = title if len(title) <= LABEL_CHARS else title[: LABEL_CHARS - 1] + "…"
    return f"#{number} {short}"


def top_bottom_chart(dashboard: Dashboard) -> ChartSpec:
    """The period's best and worst judged pieces."""
    top = [
        (piece_label(p.number, p.title), p.performance.performance_score)
        for p in dashboard.top_performers
    ]
    bottom = [
        (piece_label(p.number, p.title), p.performance.performance_score)
        for p in dashboard.needs_attention
    ]
    return charts.top_bottom(top, bottom)


def theme_chart(themes: Sequence[ThemeStat]) -> ChartSpec:
    """Each theme's average score and piece count."""
    return charts.theme_bars(
        [t.theme for t in themes],
        [t.avg_performance_score for t in themes],
        [t.content_count for t in themes],
    )


def platform_chart(stats: Sequence[PlatformStat]) -> ChartSpec:
    """Average views, engagement, retention and score per platform."""
    metrics: dict[str, Sequence[float | None]] = {
        "avg views": [s.avg_views for s in stats],
        "avg engagement (%)": [s.avg_engagement_rate for s in stats],
        "avg retention (%)": [
            None if s.avg_retention_rate is None else s.avg_retention_rate * 100 for s in stats
        ],
        "avg score": [s.avg_performance_score for s in stats],
    }
    return charts.platform_comparison([platform_name(s.platform) for s in stats], metrics)


def plan_chart(plans: Sequence[PlanSummary]) -> ChartSpec:
    """Progress of each plan."""
    return charts.plan_progress(
        [f"{p.number}. {p.name}" for p in plans], [float(p.progress_percentage) for p in plans]
    )


def score_chart(session: Session, creator_id: uuid.UUID, platform: str | None = None) -> ChartSpec:
    """The distribution of every judged piece's score."""
    stmt = (
        select(ContentPerformance.performance_score)
        .join(ContentPiece, ContentPiece.id == ContentPerformance.content_id)
        .where(
            ContentPerformance.creator_id == creator_id,
            ContentPerformance.is_provisional.is_(False),
        )
    )
    if platform is not None:
        stmt = stmt.where(ContentPiece.platform == platform)
    return charts.score_distribution(list(session.scalars(stmt)))


def heatmap_chart(session: Session, creator_id: uuid.UUID) -> ChartSpec:
    """Median score by local weekday and hour of the pieces whose posting time is known."""
    state = read_state(session, creator_id)
    if state is None:
        raise NotFound("creator not found")
    # Scores, posting times and the timezone change only with a write, which renews the stamp:
    # the medians (every timed piece read, ~100-400 ms at 10,000 pieces) are kept until then.
    key = ("posting_heatmap", creator_id)
    matrix = HEATMAP_CACHE.get(key, state, EPOCH)
    if matrix is None:
        matrix = _median_matrix(session, creator_id, ZoneInfo(state[0]))
        HEATMAP_CACHE.put(key, Entry(state, EPOCH, None, matrix))
    # A fresh spec each time: callers may change its data, the cached matrix is a tuple.
    return charts.posting_heatmap(matrix, metric="median score", timezone=state[0])


def _median_matrix(
    session: Session, creator_id: uuid.UUID, tz: ZoneInfo
) -> tuple[tuple[float | None, ...], ...]:
    rows = session.execute(
        select(ContentPiece.published_at, ContentPerformance.performance_score)
        .join(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
        .where(
            ContentPiece.creator_id == creator_id,
            ContentPiece.publish_time_known.is_(True),
            ContentPerformance.is_provisional.is_(False),
            ContentPerformance.performance_score.is_not(None),
        )
    ).all()
    cells: dict[tuple[int, int], list[float]] = defaultdict(list)
    for published, value in rows:
        local = published.astimezone(tz)
        cells[(local.weekday(), local.hour)].append(float(value or 0.0))
    return tuple(
        tuple(median(cells[(d, h)]) if cells.get((d, h)) else None for h in range(charts.HOURS))
        for d in range(charts.DAYS)
    )


def growth_chart(session: Session, creator_id: uuid.UUID, number: int) -> ChartSpec:
    """One piece's views since publishing beside the creator's typical first 48 hours."""
    found = piece_growth(session, creator_id, number)
    title = f"#{number} {found.title}"[:LABEL_CHARS] + " — views since publishing"
    return charts.growth(found.hours, found.views, found.typical, title=title)


def chart_for(
    session: Session, creator_id: uuid.UUID, kind: str, *, now: datetime, piece: int | None = None
) -> ChartSpec:
    """Any chart kind from the creator's data (dashboard charts over all time)."""
    if kind == "growth":
        if piece is None:
            raise InvalidInput("The growth chart is of one piece: name it (e.g. --piece 12).")
        return growth_chart(session, creator_id, piece)
    if kind == "score_distribution":
        return score_chart(session, creator_id)
    if kind == "top_bottom":
        return top_bottom_chart(build_dashboard(session, creator_id, period="all", now=now))
    if kind == "theme_bars":
        return theme_chart(list_themes(session, creator_id))
    if kind == "platform_comparison":
        dashboard = build_dashboard(session, creator_id, period="all", now=now)
        return platform_chart(dashboard.platform_comparison)
    if kind == "posting_heatmap":
        return heatmap_chart(session, creator_id)
    if kind == "plan_progress":
        return plan_chart(list_plans(session, creator_id, status="all", now=now))
    raise InvalidInput(
        f"Unknown chart kind {kind!r}; known kinds: {', '.join(charts.CHART_KINDS)}."
    )
