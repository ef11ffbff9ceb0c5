"""Plain-text layout both chat renderers share: cleaning creator text and aligning tables."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from context.reply import Table

CELL_WIDTH = 24
# First strong isolate / pop directional isolate: keep a right-to-left title from reordering
# the number and platform around it.
FSI, PDI = "\u2068", "\u2069"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NUMBER = re.compile(r"[-+]?[\d.,]+\s?[%a-zA-Z×]{0,3}")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram and Discord count it."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clean_text(text: str) -> str:
    """Creator or platform text made safe to send: lone surrogates and control characters go."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Clean text with every run of whitespace (newlines included) folded to one space."""
    return " ".join(clean_text(text).split())


def display_width(text: str) -> int:
    """Monospace columns a string takes (wide East Asian characters count two)."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _cell(text: str) -> str:
    text = one_line(text)
    if display_width(text) <= CELL_WIDTH:
        return text
    while display_width(text) > CELL_WIDTH - 1:
        text = text[:-1]
    return text.rstrip() + "…"


def aligned_table_rows(table: Table) -> list[str]:
    """A table as aligned monospace rows: header, rule, rows; numeric columns right-aligned."""
    count = max([len(table.columns), *(len(r) for r in table.rows)], default=0)
    grid = [[_cell(c) for c in r] + [""] * (count - len(r)) for r in (table.columns, *table.rows)]
    widths = [max(display_width(row[i]) for row in grid) for i in range(count)]
    numeric = [
        bool(table.rows) and all(_NUMBER.fullmatch(r[i]) or not r[i] for r in grid[1:])
        for i in range(count)
    ]

    def fmt(row: Sequence[str]) -> str:
        cells = []
        for text, width, right in zip(row, widths, numeric, strict=True):
            pad = " " * (width - display_width(text))
            cells.append(pad + text if right else text + pad)
        return "  ".join(cells).rstrip()

    rule = "  ".join("─" * w for w in widths).strip()
    rows = [fmt(grid[0]), rule, *(fmt(r) for r in grid[1:])]
    return [r for r in rows if r]
