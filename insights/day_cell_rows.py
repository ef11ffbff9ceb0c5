"""Day cells summed in numpy (insights/day_cell_diff.py), written as the table's rows.

The update after a write sums the changed days' cells from the refresh's column arrays, with
each database's own arithmetic, to find which days changed; where those sums are exact they are
the cells the SQL rebuild would insert (the equality tests in tests/insights hold the two
equal), so they are written as they are instead of grouping the days' rows again: at 10,000
pieces an import across the history moved the scores of every day, and the rebuild regrouped
every row (~50-100 ms of SQLite's time). Where the stored cells of those days are known,
PostgreSQL writes only the cells that differ: deleted, updated or inserted by their keys (day,
platform, theme, verdict), one statement each, so that the cells whose sums moved are updated in
place instead of inserted again (it checks the creator's foreign key on every inserted row).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import date
from functools import lru_cache
from itertools import repeat
from typing import Any

from sqlalchemy import Connection, Dialect, delete
from sqlalchemy.orm import Session

from insights.rate_sums import SUMMED
from storage.models import DAY_CELLS

Cell = tuple[Any, ...]  # day number, platform, theme, verdict, ``SUMMED``, first microsecond
COLUMNS = ("day", "platform", "theme", "verdict", *SUMMED, "first_published")
KEY = 4  # a cell's first values, its key
_LAST = len(COLUMNS) - 1
_SUMS = tuple("float8" if name.endswith("_whole") else "bigint" for name in SUMMED)
_KINDS = ("integer", "text", "text", "text", *_SUMS, "bigint")  # PostgreSQL: arrays' types
# Exact: an interval times a whole number below 2 ** 53 is that many microseconds.
_EPOCH, _MICROSECOND = "TIMESTAMPTZ '1970-01-01 00:00:00+00'", "INTERVAL '1 microsecond'"
_TABLE = DAY_CELLS.name


def delete_days(connection: Connection, creator_id: uuid.UUID, days: Sequence[date] | None) -> int:
    """Delete the creator's cells (of ``days``): how many."""
    cells = delete(DAY_CELLS).where(DAY_CELLS.c.creator_id == creator_id)
    if days is not None:
        cells = cells.where(DAY_CELLS.c.day.in_(list(days)))
    return int(connection.execute(cells).rowcount)


def replace_cells(
    session: Session,
    creator_id: uuid.UUID,
    days: Sequence[date] | None,
    cells: Sequence[Cell],
    before: Collection[Cell] | None,
) -> tuple[int, int]:
    """Make ``cells`` the creator's cells of ``days`` (None: every day), which were ``before``
    (None: not known, then deleted and inserted again); (cells before, cells after)."""
    if days is not None and not days:
        return 0, 0
    connection = session.connection()
    # SQLite deletes a day's cells in its index range faster than it finds cells by their keys
    # (~9 µs a cell): its cells are deleted and inserted again, as are those of a key stored
    # twice (by another writer: never by this module nor the rebuild).
    postgresql = connection.dialect.name == "postgresql"
    by_key = {cell[:KEY]: cell for cell in before} if postgresql and before is not None else {}
    if not postgresql or before is None or len(by_key) < len(before):
        return delete_days(connection, creator_id, days), insert_cells(session, creator_id, cells)
    wanted = {cell[:KEY]: cell for cell in cells}
    gone = [key for key in by_key if key not in wanted]
    moved = [cell for key, cell in wanted.items() if key in by_key and by_key[key] != cell]
    _write(connection, creator_id, _deleting(), gone)
    _write(connection, creator_id, _updating(), moved)
    insert_cells(session, creator_id, [cell for key, cell in wanted.items() if key not in by_key])
    return len(before), len(cells)


def insert_cells(session: Session, creator_id: uuid.UUID, cells: Sequence[Cell]) -> int:
    """Insert the creator's ``cells``; how many."""
    connection = session.connection()
    _write(connection, creator_id, _inserting(connection.dialect.name), cells)
    return len(cells)


def _write(
    connection: Connection, creator_id: uuid.UUID, statement: str, cells: Sequence[Cell]
) -> None:
    """Run ``statement`` (of a cell's or key's values, then the creator's id) on ``cells``: on
    PostgreSQL once, the cells sent as one array per column; on SQLite as one executemany (a
    statement of many rows' VALUES took longer to prepare than to run)."""
    if not cells:
        return
    creator = _driver_id(creator_id, connection.dialect)
    columns = list(zip(*cells, strict=True))
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(statement, (*_arrays(columns), creator))
    else:
        connection.exec_driver_sql(statement, _sqlite_rows(columns, creator))


