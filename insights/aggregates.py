"""The dashboard's aggregates: one GROUP BY over the period's rows, folded in Python.

Grouping by platform, theme and verdict (a judged piece's category) yields a few dozen cells,
from which the summary, the theme table and the platform comparison are all derived, so the
period's rows are scanned once. The dashboard also groups by a time bucket (which of the
period and trend windows' boundaries a piece is at or after), so the period and the trend's
previous window come from the same single query; each cell's first publication instant tells
how long the result stays true as time moves on.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, bindparam, case, func, literal_column, select
from sqlalchemy.orm import Session

from insights.day_cells import cell_rows, verdict
from insights.rate_sums import cell_sums, mean, totals
from insights.view_models import PlatformStat, Summary, ThemeStat
from storage.models import ContentPerformance, ContentPiece

P = ContentPerformance
C = ContentPiece
_PIECES = cast(Table, C.__table__)
_PERF = cast(Table, P.__table__)
# Relative change of the average engagement rate that counts as a trend rather than noise.
TREND_THRESHOLD = 0.05


class Totals(NamedTuple):
    """Sums over one (platform, theme, category, provisional) cell."""

    platform: str
    theme: str | None
    category: str | None
    provisional: (
        bool  # not judged: provisional, or not categorised yet (the views treat both alike)
    )
    pieces: int
    views: int
    reach: int
    # Rates summed in billionths (insights/rate_sums.py): exact, whatever the order.
    engagement_sum: int
    engagement_n: int
    score_sum: int
    score_n: int
    retention_sum: int
    retention_n: int
    # Pieces whose views / reach are known: an unknown figure is left out of sums and means.
    views_n: int = 0
    reach_n: int = 0


class Bucketed(NamedTuple):
    """One cell of ``bucketed_totals``: its bucket, sums and earliest publication instant."""

    bucket: int
    totals: Totals
    first_published: datetime


def bucketed_totals(
    session: Session,
    creator_id: uuid.UUID,
    boundaries: Sequence[datetime],
    *,
    start: datetime | None,
    platform: str | None,
    cells_stamp: uuid.UUID | None = None,
) -> list[Bucketed]:
    """Cells of pieces published from ``start`` on, also keyed by how many boundaries each is at
    or after (0 .. len(boundaries)).

    Given the creator's data stamp, whole days are summed from its day cells when they hold it
    (insights/day_cells.py); otherwise the rows are grouped.
    """
    # Boundaries at or before the start hold for every row read: counted here, not in SQL.
    always = sum(1 for b in boundaries if start is not None and b <= start)
    tested = sorted(b for b in boundaries if start is None or b > start)
    rows = None
    if cells_stamp is not None:
        rows = cell_rows(
            session, creator_id, tested, start=start, platform=platform, stamp=cells_stamp
        )
    if rows is None:
        rows = _grouped_rows(session, creator_id, tested, start, platform)
    return [
        Bucketed(
            always + row[3],
            Totals(row[0], row[1], row[2], row[2] is None, *totals(row[4:-1])),
            row[-1],
        )
        for row in rows
    ]


def _grouped_rows(
    session: Session,
    creator_id: uuid.UUID,
    tested: Sequence[datetime],
    start: datetime | None,
    platform: str | None,
) -> list[Any]:
    connection = session.connection()
    shape = (len(tested), start is not None, platform is not None)
    stmt = _bucketed_statement(*shape, connection.dialect.name)
    params: dict[str, Any] = {"creator_id": creator_id, "start": start, "platform": platform}
    params.update((f"b{i}", b) for i, b in enumerate(tested))
    return list(connection.execute(stmt, params))


@lru_cache(maxsize=16)
def _bucketed_statement(tested: int, has_start: bool, has_platform: bool, dialect: str) -> Any:
    """The bucketed GROUP BY, built once per shape: Core over the tables, parameters bound at
    execution, so each call reuses SQLAlchemy's compiled form without rebuilding the statement."""
    pc, pp = _PIECES.c, _PERF.c
    zero: Any = literal_column("0")
    # Boundaries ascend, so a piece at or after b{i} is at or after all of b0..b{i}: one CASE
    # testing the latest first counts them (cheaper per row than a sum of CASEs).
    latest_first: list[Any] = [
        (pc.published_at >= bindparam(f"b{i}"), literal_column(str(i + 1)))
        for i in reversed(range(tested))
    ]
    bucket = case(*latest_first, else_=zero) if latest_first else zero
    # One key for the verdict (NULL: not judged) rather than category and provisional flag:
    # one hash key fewer per row, and the views count both kinds of unjudged piece alike.
    keys = (pc.platform, pc.theme, verdict(pp), bucket)
    stmt = (
        select(*keys, *cell_sums(pp, dialect), func.min(pc.published_at))
        .select_from(_PIECES.join(_PERF, pp.content_id == pc.id))
        .where(pc.creator_id == bindparam("creator_id"))
        .group_by(*(literal_column(str(i + 1)) for i in range(len(keys))))
    )
    if has_start:
        stmt = stmt.where(pc.published_at >= bindparam("start"))
    if has_platform:
        stmt = stmt.where(pc.platform == bindparam("platform"))
    return stmt


