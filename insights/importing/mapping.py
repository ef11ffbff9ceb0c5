"""Any table, mapped once: ``--map field=column`` read as the generic CSV's fields.

A mapping names, for fields of the generic CSV (docs/IMPORT.md), the column of the creator's
file that carries them; fields it does not name are found by their usual names. ``account`` may
name the column that says which channel or account a row belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from insights.importing import generic
from insights.importing.columns import ColumnMap
from insights.importing.spec import ImportFormat
from insights.importing.table import Table, normalise
from storage.errors import InvalidInput

ACCOUNT = "account"
FIELD_NAMES = (*(c.name for c in generic.COLUMNS), ACCOUNT)
MAX_NAME = 64
_NAME = re.compile(r"^[\w .-]{1,64}$")
# Column names that suggest a field when a file's layout is unknown (beyond the generic aliases).
_HINTS = {
    "platform_id": ("id", "videoid", "vidid", "postid", "mediaid", "itemid", "awemeid", "content"),
    "title": ("caption", "vidcaption", "text", "desc", "description", "videotitle", "name"),
    "published_at": (
        "date",
        "time",
        "posted",
        "posttime",
        "vidposttime",
        "createtime",
        "timestamp",
        "publishedat",
        "publishtime",
        "uploaddate",
        "created",
    ),
    "views": ("vidnview", "views", "plays", "playcount", "viewcount", "nview", "videoviews"),
    "likes": ("vidnlike", "likes", "likecount", "diggcount", "nlike", "hearts"),
    "comments": ("vidncomment", "comments", "commentcount", "ncomment"),
    "shares": ("vidnshare", "shares", "sharecount", "nshare"),
    "saves": ("vidnsave", "saves", "saved", "collectcount", "nsave"),
    "duration": ("vidduration", "duration", "length", "videoduration"),
    "tags": ("vidhashtags", "hashtags", "tags", "keywords"),
    "reach": ("reach",),
    "url": ("url", "link", "permalink", "vidurl", "weburl"),
}


def parse_pairs(pairs: Iterable[str]) -> dict[str, str]:
    """``field=column`` options as a mapping; InvalidInput naming a bad one."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field = field.strip().casefold()
        if not sep or not column.strip():
            raise InvalidInput(f"--map {pair!r}: write it as field=column, e.g. views=vid_nview")
        if field not in FIELD_NAMES:
            raise InvalidInput(
                f"--map {pair!r}: {field!r} is not a field; use one of {', '.join(FIELD_NAMES)}"
            )
        mapping[field] = column.strip()
    return mapping


def check_name(name: str) -> str:
    """A mapping's name, trimmed; InvalidInput when empty, too long or odd."""
    cleaned = name.strip()
    if not _NAME.match(cleaned):
        raise InvalidInput(
            f"a mapping name is 1-{MAX_NAME} letters, digits, spaces, '.', '-' or '_'"
        )
    return cleaned


def mapped_columns(table: Table, mapping: Mapping[str, str]) -> ColumnMap:
    """Where the generic fields sit: the mapping's columns first, the usual names otherwise."""
    unknown = [c for c in mapping.values() if _position(table, c) is None]
    if unknown:
        raise InvalidInput(
            f"the file has no column {', '.join(map(repr, unknown))} "
            f"(its columns: {', '.join(map(repr, table.columns))})"
        )
    resolved = ColumnMap.resolve(table, generic.FIELDS)
    positions = dict(resolved.positions)
    positions.update(
        {
            f: p
            for f, c in mapping.items()
            if f != ACCOUNT and (p := _position(table, c)) is not None
        }
    )
    names = {field: table.columns[position] for field, position in positions.items()}
    return ColumnMap(positions, names)


def check_mapped(spec: ImportFormat, columns: ColumnMap, platform: str | None) -> None:
    """InvalidInput naming the fields a mapped table still lacks."""
    missing = [f for f in spec.required if f not in columns.positions]
    if "platform" not in columns.positions and platform is None:
        missing.append("platform (or --platform)")
    if missing:
        raise InvalidInput(
            f"the mapping leaves {', '.join(missing)} without a column: add --map FIELD=COLUMN "
            f"for {'it' if len(missing) == 1 else 'each'}"
        )


# Second chance: a column whose name contains one of these (platform_id: ends with "id").
_PARTS = {
    "platform_id": ("id",),
    "title": ("title", "caption", "desc"),
    "published_at": ("date", "time", "posted", "published"),
    "views": ("view", "play"),
    "likes": ("like", "heart", "digg"),
    "comments": ("comment",),
    "shares": ("share",),
    "saves": ("save", "collect", "favorit"),
    "duration": ("duration", "length"),
}


def propose(table: Table) -> dict[str, str]:
    """A guessed mapping for a table of unknown layout: field → column, best guess first."""
    proposal: dict[str, str] = {}
    taken: set[int] = set()
    for field, hints in _HINTS.items():
        for hint in (field.replace("_", ""), *hints):
            position = table.index_of(hint)
            if position is not None and position not in taken:
                proposal[field] = table.columns[position]
                taken.add(position)
                break
    for field, parts in _PARTS.items():
        if field not in proposal:
            position = _containing(table, parts, taken, suffix=field == "platform_id")
            if position is not None:
                proposal[field] = table.columns[position]
                taken.add(position)
    return proposal


def _containing(
    table: Table, parts: tuple[str, ...], taken: set[int], *, suffix: bool
) -> int | None:
    for position, column in enumerate(table.columns):
        key = normalise(column)
        if position in taken:
            continue
        if any(key.endswith(p) if suffix else p in key for p in parts):
            return position
    return None


def _position(table: Table, column: str) -> int | None:
    if column in table.columns:
        return table.columns.index(column)
    return table.index_of(normalise(column))