def _driver_id(creator_id: uuid.UUID, dialect: Dialect) -> Any:
    """The creator's id as the driver takes it (SQLite: its hex digits)."""
    process = DAY_CELLS.c.creator_id.type.dialect_impl(dialect).bind_processor(dialect)
    return creator_id if process is None else process(creator_id)


def _sqlite_rows(columns: list[tuple[Any, ...]], creator: Any) -> list[Cell]:
    """SQLite: the cells (given a column at a time) as rows, their day and first instant as the
    ISO texts it stores (microseconds always written, as ``storage.bulk`` and SQLAlchemy write
    them), then the creator's id."""
    import numpy as np  # not at import: the dashboard's day cells load with `ask`, numpy not

    numbers = list(set(columns[0]))  # a few cells a day: each day's text made once
    texts = np.array(numbers, dtype="datetime64[D]").astype(str).tolist()
    text = dict(zip(numbers, texts, strict=True))
    days = list(map(text.__getitem__, columns[0]))
    firsts = np.datetime_as_string(np.array(columns[-1], dtype="datetime64[us]"), unit="us")
    instants = [instant.replace("T", " ") for instant in firsts.tolist()]
    return list(zip(days, *columns[1:-1], instants, repeat(creator, len(days)), strict=True))


def _arrays(columns: list[tuple[Any, ...]]) -> list[str]:
    """PostgreSQL: each column as the text of an array (numbers in their shortest exact form,
    which the server reads back exactly; labels quoted once each): psycopg's binary arrays
    dump value by value in Python, three times as long."""
    for at in range(1, KEY):
        quoted = {label: _quoted(label) for label in set(columns[at])}
        columns[at] = tuple(map(quoted.__getitem__, columns[at]))
    return ["{" + ",".join(map(str, column)) + "}" for column in columns]


def _quoted(label: str | None) -> str:
    if label is None:
        return "NULL"
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in columns)


def _unnest(width: int) -> str:
    """PostgreSQL: the first ``width`` columns' arrays as rows ``v`` (v0, v1, ...)."""
    arrays = ", ".join(f"%s::{kind}[]" for kind in _KINDS[:width])
    return f"unnest({arrays}) AS v({', '.join(f'v{i}' for i in range(width))})"


def _values_of(width: int) -> list[str]:
    """PostgreSQL: ``v``'s first ``width`` columns, a day and a first instant from whole
    numbers."""
    found = [f"v.v{i}" for i in range(width)]
    found[0] = "DATE '1970-01-01' + v.v0"
    if width == len(COLUMNS):
        found[_LAST] = f"{_EPOCH} + v.v{_LAST} * {_MICROSECOND}"
    return found


def _matching(width: int) -> str:
    """PostgreSQL: the cells of the creator (table ``t``) whose keys are ``v``'s (NULL labels
    equal), ``v`` the first ``width`` columns' arrays."""
    day, platform, theme, verdict = _values_of(width)[:KEY]
    return (
        f' FROM {_unnest(width)} WHERE t."creator_id" = %s AND t."day" = {day}'
        f' AND t."platform" = {platform} AND t."theme" IS NOT DISTINCT FROM {theme}'
        f' AND t."verdict" IS NOT DISTINCT FROM {verdict}'
    )


# Only the table's own identifiers, types and placeholders go into the statements' text.
@lru_cache(maxsize=2)
def _inserting(dialect: str) -> str:
    names = _names((*COLUMNS, "creator_id"))
    if dialect != "postgresql":
        marks = ", ".join("?" for _ in range(len(COLUMNS) + 1))
        return f"INSERT INTO {_TABLE} ({names}) VALUES ({marks})"  # noqa: S608
    # The creator's id last, as its parameter comes.
    source = f"{_unnest(len(COLUMNS))}, (SELECT %s AS id) AS k"
    picked = ", ".join(_values_of(len(COLUMNS)))
    return f"INSERT INTO {_TABLE} ({names}) SELECT {picked}, k.id FROM {source}"  # noqa: S608


@lru_cache(maxsize=1)
def _updating() -> str:
    values = _values_of(len(COLUMNS))
    sets = ", ".join(f'"{n}" = {v}' for n, v in zip(COLUMNS[KEY:], values[KEY:], strict=True))
    return f"UPDATE {_TABLE} AS t SET {sets}{_matching(len(COLUMNS))}"  # noqa: S608


@lru_cache(maxsize=1)
def _deleting() -> str:
    return f"DELETE FROM {_TABLE} AS t{_matching(KEY).replace(' FROM ', ' USING ', 1)}"  # noqa: S608