def trend_between(previous: tuple[float, int], current: tuple[float, int]) -> str:
    """up, down or flat: average engagement now against the period before."""
    if not previous[1] or not current[1] or previous[0] <= 0:
        return "flat"
    before, after = previous[0] / previous[1], current[0] / current[1]
    change = (after - before) / before
    if change > TREND_THRESHOLD:
        return "up"
    if change < -TREND_THRESHOLD:
        return "down"
    return "flat"


def engagement_of(cells: Iterable[Totals]) -> tuple[float, int]:
    """Sum and count of engagement rates over the cells."""
    return _sums(list(cells), "engagement")


def summarise(cells: Iterable[Totals], trend: str) -> Summary:
    """The dashboard summary from the cells."""
    counts: dict[str, int] = defaultdict(int)
    total = views = reach = eng_n = views_n = reach_n = 0
    eng_sum = 0
    for cell in cells:
        total += cell.pieces
        views += cell.views
        reach += cell.reach
        views_n += cell.views_n
        reach_n += cell.reach_n
        eng_sum += cell.engagement_sum
        eng_n += cell.engagement_n
        counts["provisional" if cell.provisional else (cell.category or "provisional")] += (
            cell.pieces
        )
    return Summary(
        total_content=total,
        overperforming_count=counts["overperforming"],
        normal_count=counts["normal"],
        underperforming_count=counts["underperforming"],
        provisional_count=counts["provisional"],
        avg_engagement_rate=mean(eng_sum, eng_n),
        total_views=int(views) if views_n else None,
        total_reach=int(reach) if reach_n else None,
        engagement_trend=trend,
    )


def _fold(cells: Iterable[Totals], key: str) -> dict[str, list[Totals]]:
    groups: dict[str, list[Totals]] = defaultdict(list)
    for cell in cells:
        value = getattr(cell, key)
        if value is not None:
            groups[value].append(cell)
    return groups


def theme_stats(cells: Iterable[Totals]) -> list[ThemeStat]:
    """Per-theme figures, best average score first."""
    stats = []
    for theme, group in _fold(cells, "theme").items():
        stats.append(
            ThemeStat(
                theme=theme,
                content_count=sum(c.pieces for c in group),
                total_views=_known_sum(group),
                avg_engagement_rate=mean(*_sums(group, "engagement")) or 0.0,
                avg_performance_score=mean(*_sums(group, "score")) or 0.0,
            )
        )
    return sorted(stats, key=lambda s: (-s.avg_performance_score, s.theme))


def _known_sum(group: Sequence[Totals]) -> int | None:
    """The views of a group's pieces that report them; None when none does."""
    if not any(c.views_n for c in group):
        return None
    return int(sum(c.views for c in group))


def platform_stats(cells: Iterable[Totals]) -> list[PlatformStat]:
    """Per-platform figures, most content first."""
    stats = []
    for platform, group in _fold(cells, "platform").items():
        count = sum(c.pieces for c in group)
        views = _known_sum(group)
        known = sum(c.views_n for c in group)
        ret_sum, ret_n = _sums(group, "retention")
        stats.append(
            PlatformStat(
                platform=platform,
                content_count=count,
                total_views=views,
                avg_views=round(views / known, 1) if views is not None and known else None,
                avg_engagement_rate=mean(*_sums(group, "engagement")),
                avg_retention_rate=mean(ret_sum, ret_n, 3),
                avg_performance_score=mean(*_sums(group, "score")),
                overperforming_count=_judged(group, "overperforming"),
                underperforming_count=_judged(group, "underperforming"),
            )
        )
    return sorted(stats, key=lambda s: (-s.content_count, s.platform))


def _sums(group: list[Totals], name: str) -> tuple[int, int]:
    return (
        sum(getattr(c, f"{name}_sum") for c in group),
        sum(getattr(c, f"{name}_n") for c in group),
    )


def _judged(group: list[Totals], category: str) -> int:
    return sum(c.pieces for c in group if c.category == category and not c.provisional)
