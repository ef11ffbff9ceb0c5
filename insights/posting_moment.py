"""When a posting window is open: now, on a given day, and when it next opens.

The windows are the creator's stored timing patterns (``insights.windows.Window``), found in
their local time, so every moment here is local too. An opening is one stretch of the window:
from its start hour on one of its days for its width; openings that touch (Sat and Sun all day)
read as one stretch. Nothing here reads the database or the clock: the caller passes the moment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from insights.windows import Window

LOOK_AHEAD_DAYS = 9  # every window opens at least once a week


@dataclass(frozen=True)
class Opening:
    """One stretch of a window, in local time: from start (inclusive) to end (exclusive)."""

    start: datetime
    end: datetime


def openings(window: Window, local: datetime) -> Iterator[Opening]:
    """The window's stretches in order, from the one that may still run at ``local`` on."""
    merged: Opening | None = None
    for stretch in _daily(window, local):
        if merged is not None and stretch.start <= merged.end:
            merged = Opening(merged.start, max(merged.end, stretch.end))
            continue
        if merged is not None:
            yield merged
        merged = stretch
    if merged is not None:
        yield merged


def open_at(window: Window, local: datetime) -> Opening | None:
    """The stretch of the window that ``local`` falls in (None: it is closed then)."""
    return next((o for o in openings(window, local) if o.start <= local < o.end), None)


def next_opening(window: Window, local: datetime) -> Opening | None:
    """The first stretch that starts after ``local``."""
    return next((o for o in openings(window, local) if o.start > local), None)


def opening_on(window: Window, day: date, local: datetime) -> Opening | None:
    """The first stretch that starts on ``day`` (a local date within the next week)."""
    return next((o for o in openings(window, local) if o.start.date() == day), None)


def _daily(window: Window, local: datetime) -> Iterator[Opening]:
    """One stretch per window day, from a week before ``local`` so that a stretch still running
    (past midnight, or days in a row all day) starts where it really started."""
    first = local.date() - timedelta(days=7)
    for offset in range(7 + LOOK_AHEAD_DAYS):
        day = first + timedelta(days=offset)
        if day.weekday() in window.days:
            start = datetime.combine(day, time(window.start_hour), local.tzinfo)
            yield Opening(start, start + timedelta(hours=window.width))
