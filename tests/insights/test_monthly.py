"""Month by month on the creator's calendar (insights.monthly)."""

from __future__ import annotations

import statistics
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from insights.monthly import MONTHLY_CACHE, Month, Monthly, monthly
from insights.refresh import refresh_all
from storage import Database
from storage.models import ContentPerformance, ContentPiece
from tests.support.builders import NOW, Spec, add_pieces, make_creator

BERLIN = "Europe/Berlin"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    MONTHLY_CACHE.clear()


def _piece(views: int | None, at: datetime) -> Spec:
    spec = Spec(published_at=at)
    return replace(spec, views=views)  # type: ignore[arg-type]


def _creator(db: Database, specs: list[Spec], timezone: str = BERLIN) -> uuid.UUID:
    with db.unit_of_work() as session:
        creator = make_creator(session, timezone=timezone)
        add_pieces(session, creator, specs)
        refresh_all(session, creator.id, NOW)
        return creator.id


def test_pieces_fall_in_the_local_month_they_went_out_in(db: Database) -> None:
    # 30 April 22:30 UTC is already 1 May in Berlin.
    late_april = datetime(2026, 4, 30, 22, 30, tzinfo=UTC)
    specs = [_piece(1000, late_april), _piece(2000, datetime(2026, 4, 30, 12, tzinfo=UTC))]
    with db.read() as session:
        found = monthly(session, _creator(db, specs), NOW)
    by_label = {m.label: m for m in found.months}
    assert len(found.months) == 12 and found.months[-1].label == "June 2026"
    assert found.months[0].label == "July 2025" and found.timezone == BERLIN
    assert (by_label["May 2026"].pieces, by_label["May 2026"].views) == (1, 1000)
    assert (by_label["April 2026"].pieces, by_label["April 2026"].views) == (1, 2000)
    with db.read() as session:
        utc = monthly(session, _creator_in_utc(db, specs), NOW)
    assert {m.label: m.pieces for m in utc.months}["April 2026"] == 2


def _creator_in_utc(db: Database, specs: list[Spec]) -> uuid.UUID:
    with db.unit_of_work() as session:
        creator = make_creator(session, "bo", timezone="UTC")
        add_pieces(session, creator, [replace(s) for s in specs])
        refresh_all(session, creator.id, NOW)
        return creator.id


def test_unknown_views_are_left_out_and_counted_never_zero(db: Database) -> None:
    may = datetime(2026, 5, 10, 12, tzinfo=UTC)
    with db.read() as session:
        found = monthly(session, _creator(db, [_piece(None, may), _piece(500, may)]), NOW)
    may_row = next(m for m in found.months if m.label == "May 2026")
    assert (may_row.pieces, may_row.reported, may_row.views) == (2, 1, 500)
    march = next(m for m in found.months if m.label == "March 2026")
    assert (march.pieces, march.views, march.median_score) == (0, None, None)


def test_a_months_median_score_is_that_of_its_judged_pieces(db: Database) -> None:
    march = [_piece(1000 + 40 * n, datetime(2026, 3, 3 + n, 12, tzinfo=UTC)) for n in range(12)]
    may = [_piece(600 + 90 * n, datetime(2026, 5, 3 + n, 12, tzinfo=UTC)) for n in range(12)]
    creator_id = _creator(db, march + may)
    with db.read() as session:
        found = monthly(session, creator_id, NOW)
        query = (
            select(ContentPiece.published_at, ContentPerformance.performance_score)
            .join(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
            .where(
                ContentPiece.creator_id == creator_id,
                ContentPerformance.is_provisional.is_(False),
            )
        )
        stored = session.execute(query).all()
    for name, number in (("March 2026", 3), ("May 2026", 5)):
        month = next(m for m in found.months if m.label == name)
        scores = [s for at, s in stored if at.astimezone(UTC).month == number]
        assert month.judged == len(scores) == 12
        assert month.median_score == pytest.approx(statistics.median(scores))


def _month(label_month: int, median: float | None, judged: int, views: int | None) -> Month:
    start = datetime(2026, label_month, 1, tzinfo=UTC)
    return Month(start, judged, views, judged, median, judged)


def test_the_best_month_needs_enough_judged_pieces_and_most_views_is_by_total() -> None:
    found = Monthly(
        "UTC",
        [_month(3, 61.0, 12, 5000), _month(4, 80.0, 2, 90_000), _month(5, 66.0, 4, 3000)],
    )
    assert found.best is not None and found.best.label == "May 2026"  # April: two judged
    assert found.runner_up is not None and found.runner_up.label == "March 2026"
    assert found.most_viewed is not None and found.most_viewed.label == "April 2026"
    assert Monthly("UTC", [_month(3, None, 0, None)]).best is None


def test_a_month_later_the_view_moves_on(db: Database) -> None:
    creator_id = _creator(db, [_piece(1000, datetime(2026, 5, 10, 12, tzinfo=UTC))])
    with db.read() as session:
        first = monthly(session, creator_id, NOW)
        later = monthly(session, creator_id, NOW + timedelta(days=31))
    assert first.months[-1].label == "June 2026" and later.months[-1].label == "July 2026"
