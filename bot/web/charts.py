"""Geometry for the SVG charts the templates draw: bars, a growth line and the score ring.

Plain numbers in, coordinates out; the templates write the SVG, so a chart costs a few hundred
bytes and no script.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

RING_RADIUS = 40
LINE_WIDTH, LINE_HEIGHT, LINE_PAD = 300, 100, 8


@dataclass(frozen=True)
class Bar:
    """One bar: its label, the figure shown, and its length in percent of the longest."""

    label: str
    text: str
    percent: float


def bars(rows: Sequence[tuple[str, float | None, str]]) -> list[Bar]:
    """(label, value, text) rows as bars scaled to the largest value; unknown values draw none."""
    top = max((v for _, v, _ in rows if v is not None and v > 0), default=0.0)
    return [
        Bar(label, text, round(100 * value / top, 1) if top and value and value > 0 else 0.0)
        for label, value, text in rows
    ]


@dataclass(frozen=True)
class Line:
    """A polyline through the points, with each point's position and label."""

    points: str
    dots: list[tuple[float, float, str, str]]


def growth_line(points: Sequence[tuple[str, float]]) -> Line | None:
    """Cumulative views at each known moment ('24 h', '48 h', 'now'); None with fewer than two."""
    if len(points) < 2:
        return None
    top = max(v for _, v in points) or 1.0
    step = (LINE_WIDTH - 2 * LINE_PAD) / (len(points) - 1)
    dots = [
        (
            round(LINE_PAD + i * step, 1),
            round(LINE_HEIGHT - LINE_PAD - (LINE_HEIGHT - 2 * LINE_PAD) * v / top, 1),
            label,
            f"{v:,.0f}",
        )
        for i, (label, v) in enumerate(points)
    ]
    return Line(" ".join(f"{x},{y}" for x, y, _, _ in dots), dots)


def ring(score: float | None) -> dict[str, float]:
    """The score ring's circumference and the dash that shows ``score`` of 100."""
    circumference = 2 * math.pi * RING_RADIUS
    filled = circumference * max(0.0, min(100.0, score or 0.0)) / 100
    return {"r": RING_RADIUS, "dash": round(filled, 1), "gap": round(circumference - filled, 1)}


GLOBALS: dict[str, Callable[..., Any]] = {"bars": bars, "growth_line": growth_line, "ring": ring}
