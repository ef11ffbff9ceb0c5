"""Theme aggregates come from the refresh's columns, and equal grouping the stored rows in SQL.

On SQLite and PostgreSQL: pieces of two themes, some with unreported figures, and two pieces the
scores cannot use (neither views nor reach known) that still hold a stored rate and an old
score: each theme's count, views, mean rate and mean score are what SQL's ``avg`` gives over
the stored rows, after a full refresh and after a refresh following a write.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from insights.refresh import refresh_all, refresh_creator
from storage import Database
from storage.models import ContentPerformance, ContentPiece, ContentTheme
from tests.support.builders import NOW, Spec, add_pieces, make_creator

P, C, T = ContentPerformance, ContentPiece, ContentTheme


def _specs() -> list[Spec]:
    specs = [
        Spec(
            views=3_000 + 611 * i,
            likes=90 + 7 * i,
            theme=("Talks", "Drills")[i % 2],
            engagement_rate=None if i % 3 else 4.0 + i / 7,
            published_at=NOW - timedelta(days=9 + i),
        )
        for i in range(14)
    ]
    unscored = Spec(views=None, reach=None, theme="Talks", engagement_rate=3.3)  # type: ignore[arg-type]
    return [*specs, unscored, unscored]


def _grouped_in_sql(db: Database, creator_id: uuid.UUID) -> dict[str, tuple[Any, ...]]:
    stmt = (
        select(C.theme, func.count(), func.sum(P.views), func.avg(P.engagement_rate))
        .add_columns(func.coalesce(func.avg(P.performance_score), 0.0))
        .join(P, P.content_id == C.id)
        .where(C.creator_id == creator_id, C.theme.is_not(None))
        .group_by(C.theme)
    )
    with db.read() as s:
        rows = s.execute(stmt).all()
    return {r[0]: (r[1], int(r[2] or 0), round(r[3] or 0.0, 4), round(r[4], 4)) for r in rows}


def _stored(db: Database, creator_id: uuid.UUID) -> dict[str, tuple[Any, ...]]:
    columns = (T.theme, T.content_count, T.total_views, T.avg_engagement_rate)
    stmt = select(*columns, T.avg_performance_score).where(T.creator_id == creator_id)
    with db.read() as s:
        return {r[0]: tuple(r[1:]) for r in s.execute(stmt).all()}


@pytest.mark.parametrize("refresh", [refresh_all, refresh_creator])
def test_theme_aggregates_equal_sql_grouping_of_the_stored_rows(db: Database, refresh: Any) -> None:
    with db.unit_of_work() as s:
        creator = make_creator(s)
        ids = add_pieces(s, creator, _specs())
        # An old score the unscoreable pieces kept from before their views were hidden.
        s.execute(update(P).where(P.content_id.in_(ids[-2:])).values(performance_score=71.5))
        refresh(s, creator.id, NOW)
    stored = _stored(db, creator.id)
    assert stored == _grouped_in_sql(db, creator.id)
    assert stored["Talks"][0] == 9  # the two unscoreable pieces are counted
