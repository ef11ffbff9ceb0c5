"""Content lists and the detail of one piece (found by its short per-creator number)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insights.baseline import ScoreInput
from insights.comparison import comparison_block, score_input, target_comparison
from insights.filters import check_category, check_paging, check_platform, check_sort
from insights.insight_rows import distinct_titles, factor_key, piece_insights
from insights.metrics import format_class
from insights.piece_queries import C, P, creator_zone, scoped, summary_select, to_summary
from insights.score_math import ScoreResult
from insights.scoring import DEFAULT_SCORING
from insights.themes import named_theme
from insights.view_cache import Entry, ViewCache
from insights.view_models import (
    Comparison,
    ContentDetail,
    ContentPage,
    Insight,
    Metrics,
    PerformanceBlock,
)
from storage.data_version import read_state
from storage.errors import InvalidInput, NotFound

_ORDER: dict[str, tuple[Any, ...]] = {
    "score": (P.performance_score.desc().nulls_last(), C.number.desc()),
    "lowest": (P.performance_score.asc().nulls_last(), C.number.desc()),
    "views": (P.views.desc(), C.number.desc()),
    "published": (C.published_at.desc(), C.number.desc()),
}

# Piece details (without the comparison), per creator data stamp and timezone.
DETAIL_CACHE = ViewCache()


def list_content(
    session: Session,
    creator_id: uuid.UUID,
    *,
    platform: str | None = None,
    theme: str | None = None,
    category: str | None = None,
    sort: str = "score",
    page: int = 1,
    page_size: int = 20,
) -> ContentPage:
    """One page of the creator's pieces, filtered and sorted."""
    platform, category, sort = check_platform(platform), check_category(category), check_sort(sort)
    check_paging(page, page_size)
    _, tz = creator_zone(session, creator_id)
    # By score, scoping by the performance row's creator lets the (creator, score) index drive
    # the walk, which stops after one page instead of sorting every piece.
    stmt = scoped(summary_select(), creator_id, platform=platform, by_score=sort == "score")
    if theme is not None:
        stmt = stmt.where(C.theme == named_theme(session, creator_id, theme))
    if category is not None:
        stmt = stmt.where(P.performance_category == category)
    total = _count(
        session,
        creator_id,
        stmt,
        piece_filters=platform is not None or theme is not None,
        category=category,
    )
    pages = max(1, -(-total // page_size))
    if page > pages:
        raise InvalidInput(
            f"page {page} is past the end: {total} pieces make {pages} page(s) of {page_size}"
        )
    rows = session.execute(
        stmt.order_by(*_ORDER[sort]).offset((page - 1) * page_size).limit(page_size)
    )
    items = [to_summary(r, tz) for r in rows]
    return ContentPage(items=items, page=page, page_size=page_size, total=total)


def _count(
    session: Session,
    creator_id: uuid.UUID,
    stmt: Any,
    *,
    piece_filters: bool,
    category: str | None,
) -> int:
    """How many rows ``stmt`` lists; without piece filters, from the performance index alone."""
    if piece_filters:
        return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    # Every performance row belongs to one piece (a foreign key), so the join adds nothing here.
    count = select(func.count()).select_from(P).where(P.creator_id == creator_id)
    if category is not None:
        count = count.where(P.performance_category == category)
    return session.scalar(count) or 0


def content_detail(
    session: Session, creator_id: uuid.UUID, number: int, *, now: datetime
) -> ContentDetail:
    """Everything about the creator's piece ``number``; NotFound if it is not theirs.

    The piece's own part is cached per creator data stamp and timezone (one read checks both);
    the comparison comes from the shared baseline cache, which knows when time alone moves it.
    """
    state = read_state(session, creator_id)
    key = ("detail", creator_id, number)
    found: tuple[ContentDetail, ScoreInput] | None = DETAIL_CACHE.get(key, state, now)
    if found is None:
        found = _piece_detail(session, creator_id, number)
        DETAIL_CACHE.put(key, Entry(state, now, None, found))
    detail, target = found
    comparison = target_comparison(
        session, creator_id, target, state, now=now, config=DEFAULT_SCORING
    )
    return replace(detail, comparison=comparison)


def _piece_detail(
    session: Session, creator_id: uuid.UUID, number: int
) -> tuple[ContentDetail, ScoreInput]:
    _, tz = creator_zone(session, creator_id)
    piece = session.scalar(select(C).where(C.creator_id == creator_id, C.number == number))
    if piece is None or piece.performance is None:
        raise NotFound(f"there is no piece #{number} in your content")
    perf = piece.performance
    factors = piece_insights(session, creator_id, [piece.id]).get(piece.id, [])
    detail = ContentDetail(
        id=str(piece.id),
        number=piece.number,
        title=piece.title,
        platform=piece.platform,
        content_type=piece.content_type,
        format_class=format_class(piece.content_type, piece.duration_seconds),
        theme=piece.theme,
        url=piece.url,
        description=piece.description,
        published_at=piece.published_at.astimezone(tz),
        publish_time_known=piece.publish_time_known,
        duration_seconds=piece.duration_seconds,
        metrics=_metrics(perf),
        performance=PerformanceBlock(
            performance_score=perf.performance_score,
            percentile_rank=perf.percentile_rank,
            performance_category=perf.performance_category,
            views=perf.views,
            engagement_rate=None
            if perf.engagement_rate is None
            else round(perf.engagement_rate, 2),
            retention_rate=perf.retention_rate,
            is_provisional=perf.is_provisional,
        ),
        comparison=None,
        success_factors=_sorted(f for f in factors if f.insight_type == "success_factor"),
        failure_factors=_sorted(f for f in factors if f.insight_type == "failure_factor"),
    )
    return detail, score_input(piece)


def _sorted(factors: Iterable[Insight]) -> list[Insight]:
    return distinct_titles(sorted(factors, key=lambda f: factor_key(f, f.is_positive)))


def _metrics(perf: Any) -> Metrics:
    names = Metrics.__dataclass_fields__
    return Metrics(**{name: getattr(perf, name) for name in names})


def comparison_of(result: ScoreResult) -> Comparison:
    """The comparison block of a scored piece."""
    return comparison_block(
        result.baseline, result.view_ratio, result.engagement_ratio, result.retention_ratio
    )
