"""Early performance alerts: a young piece far above or below the creator's usual first days.

"Usual" is the typical 24 h (or 48 h) views of the creator's earlier pieces of the same platform
and format (short-form, long-form, image posts), falling back to the platform when that group is
small: the same age, and the same era as scoring's baseline (``insights.era``), so a growing
channel's new piece is not "taking off" for being new. It is the median of the nearest earlier
pieces in time (``ERA_NEIGHBOURS``), moved along the channel's local trend to the piece's own
moment. A piece gets at most one alert: on its 24 h figure, or on its 48 h figure when the 24 h
one was unremarkable or missing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from context.reply import Action, Button, Headline, Paragraph, Reply
from insights.baseline import FORMAT_LABELS
from plans.outcomes import compact_number

WINDOWS = {"24h": timedelta(hours=24), "48h": timedelta(hours=48)}
PLATFORM_NAMES = {"youtube": "YouTube", "instagram": "Instagram", "tiktok": "TikTok"}


@dataclass(frozen=True)
class AlertRules:
    """How far from usual a piece must be, and how many earlier pieces "usual" needs."""

    high: float = 2.5
    low: float = 0.4
    min_peers: int = 5


@dataclass(frozen=True)
class EarlyFigures:
    """A piece's first-days figures as stored (published_at in UTC)."""

    content_id: uuid.UUID
    number: int
    title: str
    theme: str | None
    platform: str
    format_class: str
    published_at: datetime
    views_24h: int | None
    views_48h: int | None


@dataclass(frozen=True)
class EarlySignal:
    """One alert: the piece, the window, its views against usual, and which way it went."""

    piece: EarlyFigures
    window: str  # "24h" | "48h"
    views: int
    usual: float
    peers: int
    group: str  # e.g. "YouTube short-form"

    @property
    def ratio(self) -> float:
        """Views as a multiple of usual."""
        return self.views / self.usual

    @property
    def is_high(self) -> bool:
        """True for a piece running ahead of usual."""
        return self.ratio >= 1

    @property
    def due_at(self) -> datetime:
        """When the window closes: the alert's scheduled instant."""
        return self.piece.published_at + WINDOWS[self.window]


def _views(piece: EarlyFigures, window: str) -> int | None:
    return piece.views_24h if window == "24h" else piece.views_48h


Peer = tuple[datetime, int]


def _comparable(
    piece: EarlyFigures, history: Sequence[EarlyFigures], window: str, *, same_format: bool
) -> list[Peer]:
    """When pieces published before ``piece`` on its platform (and format) went out, and the
    window's views of each."""
    views = []
    for other in history:
        if other.published_at >= piece.published_at or other.platform != piece.platform:
            continue
        if same_format and other.format_class != piece.format_class:
            continue
        value = _views(other, window)
        if value is not None:
            views.append((other.published_at, value))
    return views


def _peer_views(
    piece: EarlyFigures, history: Sequence[EarlyFigures], window: str, rules: AlertRules
) -> tuple[list[Peer], str]:
    """Views of earlier comparable pieces: same platform and format, else same platform."""
    platform = PLATFORM_NAMES.get(piece.platform, piece.platform)
    same_format = _comparable(piece, history, window, same_format=True)
    if len(same_format) >= rules.min_peers:
        return same_format, f"{platform} {FORMAT_LABELS.get(piece.format_class, '')}".strip()
    return _comparable(piece, history, window, same_format=False), platform


def signal_for(
    piece: EarlyFigures, history: Sequence[EarlyFigures], window: str, rules: AlertRules
) -> EarlySignal | None:
    """The alert the piece's ``window`` figure earns, or None when it is near usual."""
    views = _views(piece, window)
    if views is None:
        return None
    peers, group = _peer_views(piece, history, window, rules)
    if len(peers) < rules.min_peers:
        return None
    usual, compared = usual_at(piece.published_at, peers)
    if usual <= 0:
        return None
    signal = EarlySignal(piece, window, views, usual, compared, group)
    return signal if signal.ratio >= rules.high or signal.ratio <= rules.low else None


def usual_at(moment: datetime, peers: Sequence[Peer]) -> tuple[float, int]:
    """The era's typical figure at ``moment`` and how many peers it is taken over: the median of
    the nearest peers in time, moved along their local trend to ``moment`` (plain when few)."""
    import numpy as np  # not at import: `ask` starts without numpy

    from insights.era import ERA_NEIGHBOURS, era_medians, views_trend

    ordered = sorted(peers)
    times = np.array([t.timestamp() for t, _ in ordered])
    values = np.array([float(v) for _, v in ordered])
    query = np.array([moment.timestamp()])
    trend = views_trend(logged=False)
    usual = float(era_medians(times, values, query, ERA_NEIGHBOURS, trend)[0])
    return usual, min(len(ordered), ERA_NEIGHBOURS)


def early_signal(
    piece: EarlyFigures, history: Sequence[EarlyFigures], rules: AlertRules = AlertRules()
) -> EarlySignal | None:
    """The one alert a piece gets: on its 24 h figure, else on its 48 h figure."""
    return signal_for(piece, history, "24h", rules) or signal_for(piece, history, "48h", rules)


def alert_reply(signal: EarlySignal, tz: ZoneInfo) -> Reply:
    """'Your Thursday tutorials piece is at 3.1× your usual 24 h views — …' with buttons."""
    piece = signal.piece
    weekday = f"{piece.published_at.astimezone(tz):%A}"
    what = f"{weekday} {piece.theme} piece" if piece.theme else f"{weekday} piece"
    window = signal.window.replace("h", " h")
    figures = (
        f"{compact_number(signal.views)} views in its first {window} against a usual "
        f"{compact_number(signal.usual)} for your {signal.group} ({signal.peers} pieces)."
    )
    if signal.is_high:
        headline = f"🚀 #{piece.number} is taking off"
        advice = "Pin a comment and share it now, while it is climbing."
    else:
        headline = f"🐢 #{piece.number} is off to a slow start"
        advice = (
            "A sharper title or thumbnail, or a share to your other channels, can still lift it."
        )
    text = f"Your {what} “{piece.title}” is at {signal.ratio:.1f}× your usual {window} views."
    return Reply(
        blocks=(Headline(headline), Paragraph(text), Paragraph(figures), Paragraph(advice)),
        buttons=(Button("Details", Action("piece", (str(piece.number),))),),
    )
