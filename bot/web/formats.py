"""How figures read on the pages: compact counts, percentages, dates in the creator's zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from context.formatting import platform_name

_SUFFIXES = ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k"))


def compact(value: float | int | None) -> str:
    """12,345 → '12.3k'; None → '—' (unknown is not 0)."""
    if value is None:
        return "—"
    for size, suffix in _SUFFIXES:
        if abs(value) >= size:
            return f"{value / size:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:,.0f}" if isinstance(value, int) else f"{value:,.1f}"


def percent(value: float | None, digits: int = 1) -> str:
    """An engagement rate already in percent: 4.25 → '4.3 %'."""
    return "—" if value is None else f"{value:.{digits}f} %"


def fraction(value: float | None) -> str:
    """A retention fraction: 0.527 → '53 %'."""
    return "—" if value is None else f"{value * 100:.0f} %"


def score(value: float | None) -> str:
    """A 0-100 score without decimals."""
    return "—" if value is None else f"{value:.0f}"


def day(value: datetime | None) -> str:
    """'28 Oct 2026' (the view already put it in the creator's timezone)."""
    return "—" if value is None else f"{value:%d %b %Y}"


def moment(value: datetime | None) -> str:
    """'28 Oct 2026, 16:25'."""
    return "—" if value is None else f"{value:%d %b %Y, %H:%M}"


def label(value: str | None) -> str:
    """snake_case → 'Snake case'."""
    return (value or "").replace("_", " ").capitalize()


def web_link(url: str | None) -> str | None:
    """A platform's link when it is http(s); anything else (``javascript:``) is not linked."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


FILTERS: dict[str, Callable[..., Any]] = {
    "compact": compact,
    "percent": percent,
    "fraction": fraction,
    "score": score,
    "day": day,
    "moment": moment,
    "label": label,
    "platform": platform_name,
    "web_link": web_link,
}
