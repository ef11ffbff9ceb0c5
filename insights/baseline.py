"""Baselines: the creator's typical piece of a group, with the documented fallback chain.

A piece is compared with the creator's own pieces on the same platform and format class; when
that group has fewer than ``min_group_size`` pieces it falls back to the platform, then to all
of the creator's content. Young pieces are compared on their 24 h figures.
"""

from __future__ import annotations

import statistics
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

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
    high_intent: int  # shares + saves
    reach: int | None
    views_24h: int | None = None
    likes_24h: int | None = None

    @property
    def intent_rate(self) -> float | None:
        """Shares and saves per 100 views (per 100 reached on Instagram)."""
        denominator = self.reach if self.platform == "instagram" and self.reach else self.views
        return 100.0 * self.high_intent / denominator if denominator else None

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


@dataclass(frozen=True)
class Baseline:
    """The creator's typical piece of a group: medians over the group's pieces."""

    level: str  # "platform+format", "platform" or "all"
    label: str  # for people: "YouTube long-form", "YouTube", "all your content"
    basis: str  # LIFETIME or FIRST_24H
    size: int
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


def _median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


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


class BaselineIndex:
    """Pools of comparable pieces and their medians, built once per rescoring."""

    def __init__(self, pool: Sequence[ScoreInput], basis: str, min_group_size: int) -> None:
        self.basis = basis
        self.min_group_size = min_group_size
        self._groups: dict[tuple[str, ...], list[Figures]] = {("all",): []}
        for piece in pool:
            fig = figures(piece, basis)
            for key in [*_group_keys(piece), ("all",)]:
                self._groups.setdefault(key, []).append(fig)
        self._cache: dict[tuple[str, ...], Baseline] = {}

    @property
    def empty(self) -> bool:
        """True when there is no piece to compare with."""
        return not self._groups[("all",)]

    def for_piece(self, piece: ScoreInput) -> Baseline:
        """The baseline of the first group in the fallback chain that is large enough."""
        key: tuple[str, ...] = ("all",)
        for candidate in _group_keys(piece):
            if len(self._groups.get(candidate, ())) >= self.min_group_size:
                key = candidate
                break
        if key not in self._cache:
            self._cache[key] = self._baseline(key)
        return self._cache[key]

    def _baseline(self, key: tuple[str, ...]) -> Baseline:
        group = self._groups[key]
        return Baseline(
            level=key[0],
            label=_label(key),
            basis=self.basis,
            size=len(group),
            median_views=float(statistics.median(f.views for f in group)),
            median_engagement=_median([f.engagement for f in group]),
            median_retention=_median([f.retention for f in group]),
            median_intent=_median([f.intent for f in group]),
        )
