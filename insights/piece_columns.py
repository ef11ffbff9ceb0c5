"""A creator's scoreable pieces as column arrays: a full refresh reads no row object per piece.

``insights.frame.load_rows`` builds a ``PieceRow`` per piece (≈ 1.5 KB each with its boxed
figures): fine for a what-if or one platform, but a full refresh of a million pieces held
gigabytes. Here each figure is one numpy array (NaN = not reported) and only what must stay a
Python object (ids, instants, themes) is a list. The values are those ``load_rows`` gives, so
scoring the columns gives the same scores (``insights.score_columns``).
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import repeat
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import BigInteger, cast, extract, func, or_, select
from sqlalchemy.orm import Session

from insights.availability import SYNCED
from insights.column_memo import ColumnMemo
from insights.fact_arrays import EPOCH, MICROSECOND, Codes, Ints, first_codes
from insights.metrics import format_class
from insights.score_math import CATEGORY_NAMES
from insights.uuid_array import RAW, UuidArray, driver_bytes
from storage.driver_rows import as_utc, driver_batches
from storage.models import ContentPerformance, ContentPiece
from storage.owner_test import owned_by

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
LOAD_BATCH = 5000
P, C = ContentPerformance, ContentPiece
_OBJECTS = ("theme", "platform", "format_class")
_STORED_OBJECTS = ("performance_category",)
_FIGURES = (
    "number",
    "views",
    "likes",
    "comments",
    "shares",
    "saves",
    "reach",
    "stored_engagement",
    "retention_rate",
    "views_24h",
    "likes_24h",
    "performance_score",
    "percentile_rank",
)
# "synced": the piece came from a platform's API (its source ends in "-sync"; availability).
_FLAGS = ("publish_time_known", "is_provisional", "synced")
UNSCORED, OTHER = -1, -2  # stored codes: no category stored; one no score gives
_STORED_CODES: dict[str | None, int] = {name: code for code, name in enumerate(CATEGORY_NAMES)}
_STORED_CODES[None] = UNSCORED
_DTYPES: dict[str, Any] = {"performance_id": RAW, "content_id": RAW, "published_us": np.int64}
_DTYPES["stored_codes"] = np.int8
_DTYPES |= dict.fromkeys(_FIGURES, np.float64) | dict.fromkeys(_FLAGS, np.bool_)
_STATEMENT_COLUMNS = (
    P.id,
    C.id,
    C.theme,
    C.platform,
    C.content_type,
    C.duration_seconds,
    C.published_at,
    P.performance_category,
    C.number,
    P.views,
    P.likes,
    P.comments,
    P.shares,
    P.saves,
    P.reach,
    P.engagement_rate,
    P.retention_rate,
    P.views_24h,
    P.likes_24h,
    P.performance_score,
    P.percentile_rank,
    C.publish_time_known,
    P.is_provisional,
    C.source.like(SYNCED),
)


@dataclass
class PieceColumns:
    """Every scoreable piece of a creator, oldest first; arrays share one order (NaN = unknown)."""

    objects: dict[str, list[Any]] = field(default_factory=lambda: {n: [] for n in _OBJECTS})
    # Each piece's stored category as its place in ``CATEGORY_NAMES`` (UNSCORED: none stored):
    # compared with the scores' codes in numpy (the texts compared in Python took ~1 ms).
    stored_codes: NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    figures: dict[str, Floats] = field(default_factory=dict)
    flags: dict[str, Bools] = field(default_factory=dict)
    content_ids: UuidArray = field(default_factory=lambda: UuidArray.joined([]))
    performance_ids: UuidArray = field(default_factory=lambda: UuidArray.joined([]))
    published_us: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Per-piece results kept from the last refresh after a write (insights.column_cache); None:
    # none kept nor made (a full refresh).
    memo: ColumnMemo | None = None
    # ``numbered``'s codes of the text columns made so far, by column.
    codes: dict[str, Codes] = field(default_factory=dict, repr=False, compare=False)
    # ``by_id``'s positions, once made (None: not yet).
    id_order: Ints | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.content_ids)

    def published_at(self, where: Bools | None = None) -> list[datetime]:
        """Publication instants (UTC) of every piece, or of the pieces ``where`` is true."""
        chosen = self.published_us if where is None else self.published_us[where]
        return [EPOCH + timedelta(microseconds=us) for us in chosen.tolist()]

    @property
    def platform_codes(self) -> Codes:
        """Each piece's platform as a number (in order of first appearance)."""
        return self.numbered("platform")

    @property
    def theme_codes(self) -> Codes:
        """Each piece's theme (or None) as a number (in order of first appearance)."""
        return self.numbered("theme")

    @property
    def format_codes(self) -> Codes:
        """Each piece's format class as a number (in order of first appearance)."""
        return self.numbered("format_class")

    def by_id(self) -> Ints:
        """Every piece's position, in the order of the content ids (as both databases order
        them): made when first asked for, or handed on by a splice (insights.column_cache)."""
        if self.id_order is None:
            self.id_order = self.content_ids.key_order(np.arange(len(self)))
        return self.id_order

    def numbered(self, name: str) -> Codes:
        """The text column ``name`` of ``objects`` as ``first_codes``, made when first asked for
        (or handed on by a splice of kept columns: insights.column_cache)."""
        found = self.codes.get(name)
        if found is None:
            found = self.codes[name] = first_codes(self.objects[name])
        return found

    @property
    def audience(self) -> Floats:
        """Views, or reach where views are unknown or 0 (``insights.frame.audience``)."""
        views, reach = self.figures["views"], self.figures["reach"]
        use_reach = ((views == 0) | np.isnan(views)) & (reach > 0)
        return np.where(use_reach, reach, np.nan_to_num(views, nan=0.0))

    @property
    def high_intent(self) -> Floats:
        """Shares plus saves reported (``insights.metrics.high_intent``); NaN when neither was."""
        shares, saves = self.figures["shares"], self.figures["saves"]
        total = np.nan_to_num(shares) + np.nan_to_num(saves)
        return np.where(np.isnan(shares) & np.isnan(saves), np.nan, total)

    @property
    def engagement_rate(self) -> Floats:
        """The stored rate, else the platform's formula (``insights.metrics.engagement_rate``)."""
        f = self.figures
        instagram = self.platform_codes.equals("instagram")
        denominator = np.where(instagram & (f["reach"] > 0), f["reach"], f["views"])
        # As insights.metrics.interactions: the counts reported; NaN when the likes are not.
        others = sum(np.nan_to_num(f[name]) for name in ("comments", "shares", "saves"))
        interactions = f["likes"] + others
        usable = ~np.isnan(denominator) & (denominator != 0)
        computed = np.full(len(self), np.nan)
        computed[usable] = 100.0 * interactions[usable] / denominator[usable]
        stored = f["stored_engagement"]
        return np.where(np.isnan(stored), computed, stored)

    @property
    def intent_rate(self) -> Floats:
        """Shares and saves per 100 views (per 100 reached on Instagram)."""
        reach = self.figures["reach"]
        instagram = self.platform_codes.equals("instagram")
        denominator = np.where(instagram & (reach > 0), reach, self.audience)
        rate = np.full(len(self), np.nan)
        usable = denominator != 0
        rate[usable] = 100.0 * self.high_intent[usable] / denominator[usable]
        return rate

    def timestamps(self) -> Floats:
        """Publication instants as POSIX seconds, bit for bit as ``datetime.timestamp`` gives
        them (both divide the exact count of microseconds by 10⁶, rounded once)."""
        seconds: Floats = self.published_us.astype(np.float64) / 1e6
        return seconds


