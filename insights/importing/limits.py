"""How much of a stranger's file is read: every cap an import enforces, in one place.

Anyone who can message the bot can send a file, so each dimension of it is bounded before the
work it causes grows: bytes (``decode``), columns and their names, rows, each cell, each text
field, the tags of a piece. The figures are generous for real exports (docs/IMPORT.md lists them)
and small enough that the worst accepted file stays within a stated memory and time
(docs/PERFORMANCE.md, "Hostile input").
"""

from __future__ import annotations

# A real export has a few dozen columns; Graph-style JSON a few more.
MAX_COLUMNS = 200
MAX_COLUMN_NAME_CHARS = 200
# Rows read per file (a channel with more pieces imports in date ranges).
MAX_ROWS = 100_000
# Any one cell, used or not (csv's own limit is set to this, so longer cells stop the reader).
MAX_CELL_CHARS = 100_000
# The API caps titles at 1,000; YouTube allows 100, Instagram captions 2,200, TikTok 4,000.
MAX_TITLE_CHARS = 1_000
MAX_DESCRIPTION_CHARS = 10_000
# Ids, urls, types and every other short text cell.
MAX_SHORT_TEXT_CHARS = 2_048
MAX_TAGS = 100
MAX_TAG_CHARS = 100
MAX_TAGS_CELL_CHARS = 10_000


def too_long(length: int, limit: int) -> str:
    """The message for a cell or name over its cap (the value itself is shown shortened)."""
    return f"is {length:,} characters long; the limit is {limit:,}"
