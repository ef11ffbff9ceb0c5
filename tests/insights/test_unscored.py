"""A refresh after a write reads the unscored pieces (neither views nor reach known) only among
the pieces its transaction wrote, while nobody else can have written since this process kept
them; whatever happened, it finds what a whole read finds."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from insights import unscored as memo
from insights.ingest import ingest_records
from insights.piece_columns import load_columns
from insights.unscored import Unscored, unscored
from simulator import SimulationConfig, generate_pieces
from storage import Database
from storage.models import Creator
from tests.insights.simulated import simulated_creator
from tests.insights.test_factor_memo import upload_and_check
from tests.support.builders import NOW


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Each read of unscored rows: "all" of the creator's, or "by id"."""
    found: list[str] = []
    original = memo.driver_rows

    def counting(session: Session, statement: Any) -> Any:
        found.append("by id" if "coalesce" in str(statement) else "all")
        return original(session, statement)

    monkeypatch.setattr(memo, "driver_rows", counting)
    memo.clear()
    yield found


def as_rows(found: Unscored) -> list[tuple[Any, ...]]:
    """The unscored pieces as comparable rows, in a fixed order (NaN as None)."""
    figures = [[None if v != v else v for v in found.figures[n].tolist()] for n in memo.FIGURES]
    rows = zip(found.themes, found.platforms, found.synced.tolist(), *figures, strict=True)
    return sorted(rows, key=repr)


def hidden(seed: int, count: int) -> list[Any]:
    """``count`` of the simulated creator's own pieces, their views and reach now unknown."""
    config = SimulationConfig(pieces=120, timezone="Europe/Berlin")
    records = [p.record for p in generate_pieces(config, seed=seed, now=NOW)][:count]
    return [replace(r, metrics=replace(r.metrics, views=None, reach=None)) for r in records]


def read_both(db: Database, creator: uuid.UUID) -> tuple[Unscored, Unscored]:
    """As the next refresh after a write reads them, and read whole."""
    with db.unit_of_work() as s:
        scored = load_columns(s, creator).content_ids
        return unscored(s, creator, scored=scored), unscored(s, creator)


def test_after_a_write_only_the_written_pieces_are_read_and_all_are_found(
    db: Database, reads: list[str]
) -> None:
    creator = simulated_creator(db, pieces=120)
    assert reads == ["all"]  # nothing kept yet
    with db.unit_of_work() as s:
        ingest_records(s, creator, hidden(1, 3), now=NOW, source="test")
    assert reads[1:] == ["by id"]
    kept, whole = read_both(db, creator)
    assert len(kept.themes) == 3 and as_rows(kept) == as_rows(whole)
    del reads[:]
    upload_and_check(db, creator, seed=3)  # three new pieces, scored: none unscored
    assert reads == ["all"]  # not the upload's refresh: the full refresh it is held to
    kept, whole = read_both(db, creator)
    assert as_rows(kept) == as_rows(whole) and len(kept.themes) == 3


def test_a_piece_scored_again_is_no_longer_among_them(db: Database, reads: list[str]) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.unit_of_work() as s:
        ingest_records(s, creator, hidden(1, 3), now=NOW, source="test")
    config = SimulationConfig(pieces=120, timezone="Europe/Berlin")
    again = next(p.record for p in generate_pieces(config, seed=1, now=NOW))
    del reads[:]
    with db.unit_of_work() as s:
        ingest_records(s, creator, [again], now=NOW, source="test")
    assert reads == []  # scored again: among the refresh's columns, nothing to read
    kept, whole = read_both(db, creator)
    assert len(kept.themes) == 2 and as_rows(kept) == as_rows(whole)


def test_a_write_by_another_process_makes_the_next_read_whole(
    db: Database, reads: list[str]
) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.unit_of_work() as s:
        ingest_records(s, creator, hidden(1, 2), now=NOW, source="test")
    with db.unit_of_work() as s:  # as another process: its own write and stamp, no memo of ours
        ingest_records(s, creator, hidden(1, 4), now=NOW, source="test", refresh=False)
        stamp = update(Creator.__table__).where(Creator.__table__.c.id == creator)
        s.execute(stamp.values(data_version=uuid.uuid4()))
    del reads[:]
    kept, whole = read_both(db, creator)
    assert reads == ["all", "all"]
    assert len(kept.themes) == 4 and as_rows(kept) == as_rows(whole)


def test_a_rolled_back_write_leaves_nothing_trusted(db: Database, reads: list[str]) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.unit_of_work() as s:
        ingest_records(s, creator, hidden(1, 2), now=NOW, source="test")
        s.rollback()
    del reads[:]
    kept, whole = read_both(db, creator)
    assert reads[0] == "all" and not kept.themes and as_rows(kept) == as_rows(whole)
