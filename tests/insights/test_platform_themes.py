"""One platform's themes, each tested against the platform's other judged pieces
(insights.platform_themes)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from insights.platform_themes import PLATFORM_THEMES_CACHE, platform_themes
from storage import Database
from storage.errors import InvalidInput
from tests.support.builders import NOW, Spec, scored_creator


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    PLATFORM_THEMES_CACHE.clear()


def _piece(views: int, days_ago: float, theme: str, platform: str = "tiktok") -> Spec:
    kind = "short" if platform == "tiktok" else "video"
    spec = Spec(views=views, published_at=NOW - timedelta(days=days_ago), theme=theme)
    counts = {"likes": views // 20, "comments": views // 200, "shares": views // 500}
    return replace(spec, platform=platform, content_type=kind, duration_seconds=40, **counts)


def _catalogue(tutorial_views: int) -> list[Spec]:
    """Twelve TikTok tutorials among 24 other TikToks, and YouTube pieces where tutorials flop."""
    tutorials = [_piece(tutorial_views + 37 * n, 20 + 3 * n, "tutorials") for n in range(12)]
    others = [_piece(5000 + 41 * n, 21 + 3 * n, ("tips", "vlogs")[n % 2]) for n in range(24)]
    youtube = [_piece(800 + n, 22 + 3 * n, "tutorials", "youtube") for n in range(12)]
    youtube += [_piece(9000 + n, 23 + 3 * n, "vlogs", "youtube") for n in range(12)]
    return tutorials + others + youtube


def _themes(db: Database, creator_id: uuid.UUID, platform: str = "tiktok"):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return platform_themes(session, creator_id, NOW, platform)


def test_a_theme_that_does_better_on_the_platform_is_found_there(db: Database) -> None:
    found = _themes(db, scored_creator(db, _catalogue(tutorial_views=40_000)))
    assert found.platform == "tiktok" and found.judged == 36
    assert found.themes[0].name == "tutorials"
    assert {t.name: t.pieces for t in found.themes} == {"tutorials": 12, "tips": 12, "vlogs": 12}
    claimed = found.found
    assert claimed and claimed[0].name == "tutorials" and claimed[0].better
    assert claimed[0].test is not None and claimed[0].test.rest_size == 24  # TikTok only


def test_themes_that_score_alike_are_not_claimed(db: Database) -> None:
    found = _themes(db, scored_creator(db, _catalogue(tutorial_views=5200)))
    assert found.tested and found.found == []


def test_a_platform_without_judged_pieces_has_no_themes(db: Database) -> None:
    found = _themes(db, scored_creator(db, _catalogue(5000)), platform="instagram")
    assert (found.judged, found.themes, found.tested) == (0, [], False)


def test_no_platform_or_an_unknown_one_is_refused(db: Database) -> None:
    creator_id = scored_creator(db, _catalogue(5000))
    with db.read() as session, pytest.raises(InvalidInput):
        platform_themes(session, creator_id, NOW, "")
    with db.read() as session, pytest.raises(InvalidInput):
        platform_themes(session, creator_id, NOW, "myspace")


def test_a_platforms_best_day_is_kept_until_its_data_or_timezone_changes(db: Database) -> None:
    from insights.platform_timing import PLATFORM_TIMING_CACHE, platform_timing
    from storage.data_version import touch
    from storage.models import ContentPiece, Creator

    PLATFORM_TIMING_CACHE.clear()
    creator_id = scored_creator(db, _catalogue(5000))
    with db.read() as session:
        first = platform_timing(session, creator_id, "tiktok")
        assert platform_timing(session, creator_id, "tiktok") is first  # kept
    assert first.pieces == 36
    with db.unit_of_work() as session:
        piece = session.query(ContentPiece).filter_by(creator_id=creator_id, number=1).one()
        piece.platform = "instagram"
        touch(session, [creator_id])
    with db.read() as session:
        assert platform_timing(session, creator_id, "tiktok").pieces == 35
    with db.unit_of_work() as session:
        session.get(Creator, creator_id).timezone = "Asia/Tokyo"  # type: ignore[union-attr]
    with db.read() as session:
        moved = platform_timing(session, creator_id, "tiktok")
    assert moved.timezone == "Asia/Tokyo"
