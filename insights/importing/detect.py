"""Which export a file is, told from its header (or taken from ``--format``)."""

from __future__ import annotations

from insights.importing import generic, instagram, tiktok, youtube_api, youtube_studio
from insights.importing.columns import ColumnMap
from insights.importing.mapping import FIELD_NAMES, propose
from insights.importing.problems import UnknownLayout
from insights.importing.spec import ImportFormat
from insights.importing.table import Table, normalise
from insights.validation import PLATFORMS
from storage.errors import InvalidInput

# Tried in this order: the more specific headers first.
FORMATS: tuple[ImportFormat, ...] = (
    generic.FORMAT,
    youtube_studio.FORMAT,
    instagram.FORMAT,
    youtube_api.FORMAT,
    tiktok.FORMAT,
)
AUTO = "auto"
FORMAT_KEYS = (AUTO, *(f.key for f in FORMATS))
MAX_COLUMNS_SHOWN = 20


def check_platform(platform: str | None) -> str | None:
    """The ``--platform`` option, normalised, or InvalidInput naming the platforms known."""
    if platform is None:
        return None
    cleaned = platform.strip().casefold()
    if cleaned not in PLATFORMS:
        raise InvalidInput(f"unknown platform {platform!r}: use one of {', '.join(PLATFORMS)}")
    return cleaned


def choose_format(
    table: Table, fmt: str = AUTO, platform: str | None = None
) -> tuple[ImportFormat, ColumnMap]:
    """The format of ``table`` and where its fields are; InvalidInput when none fits."""
    if fmt != AUTO:
        return _named(table, fmt, platform)
    keys = {normalise(c) for c in table.columns}
    for spec in FORMATS:
        if platform and spec.platform not in (None, platform):
            continue
        columns = ColumnMap.resolve(table, spec.fields)
        if spec.missing(columns):
            continue
        if spec.shows_marker(keys) or (platform is not None and platform == spec.platform):
            return spec, columns
    raise UnknownLayout(_unknown_header(table, platform), table.columns, propose(table))


def _named(table: Table, fmt: str, platform: str | None) -> tuple[ImportFormat, ColumnMap]:
    spec = next((f for f in FORMATS if f.key == fmt.strip().casefold()), None)
    if spec is None:
        raise InvalidInput(f"unknown format {fmt!r}: use one of {', '.join(FORMAT_KEYS)}")
    if platform and spec.platform not in (None, platform):
        raise InvalidInput(f"a {spec.label} holds {spec.platform} data, not {platform}")
    columns = ColumnMap.resolve(table, spec.fields)
    missing = spec.missing(columns)
    if missing:
        raise InvalidInput(
            f"this file is not a {spec.label}: it has no column {', '.join(missing)} "
            f"(found: {_found(table)})"
        )
    return spec, columns


def _unknown_header(table: Table, platform: str | None) -> str:
    within = f" for {platform}" if platform else ""
    supported = "; ".join(
        f"{f.label} ({f.key}: {f.key_columns()})"
        for f in FORMATS
        if not platform or f.platform in (None, platform)
    )
    proposal = propose(table)
    suggestion = " ".join(f"--map {f}={c!r}" for f, c in proposal.items())
    guess = f" A guess from its column names: {suggestion}." if proposal else ""
    return (
        f"the columns of this file match no supported format{within}. Found: {_found(table)}. "
        f"Supported: {supported}. Tell the import which column is which with --map "
        f"FIELD=COLUMN (fields: {', '.join(FIELD_NAMES)}), and --platform.{guess} See "
        "docs/IMPORT.md, or `whatsworking import --template` for the generic CSV"
    )


def _found(table: Table) -> str:
    names = [repr(c) for c in table.columns[:MAX_COLUMNS_SHOWN]]
    more = len(table.columns) - MAX_COLUMNS_SHOWN
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")