def load_columns(
    session: Session, creator_id: uuid.UUID, pieces: Collection[uuid.UUID] | None = None
) -> PieceColumns:
    """Every scoreable piece of the creator, oldest first (the order ``load_rows`` gives); only
    those of ``pieces`` (content ids) when given (insights.column_cache splices them in).

    Read below SQLAlchemy (``storage.driver_rows``): its per-value result processing cost more
    than the query; ids and instants are converted here, the figures go straight into arrays.
    """
    owner = owned_by(P.creator_id, creator_id, by_id=pieces is not None)
    stmt = (
        select(*_statement_columns(session.connection().dialect.name))
        .join(C, C.id == P.content_id)
        .where(owner)
        .where(or_(P.views.is_not(None), P.reach.is_not(None)))
        .order_by(C.published_at, C.number)
    )
    if pieces is not None:
        stmt = stmt.where(P.content_id.in_(pieces))
    capacity = _scored_at_most(session, creator_id) if pieces is None else len(pieces)
    columns, filled = PieceColumns(), _Filled(capacity)
    for batch in driver_batches(session, stmt, LOAD_BATCH):
        _add(columns, list(zip(*batch, strict=True)), filled)
    arrays = filled.arrays()
    columns.figures = {name: arrays[name] for name in _FIGURES}
    columns.flags = {name: arrays[name] for name in _FLAGS}
    columns.performance_ids = UuidArray(arrays["performance_id"])
    columns.content_ids = UuidArray(arrays["content_id"])
    columns.published_us = arrays["published_us"]
    columns.stored_codes = arrays["stored_codes"]
    return columns


