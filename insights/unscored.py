"""The pieces a refresh's columns leave out: neither views nor reach known, so never scored.

``load_columns`` reads only the pieces the scores can use; what the refresh derives for every
piece (theme aggregates, the figures each platform lacks) adds these few, read here, as stored:
their themes, platforms, whether an API brought them, and their reported figures.

Reading them scans the creator's performance rows (~6 ms at 10,000 pieces) although a write
changed a hundred. So after ``refresh_creator`` this process keeps the rows it read, by piece,
with the data stamp the refresh leaves (``remember_unscored``), as insights.column_cache keeps
the columns. The next read trusts them only when nobody else can have written the creator's
data since (storage/stamp_chain.py, the row held before reading) and its transaction said which
pieces it wrote (storage/piece_delta.py): only those are read again, by id, and replace what was
kept of them (a piece now scored, or deleted, drops out). The refresh itself writes no piece's
views, reach or figures read here. Anything else, and every row is read. Their order does not
matter: the readers count and sum them exactly (``math.fsum``).

Bounded: ``MAX_ROWS`` rows in all, ``MAX_CREATORS`` creators, the least recently kept out first.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from insights.availability import SCORED, SYNCED
from insights.piece_columns import Bools, Floats
from insights.uuid_array import UuidArray, distinct_bytes, driver_bytes, positions_in
from storage.data_version import held_stamp
from storage.driver_rows import driver_rows
from storage.kept_per_process import KeptPerProcess, keep_stamped
from storage.models import ContentPerformance, ContentPiece
from storage.owner_test import owned_by
from storage.piece_delta import trusted_writes
from storage.process_keys import dropped_at_end, process_key
from storage.stamp_chain import hold

P, C = ContentPerformance, ContentPiece
# Stored figures read: the theme aggregates' two, then those the scores read (SCORED).
FIGURES = ("engagement_rate", "performance_score", *SCORED)
_READ = (
    select(
        C.id, C.theme, C.platform, C.source.like(SYNCED), *(getattr(P, name) for name in FIGURES)
    )
    .join(P, P.content_id == C.id)
    .where(P.views.is_(None), P.reach.is_(None))
)
MAX_ROWS = 100_000
MAX_CREATORS = 4096
BY_ID_CHUNK = 1000
_PENDING = "unscored_pending"  # session.info: creator -> the rows its refresh read
Rows = dict[bytes, tuple[Any, ...]]  # by the piece's id (16 bytes): theme, platform, ...
_KEPT: KeptPerProcess[tuple[uuid.UUID, Rows]] = KeptPerProcess(
    most=MAX_CREATORS, budget=MAX_ROWS, size=lambda entry: len(entry[1])
)


@dataclass(frozen=True)
class Unscored:
    """The unscored pieces' themes, platforms, synced flags and figures (NaN: not reported)."""

    themes: list[str | None]
    platforms: list[str]
    synced: Bools
    figures: dict[str, Floats]


def unscored(
    session: Session, creator_id: uuid.UUID, *, scored: UuidArray | None = None
) -> Unscored:
    """The creator's pieces the scores cannot use, as stored. ``scored``, after a write: the
    ids of every scored piece (the refresh's columns); the rows then come from what this process
    kept and the written pieces not among them, when trusted, and are kept for
    ``remember_unscored``."""
    # Held from before the read: no other writer can commit a change before it is kept.
    held = scored is not None and hold(session, creator_id)
    rows = _kept_and_written(session, creator_id, scored) if scored is not None and held else None
    if rows is None:
        rows = _by_piece(driver_rows(session, _READ.where(P.creator_id == creator_id)))
    if held:
        session.info.setdefault(_PENDING, {})[creator_id] = rows
    return _columns(rows.values())


def remember_unscored(session: Session, creator_id: uuid.UUID) -> None:
    """After ``refresh_creator`` stored everything: keep the rows its read found, with the
    stamp it leaves (a refresh writes none of what is read here)."""
    rows = session.info.get(_PENDING, {}).pop(creator_id, None)
    keeps = rows is not None and len(rows) <= MAX_ROWS
    stamp = held_stamp(session, creator_id) if keeps else None
    keep_stamped(_KEPT, session, creator_id, stamp, rows)


def clear() -> None:
    """Forget every creator (tests)."""
    _KEPT.clear()


def _kept_and_written(session: Session, creator_id: uuid.UUID, scored: UuidArray) -> Rows | None:
    """The kept rows with the pieces written since read again (None: not to be trusted). A
    written piece among ``scored`` has views or reach now: it is no longer (or not) unscored,
    and needs no read."""
    entry = _KEPT.get(process_key(session, creator_id))
    record = None if entry is None else trusted_writes(session, creator_id, entry[0])
    if entry is None or record is None or record.pieces is None:
        return None
    rows = dict(entry[1])
    changed = distinct_bytes(list(record.pieces))
    for key in changed:
        rows.pop(key, None)
    unread = sorted(changed - _among(scored, changed))
    owner = owned_by(P.creator_id, creator_id, by_id=True)
    for start in range(0, len(unread), BY_ID_CHUNK):
        ids = [uuid.UUID(bytes=raw) for raw in unread[start : start + BY_ID_CHUNK]]
        rows.update(_by_piece(driver_rows(session, _READ.where(owner, C.id.in_(ids)))))
    return rows


def _among(ids: UuidArray, wanted: set[bytes]) -> set[bytes]:
    """Those of ``wanted`` (16 bytes each) that ``ids`` holds."""
    probe = list(wanted)
    hit = positions_in(ids, probe)[0].tolist()
    return {key for key, found in zip(probe, hit, strict=True) if found}


def _by_piece(found: list[tuple[Any, ...]]) -> Rows:
    packed = driver_bytes([row[0] for row in found])
    return {packed[16 * i : 16 * i + 16]: row[1:] for i, row in enumerate(found)}


def _columns(rows: Iterable[tuple[Any, ...]]) -> Unscored:
    columns = list(zip(*rows, strict=True)) or [()] * (3 + len(FIGURES))
    figures = {name: _numbers(values) for name, values in zip(FIGURES, columns[3:], strict=True)}
    synced = np.array([bool(flag) for flag in columns[2]], dtype=bool)
    return Unscored(list(columns[0]), list(columns[1]), synced, figures)


def _numbers(values: Iterable[Any]) -> Floats:
    return np.array([math.nan if v is None else float(v) for v in values], dtype=np.float64)


dropped_at_end(_PENDING)
