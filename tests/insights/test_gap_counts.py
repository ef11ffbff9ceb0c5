"""The figures each platform lacks, counted from a refresh's columns, equal the SQL grouping.

On SQLite and PostgreSQL: pieces on three platforms, some brought by an API, some lacking likes,
saves or retention, and some the scores cannot use (neither views nor reach known): the gaps
counted from the columns and the unscored rows are those ``availability.gaps`` groups in SQL,
and what a refresh stores says so.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import update

from insights.availability import INSIGHT_TYPE, gaps
from insights.gap_counts import column_gaps
from insights.insight_rows import creator_insights
from insights.piece_columns import load_columns
from insights.refresh import refresh_creator
from insights.unscored import unscored
from storage import Database
from storage.models import ContentPerformance, ContentPiece
from tests.support.builders import NOW, Spec, add_pieces, make_creator

P, C = ContentPerformance, ContentPiece


def _catalogue(db: Database) -> uuid.UUID:
    specs = [
        Spec(platform=platform, views=900 + 37 * i, published_at=NOW - timedelta(days=8 + i))
        for i, platform in enumerate(["youtube", "tiktok", "instagram"] * 6)
    ]
    with db.unit_of_work() as s:
        creator = make_creator(s)
        ids = add_pieces(s, creator, specs)
        youtube, tiktok, instagram = (ids[n::3] for n in range(3))
        s.execute(update(P).where(P.content_id.in_(youtube)).values(likes=None))
        lacking = dict.fromkeys(("saves", "retention_rate"))
        s.execute(update(P).where(P.content_id.in_(tiktok)).values(**lacking))
        s.execute(update(C).where(C.id.in_(tiktok[:2])).values(source="tiktok-sync"))
        # Unscoreable Instagram pieces: the only ones reporting retention there.
        s.execute(update(P).where(P.content_id.in_(instagram)).values(retention_rate=None))
        unknown = {"views": None, "reach": None, "retention_rate": 0.3}
        s.execute(update(P).where(P.content_id.in_(instagram[:2])).values(**unknown))
        refresh_creator(s, creator.id, NOW)
    return creator.id


def test_gaps_counted_from_the_columns_equal_sql_grouping(db: Database) -> None:
    creator_id = _catalogue(db)
    with db.read() as s:
        counted = column_gaps(load_columns(s, creator_id), unscored(s, creator_id))
        grouped = gaps(s, creator_id)
        stored = [i for i in creator_insights(s, creator_id) if i.insight_type == INSIGHT_TYPE]
    assert counted == grouped
    assert {(g.platform, g.figures, g.from_api) for g in counted} == {
        ("youtube", ("likes",), False),
        ("tiktok", ("saves", "retention_rate"), True),
    }
    assert sorted(i.supporting_data["platform"] for i in stored) == ["tiktok", "youtube"]