def stored_codes(categories: Sequence[str | None]) -> NDArray[np.int8]:
    """Stored categories as ``PieceColumns.stored_codes`` (a name no score gives: OTHER)."""
    codes = map(_STORED_CODES.get, categories, repeat(OTHER))
    return np.fromiter(codes, np.int8, len(categories))


def _statement_columns(dialect: str) -> tuple[Any, ...]:
    """PostgreSQL sends ids as their 16 bytes and instants as whole microseconds since 1970
    (exact: its epoch is a numeric), not a UUID and a datetime object each to take apart."""
    if dialect != "postgresql":
        return _STATEMENT_COLUMNS
    micros = cast(extract("epoch", C.published_at) * 1_000_000, BigInteger)
    return (
        func.uuid_send(P.id),
        func.uuid_send(C.id),
        *_STATEMENT_COLUMNS[2:6],
        micros,
        *_STATEMENT_COLUMNS[7:],
    )


def _scored_at_most(session: Session, creator_id: uuid.UUID) -> int:
    """The creator's performance rows (an index-only count): the arrays' size to begin with."""
    count = select(func.count()).select_from(P).where(P.creator_id == creator_id)
    return int(session.execute(count).scalar_one())


class _Filled:
    """The column arrays, filled a batch at a time: sized once rather than joined from
    per-batch parts (at a million pieces the parts and their join held the arrays twice, and
    freed, left ~130 MB of the heap behind). Grown should more rows come than were counted."""

    def __init__(self, capacity: int) -> None:
        self.size = 0
        self._arrays = {name: np.empty(capacity, dtype) for name, dtype in _DTYPES.items()}

    def put(self, parts: dict[str, NDArray[Any]]) -> None:
        """One batch's arrays (all of one length)."""
        end = self.size + len(parts["published_us"])
        for name, part in parts.items():
            array = self._arrays[name]
            if end > array.size:
                array = self._arrays[name] = _grown(array, self.size, max(end, 2 * array.size))
            array[self.size : end] = part
        self.size = end

    def arrays(self) -> dict[str, NDArray[Any]]:
        """Every column's values, as many as were put (copied when a tenth or more of the
        counted rows were left out, pieces without views or reach)."""
        spare = 10 * self.size < 9 * len(self._arrays["published_us"])
        used = {name: array[: self.size] for name, array in self._arrays.items()}
        return {name: array.copy() for name, array in used.items()} if spare else used


def _grown(array: NDArray[Any], used: int, size: int) -> NDArray[Any]:
    grown = np.empty(size, array.dtype)
    grown[:used] = array[:used]
    return grown


def _add(columns: PieceColumns, values: list[tuple[Any, ...]], filled: _Filled) -> None:
    perf_ids, ids, themes, platforms, types, durations, published, category = values[:8]
    o = columns.objects
    o["theme"] += [None if t is None else sys.intern(t) for t in themes]
    o["platform"] += map(sys.intern, platforms)
    o["format_class"] += map(format_class, types, durations)
    parts = {
        "stored_codes": stored_codes(category),
        "performance_id": np.frombuffer(driver_bytes(perf_ids), RAW),
        "content_id": np.frombuffer(driver_bytes(ids), RAW),
        "published_us": microseconds(published),
    }
    for name, column in zip(_FIGURES, values[8 : 8 + len(_FIGURES)], strict=True):
        parts[name] = np.array(column, dtype=float)  # None becomes NaN
    for name, flag in zip(_FLAGS, values[8 + len(_FIGURES) :], strict=True):
        parts[name] = np.array(flag, dtype=bool)  # SQLite's 0/1 as booleans
    filled.put(parts)


def microseconds(raws: Sequence[Any]) -> Ints:
    """Instants as the driver returned them, as ``storage.driver_rows.as_utc`` reads them, in
    microseconds since 1970: already so (PostgreSQL, ``_statement_columns``); SQLite's naive
    ISO texts (UTC) parsed by numpy at once; anything else one by one."""
    if raws and all(type(raw) is int for raw in raws):
        return np.array(raws, dtype=np.int64)
    if _naive_texts(raws):
        parsed: Ints = np.array(raws, dtype="datetime64[us]").astype(np.int64)
        return parsed
    return np.fromiter(((as_utc(r) - EPOCH) // MICROSECOND for r in raws), np.int64, len(raws))


def _naive_texts(raws: Sequence[Any]) -> bool:
    """Texts without a UTC offset, which numpy would apply (``as_utc`` ignores one): a date's
    two hyphens and no "+" or "Z" in any."""
    try:
        joined = "".join(raws)
    except TypeError:  # not all texts
        return False
    return joined.count("-") == 2 * len(raws) and not any(c in joined for c in "+Zz")
