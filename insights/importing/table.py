"""A file as a table: a header and rows of text cells, each row knowing where it came from."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from insights.importing.flatten import find_items, flatten_item
from insights.importing.limits import MAX_CELL_CHARS, MAX_COLUMN_NAME_CHARS, MAX_COLUMNS, too_long
from storage.errors import InvalidInput

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_DELIMITERS = (",", ";", "\t")
# csv stops at a longer field with an error; rows are refused by name before that (MAX_CELL_CHARS).
csv.field_size_limit(MAX_CELL_CHARS)
_FIELD_LIMIT_ERROR = "field larger than field limit"


def normalise(column: str) -> str:
    """A column name reduced to lower-case letters and digits, so spelling variants meet."""
    return _NOT_ALNUM.sub("", column.casefold())


@dataclass(frozen=True)
class Row:
    """One data row: ``where`` is how a person finds it (``line 7``, ``item 3``)."""

    where: str
    cells: Sequence[str]


class Table:
    """A header and re-readable rows, from CSV text or a JSON document."""

    def __init__(self, columns: Sequence[str], source: str) -> None:
        _check_header(columns)
        self.columns = tuple(c.strip() for c in columns)
        self.source = source
        self._index: dict[str, int] = {}
        for position, name in enumerate(self.columns):
            self._index.setdefault(normalise(name), position)

    def index_of(self, key: str) -> int | None:
        """The position of the column whose normalised name is ``key``."""
        return self._index.get(key)

    def has(self, key: str) -> bool:
        """Whether a column with this normalised name exists."""
        return key in self._index

    def rows(self) -> Iterator[Row]:
        """Every non-blank data row, read afresh on each call."""
        raise NotImplementedError


class CsvTable(Table):
    """Rows read from CSV text; ``where`` is the physical line a row starts on."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._delimiter = _delimiter_of(text)
        reader = self._reader()
        header = _next_row(reader, 1)
        super().__init__(header or [], "csv")

    def _reader(self) -> Any:
        return csv.reader(
            io.StringIO(self._text, newline=""), delimiter=self._delimiter, strict=True
        )

    def rows(self) -> Iterator[Row]:
        """Every non-blank row after the header."""
        reader = self._reader()
        _next_row(reader, 1)
        while True:
            line = reader.line_num + 1
            cells = _next_row(reader, line)
            if cells is None:
                return
            if any(cell.strip() for cell in cells):
                yield Row(f"line {line}", cells)


class JsonTable(Table):
    """Rows flattened from a JSON export; ``where`` is the item's position."""

    def __init__(self, items: list[dict[str, str]]) -> None:
        columns: dict[str, None] = {}
        for number, item in enumerate(items, start=1):
            columns.update(dict.fromkeys(item))
            if len(columns) > MAX_COLUMNS:  # checked per item: never a table of every key
                raise InvalidInput(
                    f"item {number}: the items have more than {MAX_COLUMNS} different fields "
                    "between them; an export has a few dozen"
                )
        super().__init__(list(columns), "json")
        self._items = items

    def rows(self) -> Iterator[Row]:
        """Every item, its cells in column order."""
        for number, item in enumerate(self._items, start=1):
            yield Row(f"item {number}", [item.get(c, "") for c in self.columns])


def read_table(text: str) -> Table:
    """The table in ``text``: JSON when it starts like JSON, CSV otherwise."""
    if text.lstrip()[:1] in ("{", "["):
        return JsonTable(_json_items(text))
    table = CsvTable(text)
    if not any(table.columns):
        raise InvalidInput("the file has no header line: the first line must name the columns")
    return table


def _check_header(columns: Sequence[str]) -> None:
    if len(columns) > MAX_COLUMNS:
        raise InvalidInput(
            f"the header names {len(columns):,} columns; the limit is {MAX_COLUMNS} "
            "(is this an export with one row per piece?)"
        )
    for position, name in enumerate(columns, start=1):
        if len(name) > MAX_COLUMN_NAME_CHARS:
            raise InvalidInput(
                f"the header's column {position} name {too_long(len(name), MAX_COLUMN_NAME_CHARS)}"
            )


def _json_items(text: str) -> list[dict[str, str]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"the JSON cannot be read at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except (RecursionError, MemoryError):
        raise InvalidInput("the JSON is nested too deeply (or too large) to be an export") from None
    items = find_items(document)
    if not items:
        raise InvalidInput("the JSON file holds no videos or posts to import")
    return [flatten_item(item, f"item {n}") for n, item in enumerate(items, start=1)]


def _delimiter_of(text: str) -> str:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _next_row(reader: Any, line: int) -> list[str] | None:
    try:
        return list(next(reader))
    except StopIteration:
        return None
    except csv.Error as exc:
        if _FIELD_LIMIT_ERROR in str(exc):
            raise InvalidInput(
                f"line {line}: a cell is longer than {MAX_CELL_CHARS:,} characters "
                "(a quote left open, or no export)"
            ) from None
        raise InvalidInput(f"line {line}: the CSV cannot be read ({exc})") from None
