"""Where one theme does best: its judged pieces on each platform, tested against the theme's
pieces elsewhere (insights.theme_platforms)."""

from __future__ import annotations

import statistics
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from insights.theme_platforms import THEME_PLATFORMS_CACHE, ThemePlatforms, theme_platforms
from storage import Database
from storage.errors import InvalidInput
from tests.support.builders import NOW, Spec, add_pieces, make_creator, scored_creator


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    THEME_PLATFORMS_CACHE.clear()


def _piece(views: int, days_ago: float, theme: str, platform: str = "tiktok") -> Spec:
    kind = "short" if platform == "tiktok" else "video"
    spec = Spec(views=views, published_at=NOW - timedelta(days=days_ago), theme=theme)
    counts = {"likes": views // 20, "comments": views // 200, "shares": views // 500}
    return replace(spec, platform=platform, content_type=kind, duration_seconds=40, **counts)


def _catalogue(tiktok_tutorials: int, youtube_tutorials: int) -> list[Spec]:
    """Tutorials among other themes on TikTok and on YouTube, at the views given."""
    specs = [_piece(tiktok_tutorials + 37 * n, 20 + 3 * n, "tutorials") for n in range(12)]
    specs += [_piece(5000 + 41 * n, 21 + 3 * n, ("tips", "vlogs")[n % 2]) for n in range(24)]
    specs += [_piece(youtube_tutorials + n, 22 + 3 * n, "tutorials", "youtube") for n in range(12)]
    specs += [_piece(9000 + 13 * n, 23 + 3 * n, "vlogs", "youtube") for n in range(12)]
    return specs


def _found(db: Database, creator_id: uuid.UUID, theme: str = "tutorials") -> ThemePlatforms:
    with db.read() as session:
        return theme_platforms(session, creator_id, NOW, theme)


def test_a_theme_that_stands_out_on_one_platform_is_found_there(db: Database) -> None:
    found = _found(db, scored_creator(db, _catalogue(40_000, 800)))
    assert found.theme == "tutorials" and found.judged == 24
    assert [p.name for p in found.platforms] == ["tiktok", "youtube"]  # best median score first
    assert {p.name: p.pieces for p in found.platforms} == {"tiktok": 12, "youtube": 12}
    claimed = found.found
    assert claimed and {p.name for p in claimed} == {"tiktok", "youtube"}
    tiktok = next(p for p in claimed if p.name == "tiktok")
    assert tiktok.better and tiktok.test is not None and tiktok.test.rest_size == 12


def test_the_median_views_are_the_themes_own_on_each_platform(db: Database) -> None:
    found = _found(db, scored_creator(db, _catalogue(40_000, 800)))
    expected = statistics.median(40_000 + 37 * n for n in range(12))
    assert found.median_views == {"tiktok": expected, "youtube": statistics.median(range(800, 812))}


def test_a_theme_that_scores_alike_everywhere_is_not_claimed(db: Database) -> None:
    found = _found(db, scored_creator(db, _catalogue(5200, 9000)))
    assert found.tested and found.found == []


def test_the_theme_is_matched_without_case_or_plural(db: Database) -> None:
    creator_id = scored_creator(db, _catalogue(40_000, 800))
    assert _found(db, creator_id, " Tutorial ").theme == "tutorials"


def test_an_unknown_theme_is_refused_naming_the_creators_themes(db: Database) -> None:
    creator_id = scored_creator(db, _catalogue(40_000, 800))
    with pytest.raises(InvalidInput, match="unknown theme 'unboxing': your themes are tips, "):
        _found(db, creator_id, "unboxing")


def test_another_creators_pieces_never_count(db: Database) -> None:
    creator_id = scored_creator(db, _catalogue(40_000, 800))
    with db.unit_of_work() as session:
        other = make_creator(session, "bo")
        add_pieces(session, other, [_piece(1, 30, "tutorials", "instagram") for _ in range(8)])
    found = _found(db, creator_id)
    assert {p.name for p in found.platforms} == {"tiktok", "youtube"} and found.judged == 24
