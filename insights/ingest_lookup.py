"""What the ingestion pipeline reads of the pieces a chunk of records may already have stored."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insights.ingest_rows import PERFORMANCE, PERFORMANCE_FIELDS, PIECE_FIELDS, PIECES
from insights.records import PieceRecord
from storage.driver_rows import as_utc, as_uuid, driver_select, driver_value

Key = tuple[str, str]
# Per platform, the greatest platform_id the creator has stored (None: none on that platform).
Ceilings = dict[str, str | None]
_PIECE_NAMES = ("id", "platform", "platform_id", "theme_inferred", *PIECE_FIELDS)


def id_ceilings(
    session: Session, creator_id: uuid.UUID, batch: Sequence[PieceRecord]
) -> Ceilings | None:
    """The creator's greatest stored platform_id on each of the batch's platforms, on SQLite.

    A chunk whose platform_ids all sort above it has nothing stored to look up: a bulk load
    of ids in ascending order (the simulator's) skips a million lookups that find nothing.
    None elsewhere: PostgreSQL may sort text by a locale's rules, not by code point as Python.
    """
    if session.get_bind().dialect.name != "sqlite":
        return None
    platforms = {str(record.platform) for record in batch}
    column = PIECES.c.platform_id
    mine = PIECES.c.creator_id == creator_id
    return {  # each one seek in the (creator, platform, platform_id) index
        p: session.scalar(select(func.max(column)).where(mine, PIECES.c.platform == p))
        for p in platforms
    }


def stored_values(
    session: Session,
    creator_id: uuid.UUID,
    chunk: Sequence[PieceRecord],
    ceilings: Ceilings | None,
) -> dict[Key, dict[str, Any]]:
    """The stored piece and performance values of the chunk's keys that already exist.

    Read below SQLAlchemy (``storage.driver_rows``; a sync re-sends every piece, so this runs
    per piece): the values compared with a record's are converted here as the ORM would.
    ``ceilings`` (``id_ceilings``) are raised to cover the chunk, which is written next.
    """
    by_platform: dict[str, list[str]] = defaultdict(list)
    for record in chunk:
        by_platform[str(record.platform)].append(record.platform_id)
    found: dict[Key, dict[str, Any]] = {}
    owner = driver_value(session, PIECES.c.creator_id, creator_id)
    for platform, platform_ids in by_platform.items():
        if ceilings is not None and _all_above(ceilings, platform, platform_ids):
            continue
        # Filtering on platform too lets the (creator, platform, platform_id) index answer.
        equal = {"creator_id": owner, "platform": platform}
        lookup = ("platform_id", platform_ids)
        for row in driver_select(session, PIECES, _PIECE_NAMES, equal, lookup):
            values = _piece_values(row)
            found[(values["platform"], values["platform_id"])] = values
    _attach_performance(session, found)
    return found


def _all_above(ceilings: Ceilings, platform: str, platform_ids: list[str]) -> bool:
    """True when every id sorts above the platform's ceiling; raise it to the greatest id."""
    ceiling = ceilings[platform]
    greatest = max(platform_ids)
    ceilings[platform] = greatest if ceiling is None else max(ceiling, greatest)
    return ceiling is None or min(platform_ids) > ceiling


def _piece_values(row: tuple[Any, ...]) -> dict[str, Any]:
    """A stored piece row as the ORM gives it (ids, instants, flags and tags converted)."""
    values = dict(zip(_PIECE_NAMES, row, strict=True))
    values["raw_id"], values["id"] = values["id"], as_uuid(values["id"])
    values["published_at"] = as_utc(values["published_at"])
    for flag in ("theme_inferred", "publish_time_known", "is_demo"):
        values[flag] = bool(values[flag])
    tags = values["tags"]
    values["tags"] = tuple((json.loads(tags) if isinstance(tags, str) else tags) or ())
    return values


def _attach_performance(session: Session, found: dict[Key, dict[str, Any]]) -> None:
    """Add each found piece's performance values (a separate, index-only lookup by content_id).

    A join here lets PostgreSQL pick a hash join over the whole performance table while a large
    load's statistics are stale; two keyed lookups stay fast whatever the planner believes.
    """
    by_id = {values["raw_id"]: values for values in found.values()}
    for values in by_id.values():
        values["performance_id"] = None
    if not by_id:
        return
    lookup = ("content_id", list(by_id))  # the pieces' ids as the driver gave them
    columns = ("id", "content_id", *PERFORMANCE_FIELDS)
    for performance_id, content_id, *figures in driver_select(
        session, PERFORMANCE, columns, {}, lookup
    ):
        values = by_id[content_id]
        values.update(zip(PERFORMANCE_FIELDS, figures, strict=True))
        values["performance_id"] = as_uuid(performance_id)
