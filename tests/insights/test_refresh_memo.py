"""A refresh with nothing changed since this process's last one computes nothing, and every
change that could alter its result (a write, a rolled-back refresh, the timezone, a provisional
piece coming of age) makes the next one compute again, equal to a full refresh."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from insights import refresh
from insights.refresh import refresh_all, refresh_creator
from storage import Database
from storage.models import ContentPerformance, Creator
from tests.insights.simulated import simulated_creator
from tests.insights.test_incremental_refresh import assert_equal, snapshot
from tests.support.builders import NOW


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[uuid.UUID]]:
    """The creators each incremental refresh computed for (ingestion's own included)."""
    seen: list[uuid.UUID] = []
    original = refresh._refresh_creator

    def counting(session: object, creator_id: uuid.UUID, now: datetime) -> object:
        seen.append(creator_id)
        return original(session, creator_id, now)  # type: ignore[arg-type]

    monkeypatch.setattr(refresh, "_refresh_creator", counting)
    yield seen


def refreshed_equal_to_full(db: Database, creator: uuid.UUID, now: datetime) -> None:
    """Refresh incrementally at ``now``; what is stored equals a full refresh's."""
    with db.unit_of_work() as s:
        refresh_creator(s, creator, now)
        incremental = snapshot(s, creator)
        copy = s.begin_nested()
        refresh_all(s, creator, now)
        full = snapshot(s, creator)
        copy.rollback()
    assert_equal(incremental, full)


def test_a_refresh_with_nothing_changed_computes_nothing(
    db: Database, computed: list[uuid.UUID]
) -> None:
    creator = simulated_creator(db, pieces=60)
    with db.unit_of_work() as s:
        first = refresh_creator(s, creator, NOW)
        before = snapshot(s, creator)
    with db.unit_of_work() as s:
        again = refresh_creator(s, creator, NOW + timedelta(minutes=5))
        after = snapshot(s, creator)
    assert computed == [creator]
    assert again.written == 0 and again.patterns == first.patterns > 0
    assert after == before


def test_a_write_since_the_last_refresh_makes_the_next_one_compute(
    db: Database, computed: list[uuid.UUID]
) -> None:
    creator = simulated_creator(db, pieces=60)
    with db.unit_of_work() as s:
        refresh_creator(s, creator, NOW)
        s.execute(
            update(ContentPerformance)
            .where(ContentPerformance.creator_id == creator)
            .values(views=ContentPerformance.views * 3)
        )
    refreshed_equal_to_full(db, creator, NOW)
    assert computed == [creator, creator]


def test_a_rolled_back_refresh_is_not_remembered(db: Database, computed: list[uuid.UUID]) -> None:
    creator = simulated_creator(db, pieces=60)
    with pytest.raises(RuntimeError), db.unit_of_work() as s:
        s.execute(update(ContentPerformance).values(views=1).where(_mine(creator)))
        refresh_creator(s, creator, NOW)
        raise RuntimeError("the write fails after its refresh")
    refreshed_equal_to_full(db, creator, NOW)
    assert computed == [creator, creator, creator]


def test_a_timezone_change_makes_the_next_refresh_compute(
    db: Database, computed: list[uuid.UUID]
) -> None:
    creator = simulated_creator(db, pieces=60)
    with db.unit_of_work() as s:
        refresh_creator(s, creator, NOW)
        s.execute(update(Creator).where(Creator.id == creator).values(timezone="Asia/Tokyo"))
    refreshed_equal_to_full(db, creator, NOW)
    assert computed == [creator, creator]


def test_a_provisional_piece_coming_of_age_makes_the_next_refresh_compute(
    db: Database, computed: list[uuid.UUID]
) -> None:
    creator = simulated_creator(db, pieces=60)
    with db.unit_of_work() as s:
        until = refresh_creator(s, creator, NOW).until
        provisional = _provisional(s, creator)
    assert until is not None and provisional
    refreshed_equal_to_full(db, creator, until - timedelta(microseconds=1))
    assert computed == [creator]
    refreshed_equal_to_full(db, creator, until)
    assert computed == [creator, creator]
    with db.read() as s:
        assert _provisional(s, creator) < provisional  # one came of age: the refresh mattered


def _mine(creator: uuid.UUID) -> object:
    return ContentPerformance.creator_id == creator


def _provisional(s: object, creator: uuid.UUID) -> int:
    stmt = select(ContentPerformance.id).where(
        ContentPerformance.creator_id == creator, ContentPerformance.is_provisional.is_(True)
    )
    return len(s.scalars(stmt).all())  # type: ignore[attr-defined]
