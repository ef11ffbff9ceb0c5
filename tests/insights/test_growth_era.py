"""A piece's first hours are compared with the typical curve of its own era, not the newest."""

from __future__ import annotations

import uuid
from datetime import timedelta

from context.growth_view import growth_of
from insights.growth import piece_growth
from insights.same_age import SameAge, same_age, views_at_age
from storage import Database
from storage.snapshots import record_history
from tests.support.builders import NOW, Spec, add_pieces, make_creator


def _history_of(count: int, start_days_ago: float, views_per_hour: int) -> list[Spec]:
    return [
        Spec(published_at=NOW - timedelta(days=start_days_ago - i), views=48 * views_per_hour)
        for i in range(count)
    ]


def test_an_old_piece_is_compared_with_the_first_hours_of_its_own_era(db: Database) -> None:
    with db.unit_of_work() as session:
        creator = make_creator(session)
        # 120 pieces of a small channel a year ago, then 120 of the grown channel this spring.
        specs = [*_history_of(120, 400, 10), *_history_of(120, 150, 100)]
        ids = add_pieces(session, creator, specs)
        for spec, content_id in zip(specs, ids, strict=True):
            rate = spec.views // 48
            points = [(spec.published_at + timedelta(hours=h), rate * h) for h in range(1, 7)]
            record_history(session, creator.id, content_id, spec.published_at, points)
        creator_id, old = creator.id, 60
    with db.read() as session:
        growth = piece_growth(session, creator_id, old)
        recent = piece_growth(session, creator_id, 200)
    assert growth.typical[5] == 50.0  # the small channel's 5th hour, not the grown one's 500
    assert recent.typical[5] == 500.0


def _aged(
    db: Database, early: list[int], *, days: float = 7.5
) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """Pieces a week apart, each with one snapshot at ``days`` old of the given views."""
    with db.unit_of_work() as session:
        creator = make_creator(session)
        specs = [
            Spec(published_at=NOW - timedelta(days=300 - 7 * i), views=50_000)
            for i in range(len(early))
        ]
        ids = add_pieces(session, creator, specs)
        for spec, content_id, views in zip(specs, ids, early, strict=True):
            taken = spec.published_at + timedelta(days=days)
            record_history(session, creator.id, content_id, spec.published_at, [(taken, views)])
        return creator.id, ids


def test_an_older_piece_is_compared_at_the_same_age_not_on_its_lifetime(db: Database) -> None:
    creator_id, ids = _aged(db, [100, 120, 80, 100, 300, 90, 110, 100])
    with db.read() as session:
        published = NOW - timedelta(days=300 - 7 * 4)
        found = same_age(session, creator_id, ids[4], published, now=NOW)
    # Every lifetime total is 50,000: only the same age tells this piece apart.
    assert found == SameAge(days=7, views=300, typical=100.0, peers=7)


def test_without_fresh_history_at_that_age_a_piece_is_left_out_not_zero(db: Database) -> None:
    creator_id, ids = _aged(db, [100, 120, 80], days=1.0)  # only a first-day snapshot
    with db.read() as session:
        assert views_at_age(session, creator_id, ids, 7) == {}


def test_the_growth_view_of_an_older_piece_says_how_it_stood_at_the_same_age(
    db: Database,
) -> None:
    creator_id, ids = _aged(db, [100, 120, 80, 100, 300, 90, 110, 100])
    published = NOW - timedelta(days=300 - 7 * 4)
    with db.unit_of_work() as session:
        later = [(published + timedelta(days=60), 900)]
        record_history(session, creator_id, ids[4], published, later)
    with db.read() as session:
        view = growth_of(session, creator_id, 5, NOW)
    assert view is not None
    # No snapshot within the week before 30 days: the 7-day figures are compared.
    assert view.line == (
        "At 7 days: 300 views — 3.0× the usual 100 of your pieces from that time at that age "
        "(7 pieces)."
    )
