"""Cells written from their sums (insights/day_cell_rows.py) are stored as given and read back
alike, and replacing a day's cells by their keys leaves exactly the new ones, on both databases:
labels that need quoting in an array's text, NULL themes and verdicts (equal by their keys),
cells gone, moved and added."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from insights.day_cell_diff import _stored
from insights.day_cell_rows import Cell, insert_cells, replace_cells
from storage import Database
from storage.creators import create_creator
from tests.support.builders import NOW

DAY = 20_000
FIRST_DAY = date(1970, 1, 1) + timedelta(days=DAY)
US = DAY * 86_400_000_000
LABELS = ['Say "hi"', "back\\slash", "a,b {c}", None, "NULL"]


def cell(day: int, theme: str | None, verdict: str | None, pieces: int) -> Cell:
    """A cell of ``pieces`` pieces whose sums follow from its count."""
    rates = [float(pieces * 3), pieces * 123_456_789, pieces] * 3
    return (day, "youtube", theme, verdict, pieces, pieces * 100, 0, *rates, pieces, 0, US + day)


CELLS = [
    cell(DAY + d, theme, verdict, 1 + d)
    for d in range(2)
    for theme in LABELS
    for verdict in (None, "normal")
]


def stored(session: Session, creator_id: uuid.UUID) -> list[Any]:
    """The creator's cells as read back, in order (NULL labels first)."""
    return sorted(_stored(session, creator_id), key=repr)


def creator(session: Session) -> uuid.UUID:
    """A new creator without pieces."""
    return create_creator(session, f"rows-{uuid.uuid4().hex[:12]}", now=NOW).id


def test_cells_inserted_are_read_back_as_given(db: Database) -> None:
    with db.unit_of_work() as session:
        creator_id = creator(session)
        assert insert_cells(session, creator_id, CELLS) == len(CELLS)
        assert stored(session, creator_id) == sorted(CELLS, key=repr)


def test_cells_replaced_by_their_keys_leave_exactly_the_new_ones(db: Database) -> None:
    gone, moved, same = CELLS[0], CELLS[1], CELLS[2:]
    larger = (*moved[:4], 9, *moved[5:])
    added = cell(DAY, "new", None, 4)
    with db.unit_of_work() as session:
        creator_id, other = creator(session), creator(session)
        insert_cells(session, creator_id, CELLS)
        insert_cells(session, other, CELLS)
        counts = replace_cells(session, creator_id, None, [larger, added, *same], CELLS)
        assert counts == (len(CELLS), len(CELLS))
        assert stored(session, creator_id) == sorted([larger, added, *same], key=repr)
        assert gone not in stored(session, creator_id)
        assert stored(session, other) == sorted(CELLS, key=repr)  # another creator's untouched


def test_every_cell_moved_then_gone_is_written(db: Database) -> None:
    with db.unit_of_work() as session:
        creator_id = creator(session)
        insert_cells(session, creator_id, CELLS)
        moved = [(*c[:4], c[4] + 1, *c[5:]) for c in CELLS]
        replace_cells(session, creator_id, None, moved, CELLS)
        assert stored(session, creator_id) == sorted(moved, key=repr)
        replace_cells(session, creator_id, None, [], moved)
        assert stored(session, creator_id) == []


def test_cells_of_unknown_days_before_are_deleted_and_inserted_again(db: Database) -> None:
    with db.unit_of_work() as session:
        creator_id = creator(session)
        insert_cells(session, creator_id, CELLS)
        kept = [c for c in CELLS if c[0] != DAY]
        counts = replace_cells(session, creator_id, [FIRST_DAY], CELLS[:1], None)
        assert counts == (len(CELLS) - len(kept), 1)
        assert stored(session, creator_id) == sorted([CELLS[0], *kept], key=repr)
