"""list_content pages and totals match a plain sort of every piece, for each sort and filter."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from insights.content import list_content
from storage import Database
from storage.models import ContentPerformance, ContentPiece
from tests.insights.simulated import simulated_creator


@pytest.mark.parametrize("sort", ["score", "lowest", "views", "published"])
def test_pages_follow_a_plain_sort(db: Database, sort: str) -> None:
    creator = simulated_creator(db, pieces=90, seed=5)
    with db.read() as s:
        rows = s.execute(
            select(
                ContentPiece.number,
                ContentPiece.platform,
                ContentPiece.published_at,
                ContentPerformance.performance_score,
                ContentPerformance.performance_category,
                ContentPerformance.views,
            )
            .join(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
            .where(ContentPiece.creator_id == creator)
        ).all()
        keys = {
            "score": lambda r: (
                r.performance_score is not None,
                r.performance_score or 0,
                r.number,
            ),
            "lowest": lambda r: (
                r.performance_score is not None,
                -(r.performance_score or 0),
                r.number,
            ),
            "views": lambda r: (r.views, r.number),
            "published": lambda r: (r.published_at, r.number),
        }
        for platform in (None, "tiktok"):
            for category in (None, "overperforming", "underperforming"):
                chosen = [
                    r
                    for r in rows
                    if platform in (None, r.platform) and category in (None, r.performance_category)
                ]
                expected = [r.number for r in sorted(chosen, key=keys[sort], reverse=True)]
                page = list_content(
                    s, creator, platform=platform, category=category, sort=sort, page_size=7
                )
                assert page.total == len(chosen)
                assert [p.number for p in page.items] == expected[:7], (platform, category)
                if page.total > 7:
                    second = list_content(
                        s,
                        creator,
                        platform=platform,
                        category=category,
                        sort=sort,
                        page=2,
                        page_size=7,
                    )
                    assert [p.number for p in second.items] == expected[7:14]
