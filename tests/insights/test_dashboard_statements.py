"""The dashboard's statements are built once and reused: each call must read its own creator,
period and platform, whatever was asked before (checked against plain ORM queries)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insights.dashboard import CREATOR_INSIGHTS_N, DASHBOARD_CACHE, TOP_N, build_dashboard
from insights.insight_rows import creator_insights, distinct_titles, factor_key, piece_insights
from storage import Database
from storage.models import ContentPerformance, ContentPiece
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW

P, C = ContentPerformance, ContentPiece
DAYS = {"7d": 7, "30d": 30, "90d": 90, "all": None}


def _reference(
    s: Session, creator: uuid.UUID, period: str, platform: str | None
) -> tuple[int, int, list[uuid.UUID]]:
    """Piece count, total views and the best overperforming ids, straight from the ORM."""
    where = [C.creator_id == creator]
    if DAYS[period] is not None:
        where.append(C.published_at >= NOW - timedelta(days=DAYS[period]))  # type: ignore[arg-type]
    if platform is not None:
        where.append(C.platform == platform)
    totals = select(func.count(), func.coalesce(func.sum(P.views), 0)).select_from(C)
    count, views = s.execute(totals.join(P, P.content_id == C.id).where(*where)).one()
    best = s.scalars(
        select(C.id)
        .join(P, P.content_id == C.id)
        .where(*where, P.performance_category == "overperforming", P.is_provisional.is_(False))
        .order_by(P.performance_score.desc(), C.id)
        .limit(TOP_N)
    )
    return count, views, list(best)


def test_reused_statements_read_each_requests_own_rows(db: Database) -> None:
    creators = [
        simulated_creator(db, pieces=90, seed=1, handle="one"),
        simulated_creator(db, pieces=60, seed=2, handle="two"),
    ]
    asked = [
        (creator, period, platform)
        for period in DAYS
        for platform in (None, "tiktok", "youtube")
        for creator in creators
    ]
    with db.read() as s:
        for creator, period, platform in asked:
            DASHBOARD_CACHE.clear()
            board = build_dashboard(s, creator, period=period, platform=platform, now=NOW)
            count, views, best = _reference(s, creator, period, platform)
            assert board.summary.total_content == count
            assert board.summary.total_views == views
            assert [uuid.UUID(p.id) for p in board.top_performers] == best


def test_the_dashboard_shows_the_same_insights_the_full_reads_give(db: Database) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.read() as s:
        DASHBOARD_CACHE.clear()
        board = build_dashboard(s, creator, period="all", now=NOW)
        every = creator_insights(s, creator)
        listed = board.top_performers + board.needs_attention
        factors = piece_insights(s, creator, [uuid.UUID(p.id) for p in listed])
    assert len(every) > CREATOR_INSIGHTS_N  # else the limit is not exercised
    assert board.insights == every[:CREATOR_INSIGHTS_N]
    assert any(p.insights for p in listed)
    for best_first, pieces in ((True, board.top_performers), (False, board.needs_attention)):
        for piece in pieces:
            expected = factors.get(uuid.UUID(piece.id), [])
            ordered = sorted(expected, key=lambda i: factor_key(i, best_first))
            assert piece.insights == distinct_titles(ordered)  # a title worded alike shows once
