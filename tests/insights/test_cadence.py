"""How often the creator posts, and whether pieces posted soon after another did worse."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from insights.cadence import cadence, gap_label
from insights.refresh import refresh_all
from storage import Database
from storage.models import Creator
from tests.support.builders import NOW, Spec, add_pieces, make_creator, scored_creator

START = NOW - timedelta(days=200)


def _piece(views: int, **fields: object) -> Spec:
    """A piece whose likes, comments, shares and saves go with its views (engagement alike)."""
    counts = {"likes": views // 20, "comments": views // 200, "shares": views // 500}
    return replace(Spec(views=views, saves=views // 300, **counts), **fields)  # type: ignore[arg-type]


def _pairs(count: int, crowded_views: int, spaced_views: int = 10_000) -> list[Spec]:
    """``count`` pairs, 4 days apart: a piece, then another 6 hours later."""
    specs = []
    for n in range(count):
        at = START + timedelta(days=4 * n)
        specs.append(_piece(spaced_views + 37 * n, published_at=at))
        specs.append(_piece(crowded_views + 11 * n, published_at=at + timedelta(hours=6)))
    return specs


def test_spacing_groups_read_as_people_say_them() -> None:
    assert [gap_label(d) for d in (0.0, 0.99, 1.0, 2.9, 3.0, 6.5, 7.0, 40.0)] == [
        "under a day", "under a day", "1-2 days", "1-2 days", "3-6 days", "3-6 days",
        "a week or more", "a week or more",
    ]  # fmt: skip


def test_pieces_crowded_after_another_that_did_worse_are_named(db: Database) -> None:
    creator_id = scored_creator(db, _pairs(14, crowded_views=1_000))
    with db.read() as session:
        found = cadence(session, creator_id, NOW)
    [youtube] = found.platforms
    groups = {g.label: g.pieces for g in youtube.groups}
    assert groups == {"under a day": 14, "3-6 days": 13}  # the first piece has no previous one
    [finding] = found.findings  # its mirror, "3-6 days did better", is the same test
    assert finding.label == "under a day"
    assert finding.platform == "youtube" and not finding.better
    assert finding.test.group_median < finding.test.rest_median and finding.q_value <= 0.05


def test_when_spacing_makes_no_difference_nothing_is_claimed(db: Database) -> None:
    specs = _pairs(14, crowded_views=10_000)
    creator_id = scored_creator(db, specs)
    with db.read() as session:
        found = cadence(session, creator_id, NOW)
    assert found.tested == 1 and found.findings == []


def test_the_rhythm_counts_the_last_90_days_and_the_typical_gap(db: Database) -> None:
    old = [Spec(published_at=NOW - timedelta(days=200 + n)) for n in range(5)]
    recent = [Spec(published_at=NOW - timedelta(days=d)) for d in (80, 60, 50, 30)]
    young = Spec(published_at=NOW - timedelta(hours=5))  # too young to judge, still a post
    creator_id = scored_creator(db, [*old, *recent, young])
    with db.read() as session:
        [youtube] = cadence(session, creator_id, NOW).platforms
    assert youtube.recent_posts == 5
    # gaps before the recent posts: 116 (from the last old one), 20, 10, 20, 29.8 days
    assert youtube.typical_gap_days == 20.0
    assert round(youtube.per_week, 2) == round(5 / (90 / 7), 2)
    assert sum(g.pieces for g in youtube.groups) == 8  # the young piece is not judged


def test_a_piece_of_unknown_views_still_counts_as_a_post(db: Database) -> None:
    first = Spec(published_at=START)
    unknown = replace(first, views=None, published_at=START + timedelta(days=10))  # type: ignore[arg-type]
    after = replace(first, published_at=START + timedelta(days=10, hours=3))
    creator_id = scored_creator(db, [first, unknown, after, replace(first, published_at=NOW)])
    with db.read() as session:
        [youtube] = cadence(session, creator_id, NOW).platforms
    labels = {g.label for g in youtube.groups}
    assert (
        "under a day" in labels
    )  # after is 3 hours after the unknown piece, not 10 days after first


def test_one_platform_and_another_creator_are_kept_apart(db: Database) -> None:
    mine = scored_creator(db, _pairs(4, crowded_views=1_000))
    with db.unit_of_work() as s:
        other = make_creator(s, "bo")
        reels = [
            Spec(platform="instagram", content_type="reel", published_at=NOW - timedelta(days=d))
            for d in (1, 2, 3)
        ]
        add_pieces(s, other, reels)
        refresh_all(s, other.id, NOW)
        theirs = other.id
    with db.read() as session:
        assert cadence(session, mine, NOW, "instagram").platforms == []
        [instagram] = cadence(session, theirs, NOW).platforms
    assert (instagram.platform, instagram.recent_posts) == ("instagram", 3)


def test_a_cached_rhythm_follows_writes_and_the_passing_of_time(db: Database) -> None:
    creator_id = scored_creator(db, [Spec(published_at=NOW - timedelta(days=d)) for d in (89, 10)])
    with db.read() as session:
        assert cadence(session, creator_id, NOW).platforms[0].recent_posts == 2
        # Two days on, the older post has left the 90 days, with no write in between.
        later = cadence(session, creator_id, NOW + timedelta(days=2))
    assert later.platforms[0].recent_posts == 1
    with db.unit_of_work() as s:
        creator = s.get(Creator, creator_id)
        assert creator is not None
        add_pieces(s, creator, [Spec(published_at=NOW - timedelta(days=1))])
    with db.read() as session:
        assert cadence(session, creator_id, NOW).platforms[0].recent_posts == 3
