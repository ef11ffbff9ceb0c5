"""A piece's first hours are compared with the typical curve of its own era, not the newest."""

from __future__ import annotations

from datetime import timedelta

from insights.growth import piece_growth
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
