"""Day cells summed in numpy (insights/day_cell_diff.py), written as the table's rows.

The update after a write sums the changed days' cells from the refresh's column arrays, with
each database's own arithmetic, to find which days changed; where those sums are exact they are
the cells the SQL rebuild would insert (the equality tests in tests/insights hold the two
equal), so they are written as they are instead of grouping the days' rows again: at 10,000
pieces the rebuild of an import across the history regrouped every row (~100 ms of SQLite's
time), its few thousand cells are written in a few.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from insights.rate_sums import SUMMED
from storage.bulk import bulk_insert_columns
from storage.models import DAY_CELLS

Cell = tuple[Any, ...]  # day number, platform, theme, verdict, ``SUMMED``, first microsecond
COLUMNS = ("day", "platform", "theme", "verdict", *SUMMED, "first_published")


def insert_cells(session: Session, creator_id: uuid.UUID, cells: Sequence[Cell]) -> int:
    """Insert the creator's ``cells``; how many."""
    if not cells:
        return 0
    values: list[Sequence[Any]] = list(zip(*cells, strict=True))
    sqlite = session.connection().dialect.name == "sqlite"
    values[0], values[-1] = _days(values[0], sqlite), _instants(values[-1], sqlite)
    bulk_insert_columns(
        session,
        DAY_CELLS,
        COLUMNS,
        values,
        repeating=("platform", "theme", "verdict"),
        ready=("day", "first_published") if sqlite else (),
        constant={"creator_id": creator_id},
    )
    return len(cells)


def _days(numbers: Sequence[int], sqlite: bool) -> Sequence[Any]:
    """Day numbers as dates (SQLite: the ISO text it stores for one)."""
    days = np.array(numbers, dtype=np.int64).astype("datetime64[D]")
    found: list[Any] = days.astype(str).tolist() if sqlite else days.tolist()
    return found


def _instants(microseconds: Sequence[int], sqlite: bool) -> Sequence[Any]:
    """Microseconds since 1970 as aware UTC instants (SQLite: the naive ISO text it stores for
    one, microseconds always written, as ``storage.bulk`` and SQLAlchemy write them)."""
    instants = np.array(microseconds, dtype=np.int64).astype("datetime64[us]")
    if sqlite:
        texts: list[str] = np.datetime_as_string(instants, unit="us").tolist()
        return [text.replace("T", " ") for text in texts]
    return [naive.replace(tzinfo=UTC) for naive in instants.tolist()]
