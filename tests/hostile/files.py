"""Hostile files, built in memory: what a stranger could send the bot to exhaust or crash it."""

from __future__ import annotations

import json

GENERIC_HEADER = "platform,platform_id,title,published_at,views,tags,description"
GOOD_ROW = "youtube,abc123,A fine title,2024-05-03T17:30:00Z,1200,a|b,"


def generic_csv(*rows: str) -> bytes:
    """A generic CSV with the given data rows after the header."""
    return "\r\n".join((GENERIC_HEADER, *rows)).encode()


def row(
    *, title: str = "A title", tags: str = "a|b", description: str = "", pid: str = "p1"
) -> str:
    """One generic row; every text cell is quoted so commas and quotes inside survive."""
    cells = ("youtube", pid, title, "2024-05-03T17:30:00Z", "1200", tags, description)
    return ",".join(_quoted(c) for c in cells)


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def tags_literal_bomb(size: int = 1_000_000) -> bytes:
    """The issue's file: a tags cell ``[1,1,…]`` that ``ast.literal_eval`` blew up to 600 MiB."""
    return generic_csv(row(tags="[" + "1," * (size // 2) + "1]"))


def nested_tags(depth: int = 4_000) -> bytes:
    """A tags cell nested deeper than any parser's recursion limit."""
    return generic_csv(row(tags="[" * depth + "]" * depth))


def million_column_json(columns: int = 1_000_000) -> bytes:
    """One Graph-style item with a million fields."""
    item = {f"k{n}": n for n in range(columns)}
    item.update({"id": "1", "timestamp": "2024-05-03T17:30:00+0000", "media_type": "IMAGE"})
    return json.dumps({"data": [item]}).encode()


def distinct_keys_json(items: int = 30_000) -> bytes:
    """Many items, each with a key of its own: the table of every key grew quadratically."""
    rows = [
        {"id": str(n), "timestamp": "2024-05-03T17:30:00+0000", "media_type": "IMAGE", f"x{n}": 1}
        for n in range(items)
    ]
    return json.dumps({"data": rows}).encode()


def deep_json(depth: int = 200_000) -> bytes:
    """A JSON document nested far deeper than the interpreter's recursion limit."""
    return ("[" * depth + "]" * depth).encode()


def huge_header(chars: int = 1_000_000) -> bytes:
    """A header whose one column name is a megabyte long."""
    return ("x" * chars + ",views\r\n1,2\r\n").encode()


def many_rows(rows: int) -> bytes:
    """A valid generic CSV of ``rows`` small rows."""
    body = (row(pid=f"p{n}", title=f"Piece {n}") for n in range(rows))
    return generic_csv(*body)
