"""Actual outcomes from the linked pieces' real performance, shown beside the projection."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Any, TypeGuard

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import ContentPerformance, ContentPiece

# Metrics a linked piece measures, with how each is written for a person.
MEASURED_METRICS = (
    "views",
    "engagement_rate",
    "performance_score",
    "retention_rate",
    "likes",
    "comments",
    "shares",
    "saves",
    "followers_gained",
)
_UNITS = {
    "views": "views",
    "likes": "likes",
    "comments": "comments",
    "shares": "shares",
    "saves": "saves",
    "followers_gained": "followers",
    "engagement_rate": "engagement",
    "retention_rate": "retention",
    "performance_score": "score",
}


@dataclass(frozen=True)
class PieceMeasure:
    """A linked piece and its current metrics (None where the platform reports nothing)."""

    content_id: uuid.UUID
    number: int
    title: str
    metrics: dict[str, float]
    is_provisional: bool


@dataclass(frozen=True)
class OutcomeComparison:
    """One metric, projected against actual: 'projected 20k views · actual 26k, +30 %'."""

    metric: str
    projected: float
    actual: float | None
    change_percent: float | None
    text: str


def load_measures(
    session: Session, creator_id: uuid.UUID, content_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, PieceMeasure]:
    """The current metrics of the creator's pieces with these ids, keyed by piece id."""
    ids = set(content_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(ContentPiece, ContentPerformance)
        .outerjoin(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
        .where(ContentPiece.creator_id == creator_id, ContentPiece.id.in_(ids))
    ).all()
    return {piece.id: _measure(piece, perf) for piece, perf in rows}


def _measure(piece: ContentPiece, perf: ContentPerformance | None) -> PieceMeasure:
    metrics: dict[str, float] = {}
    if perf is not None:
        for name in MEASURED_METRICS:
            value = getattr(perf, name)
            if value is not None:
                metrics[name] = float(value)
    provisional = perf is None or perf.is_provisional
    return PieceMeasure(piece.id, piece.number, piece.title, metrics, provisional)


def measured_outcome(measures: Iterable[PieceMeasure]) -> dict[str, Any]:
    """Per-piece averages over the measured pieces, with how many there were."""
    pieces = list(measures)
    if not pieces:
        return {}
    outcome: dict[str, Any] = {"pieces": len(pieces)}
    for name in MEASURED_METRICS:
        values = [p.metrics[name] for p in pieces if name in p.metrics]
        if values:
            outcome[name] = round(fmean(values), 2)
    outcome["content_numbers"] = sorted(p.number for p in pieces)
    return outcome


def actual_outcome(stored: Mapping[str, Any], measures: Iterable[PieceMeasure]) -> dict[str, Any]:
    """What was typed by hand, overridden by what the linked pieces really measured."""
    return {**dict(stored), **measured_outcome(measures)}


def compare(projected: Mapping[str, Any], actual: Mapping[str, Any]) -> list[OutcomeComparison]:
    """One comparison per numeric projected metric, in the projection's order."""
    result = []
    for metric, target in projected.items():
        if not _is_number(target):
            continue
        value = actual.get(metric)
        got = float(value) if _is_number(value) else None
        result.append(_comparison(metric, float(target), got))
    return result


def _comparison(metric: str, projected: float, actual: float | None) -> OutcomeComparison:
    unit = _UNITS.get(metric, metric.replace("_", " "))
    text = f"projected {format_metric(metric, projected)} {unit}"
    if actual is None:
        return OutcomeComparison(metric, projected, None, None, f"{text} · actual not yet known")
    change = None if projected == 0 else round(100 * (actual - projected) / projected, 1)
    text += f" · actual {format_metric(metric, actual)}"
    if change is not None:
        text += f", {change:+.0f} %"
    return OutcomeComparison(metric, projected, actual, change, text)


def format_metric(metric: str, value: float) -> str:
    """A value as a person reads it: 26k, 1.2M, 4.2 %, 61 % retention, score 82."""
    if metric == "engagement_rate":
        return f"{value:.1f} %"
    if metric == "retention_rate":
        return f"{100 * value:.0f} %"
    if metric == "performance_score":
        return f"{value:.0f}"
    return compact_number(value)


def compact_number(value: float) -> str:
    """20000 → '20k', 26400 → '26.4k', 475847 → '476k', 1250000 → '1.25M', 950 → '950'."""
    for size, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")):
        below = abs(value) / (size / 1000)  # in the next smaller unit: 999,999 is 1M, not 1000k
        if abs(value) >= size or round(below, _places(below)) >= 1000:
            return _scaled(value, size, suffix)
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _places(scaled: float) -> int:
    """Three significant digits at most: 1.25M, 26.4k, 476k."""
    return 0 if scaled >= 100 else 1 if scaled >= 10 else 2


def _scaled(value: float, size: int, suffix: str) -> str:
    text = f"{value / size:.{_places(abs(value) / size)}f}"
    if "." in text:  # only decimals lose trailing zeros: 240k stays 240k
        text = text.rstrip("0").rstrip(".")
    return text + suffix


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
