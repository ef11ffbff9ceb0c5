"""Baselines: the creator's typical piece of a group and era, with the documented fallback chain.

A piece is compared with the creator's own pieces on the same platform and format class; when
that group has fewer than ``min_group_size`` pieces it falls back to the platform, then to all
of the creator's content. Within the group, the typical piece is the median of the ``neighbours``
pieces published nearest to it in time (``insights.era``), so a growing channel's old pieces
are compared with their own era; a group of at most ``neighbours`` pieces is one era. Young
pieces are compared on their 24 h figures.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from insights import era
from insights.era import Array, era_medians

LIFETIME = "lifetime"
FIRST_24H = "24h"
FORMAT_LABELS = {"short": "short-form", "long": "long-form", "static": "image-post"}
PLATFORM_LABELS = {"youtube": "YouTube", "instagram": "Instagram", "tiktok": "TikTok"}


@dataclass(frozen=True, slots=True)
class ScoreInput:
    """The figures of one piece that scoring reads."""

    content_id: uuid.UUID
    platform: str
    format_class: str
    published_at: datetime
    views: int
    engagement_rate: float | None  # percent, by the platform's formula
    retention_rate: float | None  # fraction 0..1
    high_intent: int | None  # shares + saves reported (None: neither was)
    reach: int | None
    views_24h: int | None = None
    likes_24h: int | None = None

    @property
    def intent_rate(self) -> float | None:
        """Shares and saves per 100 views (per 100 reached on Instagram)."""
        denominator = self.reach if self.platform == "instagram" and self.reach else self.views
        if not denominator or self.high_intent is None:
            return None
        return 100.0 * self.high_intent / denominator

    @property
    def engagement_24h(self) -> float | None:
        """Likes per 100 views in the first 24 hours."""
        if self.views_24h and self.likes_24h is not None:
            return 100.0 * self.likes_24h / self.views_24h
        return None


@dataclass(frozen=True)
class Figures:
    """The comparable figures of a piece on one basis (lifetime or first 24 h)."""

    views: float
    engagement: float | None
    retention: float | None
    intent: float | None


@dataclass(frozen=True, slots=True)
class Baseline:
    """The creator's typical piece of a group and era: medians over the pieces compared with."""

    level: str  # "platform+format", "platform" or "all"
    label: str  # for people: "YouTube long-form", "YouTube", "all your content"
    basis: str  # LIFETIME or FIRST_24H
    size: int  # pieces the medians were taken over (the nearest in time, at most the group)
    median_views: float
    median_engagement: float | None
    median_retention: float | None
    median_intent: float | None


def figures(piece: ScoreInput, basis: str) -> Figures:
    """The piece's figures on ``basis``."""
    if basis == FIRST_24H:
        return Figures(float(piece.views_24h or 0), piece.engagement_24h, None, None)
    return Figures(
        float(piece.views), piece.engagement_rate, piece.retention_rate, piece.intent_rate
    )


def _group_keys(piece: ScoreInput) -> list[tuple[str, ...]]:
    return [("platform+format", piece.platform, piece.format_class), ("platform", piece.platform)]


def group_label(key: tuple[str, ...]) -> str:
    """How people read a group: "YouTube long-form", "YouTube" or "all your content"."""
    return _label(key)


def _label(key: tuple[str, ...]) -> str:
    if key[0] == "platform+format":
        return f"{PLATFORM_LABELS.get(key[1], key[1])} {FORMAT_LABELS.get(key[2], key[2])}"
    if key[0] == "platform":
        return PLATFORM_LABELS.get(key[1], key[1])
    return "all your content"


def _optional(value: float | None) -> float:
    return np.nan if value is None else value


def _or_none(value: float) -> float | None:
    return None if math.isnan(value) else value


def _stamp(moment: datetime) -> float:
    return moment.timestamp()


