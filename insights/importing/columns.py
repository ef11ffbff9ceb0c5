"""Finding a format's fields among a file's columns, and reading them row by row."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from insights.importing.cells import (
    is_missing,
    parse_count,
    parse_duration,
    parse_number,
    parse_percent,
)
from insights.importing.limits import (
    MAX_DESCRIPTION_CHARS,
    MAX_SHORT_TEXT_CHARS,
    MAX_TITLE_CHARS,
    too_long,
)
from insights.importing.problems import CellError, ProblemLog, RowProblem
from insights.importing.table import Row, Table
from insights.validation import MAX_COUNT, MAX_DURATION

T = TypeVar("T")
# The longest text each field may hold; any other text field is a short one (ids, urls, types).
TEXT_LIMITS = {
    "title": MAX_TITLE_CHARS,
    "description": MAX_DESCRIPTION_CHARS,
    "caption": MAX_DESCRIPTION_CHARS,
}
N = TypeVar("N", int, float)


@dataclass(frozen=True)
class ColumnMap:
    """Where each field of a format sits in a table, and its column's name as the file spells it."""

    positions: Mapping[str, int]
    names: Mapping[str, str]

    @classmethod
    def resolve(cls, table: Table, fields: Mapping[str, tuple[str, ...]]) -> ColumnMap:
        """Map every field to the first of its aliases the table has."""
        positions: dict[str, int] = {}
        for field, aliases in fields.items():
            for alias in aliases:
                position = table.index_of(alias)
                if position is not None:
                    positions[field] = position
                    break
        names = {field: table.columns[position] for field, position in positions.items()}
        return cls(positions, names)

    def missing(self, required: tuple[str, ...]) -> list[str]:
        """The required fields the table lacks."""
        return [field for field in required if field not in self.positions]


class RowView:
    """One row read through a format's fields; bad cells become problems naming line and column."""

    __slots__ = ("_cells", "_columns", "_log", "failed", "where")

    def __init__(self, row: Row, columns: ColumnMap, log: ProblemLog) -> None:
        self.where = row.where
        self._cells = row.cells
        self._columns = columns
        self._log = log
        self.failed = False

    def has(self, field: str) -> bool:
        """Whether the file has a column for ``field``."""
        return field in self._columns.positions

    def raw(self, field: str) -> str:
        """The cell's text ('' when the column or the cell is absent)."""
        position = self._columns.positions.get(field)
        if position is None or position >= len(self._cells):
            return ""
        return self._cells[position]

    def fail(self, field: str | None, message: str, *, show_value: bool = True) -> None:
        """Record a problem with this row (and the field's column and value when given)."""
        self._log.add(self.problem(field, message, show_value=show_value))
        self.failed = True

    def problem(self, field: str | None, message: str, *, show_value: bool = True) -> RowProblem:
        """A note about this row naming the field's column and value, without failing it."""
        column = self._columns.names.get(field) if field else None
        value = self.raw(field) if field and show_value else None
        return RowProblem(self.where, message, column, value)

    def read(self, field: str, parse: Callable[[str], T]) -> T | None:
        """The parsed cell, None when blank, or None with a problem recorded when unreadable."""
        raw = self.raw(field)
        if is_missing(raw):
            return None
        try:
            return parse(raw)
        except CellError as exc:
            self.fail(field, str(exc))
        except (RecursionError, MemoryError):  # a parser's own limits, met by a hostile cell
            self.fail(field, "is nested too deeply or too large to read")
        return None

    def count(self, field: str) -> int | None:
        """A count that cannot be negative."""
        return self._within(field, self.read(field, parse_count), MAX_COUNT)

    def signed_count(self, field: str) -> int | None:
        """A count that may be negative (net subscribers)."""
        value = self.read(field, parse_count)
        if value is not None and abs(value) > MAX_COUNT:
            self.fail(field, "is too large to be real (a broken export?)")
            return None
        return value

    def number(self, field: str) -> float | None:
        """A decimal number that cannot be negative."""
        return self._within(field, self.read(field, parse_number))

    def percent(self, field: str) -> float | None:
        """A percentage (as percent, 55.2) that cannot be negative."""
        return self._within(field, self.read(field, parse_percent))

    def duration(self, field: str) -> float | None:
        """A duration in seconds."""
        return self._within(field, self.read(field, parse_duration), MAX_DURATION)

    def text(self, field: str, limit: int | None = None) -> str:
        """The cell's text without surrounding whitespace; a problem when over its length cap."""
        text = self.raw(field).strip()
        cap = limit or TEXT_LIMITS.get(field, MAX_SHORT_TEXT_CHARS)
        if len(text) > cap:
            self.fail(field, too_long(len(text), cap))
            return text[:cap]
        return text

    def _within(self, field: str, value: N | None, limit: float = float("inf")) -> N | None:
        if value is None:
            return None
        if value < 0:
            self.fail(field, "is negative; this value cannot be below zero")
            return None
        if value > limit:
            self.fail(field, "is too large to be real (a broken export?)")
            return None
        return value
