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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from insights.metrics import format_class
from storage.driver_rows import as_utc_all, as_uuid, driver_batches
from storage.models import ContentPerformance, ContentPiece

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
LOAD_BATCH = 5000
P, C = ContentPerformance, ContentPiece
_OBJECTS = ("performance_id", "content_id", "theme", "platform", "format_class", "published_at")
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
_FLAGS = ("publish_time_known", "is_provisional")
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
)


@dataclass
class PieceColumns:
    """Every scoreable piece of a creator, oldest first; arrays share one order (NaN = unknown)."""

    objects: dict[str, list[Any]] = field(default_factory=lambda: {n: [] for n in _OBJECTS})
    stored_category: list[str | None] = field(default_factory=list)
    figures: dict[str, Floats] = field(default_factory=dict)
    flags: dict[str, Bools] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.objects["content_id"])

    @property
    def content_ids(self) -> list[uuid.UUID]:
        """The pieces' ids."""
        return self.objects["content_id"]

    @property
    def published_at(self) -> list[datetime]:
        """Publication instants (UTC)."""
        return self.objects["published_at"]

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
        instagram = np.array([p == "instagram" for p in self.objects["platform"]], dtype=bool)
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
        instagram = np.array([p == "instagram" for p in self.objects["platform"]], dtype=bool)
        denominator = np.where(instagram & (reach > 0), reach, self.audience)
        rate = np.full(len(self), np.nan)
        usable = denominator != 0
        rate[usable] = 100.0 * self.high_intent[usable] / denominator[usable]
        return rate

    def timestamps(self) -> Floats:
        """Publication instants as POSIX seconds (as ``datetime.timestamp`` gives them)."""
        return np.fromiter((t.timestamp() for t in self.published_at), float, len(self))


def load_columns(session: Session, creator_id: uuid.UUID) -> PieceColumns:
    """Every scoreable piece of the creator, oldest first (the order ``load_rows`` gives).

    Read below SQLAlchemy (``storage.driver_rows``): its per-value result processing cost more
    than the query; ids and instants are converted here, the figures go straight into arrays.
    ``objects["performance_id"]`` holds the ids in the driver's form (only written back).
    """
    stmt = (
        select(*_STATEMENT_COLUMNS)
        .join(C, C.id == P.content_id)
        .where(P.creator_id == creator_id)
        .where(or_(P.views.is_not(None), P.reach.is_not(None)))
        .order_by(C.published_at, C.number)
    )
    columns = PieceColumns()
    figures: list[list[Floats]] = [[] for _ in _FIGURES]
    flags: list[list[Bools]] = [[] for _ in _FLAGS]
    for part in driver_batches(session, stmt, LOAD_BATCH):
        _add(columns, list(zip(*part, strict=True)), figures, flags)
    columns.figures = {n: _joined(parts, float) for n, parts in zip(_FIGURES, figures, strict=True)}
    columns.flags = {n: _joined(parts, bool) for n, parts in zip(_FLAGS, flags, strict=True)}
    return columns


def _joined(parts: Sequence[NDArray[Any]], dtype: type) -> NDArray[Any]:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _add(
    columns: PieceColumns,
    values: list[tuple[Any, ...]],
    figures: list[list[Floats]],
    flags: list[list[Bools]],
) -> None:
    perf_ids, ids, themes, platforms, types, durations, published, category = values[:8]
    o = columns.objects
    o["performance_id"] += perf_ids
    o["content_id"] += map(as_uuid, ids)
    o["theme"] += [None if t is None else sys.intern(t) for t in themes]
    o["platform"] += map(sys.intern, platforms)
    o["format_class"] += map(format_class, types, durations)
    o["published_at"] += as_utc_all(published)
    columns.stored_category += [None if c is None else sys.intern(c) for c in category]
    for parts, column in zip(figures, values[8 : 8 + len(_FIGURES)], strict=True):
        parts.append(np.array(column, dtype=float))  # None becomes NaN
    for flag_parts, flag in zip(flags, values[8 + len(_FIGURES) :], strict=True):
        flag_parts.append(np.array(flag, dtype=bool))  # SQLite's 0/1 as booleans
