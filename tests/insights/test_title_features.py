"""Title features against scores: a number, a question, length, and the rest."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from insights.refresh import refresh_all
from insights.title_features import title_features
from storage import Database
from storage.models import Creator
from tests.support.builders import NOW, Spec, add_pieces, make_creator, scored_creator


def _piece(views: int, title: str, n: int, **fields: object) -> Spec:
    """A piece whose engagement goes with its views, one every two days back from a month ago."""
    counts = {"likes": views // 20, "comments": views // 200, "shares": views // 500}
    at = NOW - timedelta(days=30 + 2 * n)
    spec = Spec(views=views, saves=views // 300, published_at=at, title=title)
    return replace(spec, **counts, **fields)  # type: ignore[arg-type]


def _numbered(number_views: int, plain_views: int = 5000) -> list[Spec]:
    """Twelve titles with a number, twelve without, alternating in time."""
    specs = []
    for n in range(12):
        specs.append(_piece(number_views + 13 * n, f"{n + 3} ways to fix wifi", 2 * n))
        specs.append(_piece(plain_views + 17 * n, "Fixing wifi the easy way", 2 * n + 1))
    return specs


def _feature(found: object, name: str) -> object:
    return next(f for f in found.features if f.name == name)  # type: ignore[attr-defined]


def test_titles_with_a_number_that_did_better_are_named(db: Database) -> None:
    creator_id = scored_creator(db, _numbered(number_views=20_000))
    with db.read() as session:
        found = title_features(session, creator_id, NOW)
    number = _feature(found, "a number")
    assert (number.with_it, number.without) == (12, 12)  # type: ignore[attr-defined]
    assert found.found[0].name == "a number"
    assert number.test.direction > 0 and number.q_value <= 0.05  # type: ignore[attr-defined]


def test_when_titles_make_no_difference_nothing_is_claimed(db: Database) -> None:
    creator_id = scored_creator(db, _numbered(number_views=5000))
    with db.read() as session:
        found = title_features(session, creator_id, NOW)
    assert found.judged == 24 and found.found == []


def test_long_and_short_are_the_longest_and_shortest_thirds(db: Database) -> None:
    titles = ["Hi", "Short one", "A medium sized title", "A rather long title for a video here"]
    specs = [_piece(5000 + n, titles[n % 4], n) for n in range(12)]
    creator_id = scored_creator(db, specs)
    with db.read() as session:
        found = title_features(session, creator_id, NOW)
    long, short = (f for f in found.features if f.name.startswith(("a long", "a short")))
    assert (long.name, long.with_it) == ("a long title (21+ characters)", 3)
    assert (short.name, short.with_it) == ("a short title (up to 8 characters)", 3)


def test_young_pieces_other_platforms_and_other_creators_are_left_out(db: Database) -> None:
    young = _piece(90_000, "99 reasons", 0, published_at=NOW - timedelta(hours=2))
    reels = [_piece(5000, "1 reel", n, platform="instagram", content_type="reel") for n in range(4)]
    mine = scored_creator(db, [*_numbered(20_000), young, *reels])
    with db.unit_of_work() as s:
        other = make_creator(s, "bo")
        add_pieces(s, other, _numbered(5000)[:6])
        refresh_all(s, other.id, NOW)
        theirs = other.id
    with db.read() as session:
        assert title_features(session, mine, NOW, "youtube").judged == 24
        assert title_features(session, mine, NOW, "instagram").judged == 4
        assert title_features(session, theirs, NOW).judged == 6


def test_a_cached_comparison_follows_the_next_write(db: Database) -> None:
    creator_id = scored_creator(db, _numbered(20_000))
    with db.read() as session:
        assert title_features(session, creator_id, NOW).judged == 24
    with db.unit_of_work() as s:
        creator = s.get(Creator, creator_id)
        assert creator is not None
        add_pieces(s, creator, [_piece(5000, "Why is my wifi slow?", 30)])
        refresh_all(s, creator_id, NOW)
    with db.read() as session:
        found = title_features(session, creator_id, NOW)
    assert found.judged == 25 and _feature(found, "a question").with_it == 1  # type: ignore[attr-defined]
