"""Formats side by side: judged pieces grouped by platform and format, with their raw medians."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from insights.formats import about_formats, formats
from insights.refresh import refresh_all
from insights.view_models import Insight
from storage import Database
from tests.support.builders import NOW, Spec, add_pieces, make_creator, scored_creator

LONG = Spec(content_type="video", duration_seconds=600)
SHORT = Spec(content_type="short", duration_seconds=40)
REEL = Spec(platform="instagram", content_type="reel", duration_seconds=30)


def _pieces() -> list[Spec]:
    """Long videos of 1,000-5,000 views, shorts of 10,000-40,000 (and one of unknown views), three
    reels, two carousels (too few to compare) and a piece too young to judge."""
    long = [
        replace(LONG, views=v, engagement_rate=e)
        for v, e in zip((1000, 2000, 3000, 4000, 5000), (4.0, 5.0, 6.0, 7.0, 8.0), strict=True)
    ]
    short = [replace(SHORT, views=v) for v in (10_000, 20_000, 30_000, 40_000)]
    short.append(replace(SHORT, views=None))  # type: ignore[arg-type]
    reels = [replace(REEL, views=v) for v in (7, 8, 9)]
    carousels = [Spec(platform="instagram", content_type="carousel", views=5)] * 2
    young = replace(LONG, views=99_999, published_at=NOW - timedelta(hours=3))
    return [*long, *short, *reels, *carousels, young]


def test_each_format_gets_its_judged_pieces_and_their_medians(db: Database) -> None:
    creator_id = scored_creator(db, _pieces())
    with db.read() as session:
        found = formats(session, creator_id, NOW)
    table = [(s.platform, s.format, s.pieces, s.median_views) for s in found.stats]
    assert table == [
        ("youtube", "long", 5, 3000),
        ("youtube", "short", 4, 25_000),  # unknown views: not judged, so not counted as 0
        ("instagram", "short", 3, 8),
    ]
    assert found.stats[0].median_engagement == 6.0


def test_one_platform_and_another_creator_are_kept_apart(db: Database) -> None:
    mine = scored_creator(db, _pieces())
    with db.unit_of_work() as s:
        other_creator = make_creator(s, "bo")
        add_pieces(s, other_creator, [replace(REEL, views=1_000_000)] * 4)
        refresh_all(s, other_creator.id, NOW)
        theirs = other_creator.id
    with db.read() as session:
        on_instagram = formats(session, mine, NOW, "instagram")
        other = formats(session, theirs, NOW)
    assert [(s.platform, s.pieces) for s in on_instagram.stats] == [("instagram", 3)]
    assert [(s.platform, s.median_views) for s in other.stats] == [("instagram", 1_000_000)]


def test_a_format_pattern_counts_for_the_platforms_it_was_tested_on() -> None:
    tested = Insight("Short-form does better", "…", "high", True, pattern_key="format:short")
    on_youtube = replace(tested, supporting_data={"platforms": ["youtube"]})
    assert about_formats(on_youtube, None) and about_formats(on_youtube, "youtube")
    assert not about_formats(on_youtube, "tiktok")
    assert not about_formats(replace(on_youtube, pattern_key="theme:tips"), None)
