"""Shared helpers for reading planted effects back out of simulated pieces."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from statistics import median

from insights.metrics import engagement_rate
from simulator import SimulatedPiece, SimulationConfig
from simulator.metrics_model import BASE_VIEW_RATE

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
IMAGES = ("post", "carousel")


def is_video(piece: SimulatedPiece) -> bool:
    """Pieces that are videos (not Instagram photos or carousels)."""
    return piece.record.content_type not in IMAGES


def audience(piece: SimulatedPiece) -> int:
    """Views (every format reports them): the number every lift multiplies."""
    return int(piece.record.metrics.views or 0)


def per_follower(piece: SimulatedPiece) -> float:
    """Audience relative to the expected audience of the follower count at posting time."""
    followers = piece.record.follower_count_at_post or 1
    return audience(piece) / (followers * BASE_VIEW_RATE)


def normalised(piece: SimulatedPiece, config: SimulationConfig) -> float:
    """per_follower with the platform's view lift taken out."""
    return per_follower(piece) / config.platform_view_lift[piece.record.platform]


def engagement(piece: SimulatedPiece) -> float:
    """Engagement in percent by the platform's own formula."""
    rate = engagement_rate(piece.record.platform, piece.record.metrics)
    assert rate is not None
    return rate


def median_by(
    pieces: Iterable[SimulatedPiece],
    key: Callable[[SimulatedPiece], str],
    value: Callable[[SimulatedPiece], float],
) -> dict[str, float]:
    """Median of ``value`` per group."""
    groups: dict[str, list[float]] = {}
    for piece in pieces:
        groups.setdefault(key(piece), []).append(value(piece))
    return {name: median(values) for name, values in groups.items()}


def groups_of(
    pieces: Iterable[SimulatedPiece],
    key: Callable[[SimulatedPiece], str],
    value: Callable[[SimulatedPiece], float],
) -> dict[str, list[float]]:
    """The values of ``value`` per group."""
    groups: dict[str, list[float]] = {}
    for piece in pieces:
        groups.setdefault(key(piece), []).append(value(piece))
    return groups