class _Group:
    """One group's pieces in time order, as arrays: times and the four figures (NaN = none)."""

    def __init__(self, rows: list[tuple[float, Figures]]) -> None:
        rows.sort(key=lambda row: row[0])
        self.times: Array = np.array([t for t, _ in rows], dtype=float)
        self.figures: list[Array] = [
            np.array([_optional(getattr(f, name)) for _, f in rows], dtype=float)
            for name in ("views", "engagement", "retention", "intent")
        ]

    def __len__(self) -> int:
        return int(self.times.size)

    def medians(self, queries: Array, k: int) -> list[Array]:
        """Per figure, each query's median over the ``k`` pieces nearest in time.

        Views are trend-corrected at the edges (``insights.era``); the rates are not, as a
        channel's growth multiplies its reach, not what each viewer does.
        """
        trends = [era.views_trend(logged=False), None, None, None]
        return [
            era_medians(self.times, values, queries, k, trend)
            for values, trend in zip(self.figures, trends, strict=True)
        ]


class BaselineIndex:
    """Pools of comparable pieces by group and era, built once per rescoring.

    ``neighbours``: how many pieces nearest in time a piece is compared with (None: the whole
    group, the lifetime median of earlier versions).
    """

    def __init__(
        self,
        pool: Sequence[ScoreInput],
        basis: str,
        min_group_size: int,
        neighbours: int | None = None,
    ) -> None:
        self.basis = basis
        self.min_group_size = min_group_size
        self.neighbours = neighbours
        rows: dict[tuple[str, ...], list[tuple[float, Figures]]] = {("all",): []}
        for piece in pool:
            row = (_stamp(piece.published_at), figures(piece, basis))
            for key in [*_group_keys(piece), ("all",)]:
                rows.setdefault(key, []).append(row)
        self._groups = {key: _Group(group) for key, group in rows.items()}
        self._whole: dict[tuple[str, ...], Baseline] = {}

    @property
    def empty(self) -> bool:
        """True when there is no piece to compare with."""
        return not len(self._groups[("all",)])

    def group_of(self, piece: ScoreInput) -> tuple[str, ...]:
        """The first group in the fallback chain that is large enough."""
        for candidate in _group_keys(piece):
            group = self._groups.get(candidate)
            if group is not None and len(group) >= self.min_group_size:
                return candidate
        return ("all",)

    def for_piece(self, piece: ScoreInput) -> Baseline:
        """The baseline of one piece (see ``for_pieces``)."""
        return self.for_pieces([piece])[0]

    def for_pieces(self, pieces: Sequence[ScoreInput]) -> list[Baseline]:
        """Each piece's baseline: its group's medians over the pieces nearest it in time."""
        found: list[Baseline | None] = [None] * len(pieces)
        by_key: dict[tuple[str, ...], list[int]] = {}
        for i, piece in enumerate(pieces):
            by_key.setdefault(self.group_of(piece), []).append(i)
        for key, indexes in by_key.items():
            group = self._groups[key]
            k = min(self.neighbours or len(group), len(group))
            if k == len(group) and not (self.neighbours and era.EDGE_CORRECTION):
                # The whole group is one era: one shared baseline (with era baselines on, the
                # whole group's trend-corrected median at each piece's own moment instead).
                shared = self._whole.get(key) or self._shared(key)
                for i in indexes:
                    found[i] = shared
                continue
            queries = np.array([_stamp(pieces[i].published_at) for i in indexes])
            columns = [c.tolist() for c in group.medians(queries, k)]
            for i, medians in zip(indexes, zip(*columns, strict=True), strict=True):
                found[i] = self._baseline(key, k, list(medians))
        return [b for b in found if b is not None]

    def _shared(self, key: tuple[str, ...]) -> Baseline:
        group = self._groups[key]
        medians = [
            float(np.nanmedian(v)) if not np.isnan(v).all() else math.nan for v in group.figures
        ]
        self._whole[key] = self._baseline(key, len(group), medians)
        return self._whole[key]

    def _baseline(self, key: tuple[str, ...], size: int, medians: list[float]) -> Baseline:
        views, engagement, retention, intent = medians
        return Baseline(
            level=key[0],
            label=_label(key),
            basis=self.basis,
            size=size,
            median_views=float(views),
            median_engagement=_or_none(engagement),
            median_retention=_or_none(retention),
            median_intent=_or_none(intent),
        )
