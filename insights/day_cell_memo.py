"""The day cells this process last wrote per creator, so the next refresh need not read them.

``insights.day_cell_diff`` compares the cells the rows give now with the stored ones; after a
refresh it wrote them, this process knows what they hold. An entry keeps those cells with the
version the refresh left on them (the creator's stamp once its insights were stored): cells of a
version hold exactly what the rows gave at that stamp, and stamps are random, never reused, so
an entry is used only while the stored cells still carry its version. Another process's write,
a rolled-back transaction (its stamp never committed) or a rebuild elsewhere leave a version no
entry holds, and the cells are read.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, event, select
from sqlalchemy.orm import Session, SessionTransaction

from insights.day_digests import DayDigests
from storage.kept_per_process import KeptPerProcess
from storage.models import DayCellVersion
from storage.process_keys import process_key

# About 0.5 KB a cell (10,000 pieces: ~2,800 cells): beyond these the cells are read instead.
MAX_CELLS = 20_000  # of one creator
BUDGET = 60_000  # of all the creators remembered, the least recently refreshed dropped first
_VERSIONS = cast(Table, DayCellVersion.__table__)
# session.info: creator -> the cells this transaction's refresh wrote (None: not known).
_WRITTEN = "day_cells_written"
Cell = tuple[Any, ...]


@dataclass(frozen=True)
class KnownCells:
    """A creator's cells by day number (each cell's first value), with the digests of the rows
    they were summed from (insights/day_digests.py)."""

    by_day: Mapping[int, frozenset[Cell]]
    digests: DayDigests
    count: int

    @classmethod
    def of(cls, cells: Iterable[Cell], digests: DayDigests) -> KnownCells:
        """``cells`` grouped by their day."""
        by_day: dict[int, set[Cell]] = {}
        for cell in cells:
            by_day.setdefault(cell[0], set()).add(cell)
        grouped = {day: frozenset(found) for day, found in by_day.items()}
        return cls(grouped, digests, sum(map(len, grouped.values())))

    def __len__(self) -> int:
        return self.count

    def all(self) -> list[Cell]:
        """Every cell."""
        return [cell for cells in self.by_day.values() for cell in cells]

    def on(self, days: Iterable[int]) -> set[Cell]:
        """The cells of ``days``."""
        return {cell for day in days for cell in self.by_day.get(day, ())}

    def updated(
        self, days: Iterable[int], cells: Iterable[Cell], digests: DayDigests
    ) -> KnownCells:
        """These cells with those of ``days`` replaced by ``cells`` (all of those days')."""
        by_day = dict(self.by_day)
        count = self.count
        for day in days:
            count -= len(by_day.pop(day, ()))
        fresh = KnownCells.of(cells, digests)
        by_day.update(fresh.by_day)
        return KnownCells(by_day, digests, count + fresh.count)


_KEPT: KeptPerProcess[tuple[uuid.UUID, KnownCells]] = KeptPerProcess(
    budget=BUDGET, size=lambda entry: len(entry[1])
)


def written(session: Session, creator_id: uuid.UUID, cells: KnownCells | None) -> None:
    """Note the cells a refresh just wrote for the creator (None: not known)."""
    session.info.setdefault(_WRITTEN, {})[creator_id] = cells


def remember_cells(session: Session, creator_id: uuid.UUID) -> None:
    """What a refresh calls once the cells are current: their content kept under their version."""
    cells = session.info.get(_WRITTEN, {}).pop(creator_id, None)
    version, key = _version(session, creator_id), process_key(session, creator_id)
    known = None if cells is None or version is None else (version, cells)
    _KEPT.put(key, known if known is not None and len(known[1]) <= MAX_CELLS else None)


def remembered(session: Session, creator_id: uuid.UUID) -> KnownCells | None:
    """The creator's stored cells, if this process wrote them and they still carry its version."""
    version, key = _version(session, creator_id), process_key(session, creator_id)
    entry = _KEPT.get(key)
    return entry[1] if entry is not None and entry[0] == version else None


def clear() -> None:
    """Forget every entry (tests that act as another process)."""
    _KEPT.clear()


@event.listens_for(Session, "after_soft_rollback")
@event.listens_for(Session, "after_transaction_end")
def _forget_written(session: Session, transaction: SessionTransaction) -> None:
    """Cells written in a transaction (or savepoint) rolled back are not what is stored."""
    if transaction.parent is None or not transaction.is_active:
        session.info.pop(_WRITTEN, None)


def _version(session: Session, creator_id: uuid.UUID) -> uuid.UUID | None:
    query = select(_VERSIONS.c.data_version).where(_VERSIONS.c.creator_id == creator_id)
    found: uuid.UUID | None = session.connection().execute(query).scalar()
    return found
