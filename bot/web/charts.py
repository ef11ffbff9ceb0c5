"""The pages' charts: SVG drawn on the server by leather, placed inline in the page.

A chart is a couple of kilobytes, needs no script (the page works without one, and the content
security policy allows no inline script) and takes Telegram's theme colours from the page's
stylesheet, which outranks the colours leather writes as attributes (``.chart`` in app.css).
Each chart is wrapped in an element with ``role="img"`` whose label states every figure, so a
screen reader hears the numbers rather than the drawing. Charts are kept by their figures, so
a repeat view draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import leather
from markupsafe import Markup

WIDTH = 320
ROW_HEIGHT, AXIS_HEIGHT = 26, 34
LABEL_CHARS = 16
GROWTH_HEIGHT = 140

# Leather sizes its margins from these; the stylesheet draws the text at the same size.
leather.theme.tick_font_size = 11
leather.theme.tick_font_char_width = 7
leather.theme.tick_font_family = "inherit"
leather.theme.background_color = "transparent"


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _figure(svg: str, label: str, kind: str) -> Markup:
    """The SVG inside a labelled image element (the label carries the figures)."""
    # Leather builds the SVG with ElementTree, which escapes every label it writes.
    drawn = Markup(svg)  # noqa: S704
    return Markup('<figure class="chart {}" role="img" aria-label="{}">{}</figure>').format(
        kind, label, drawn
    )


def bar_chart(rows: Sequence[tuple[str, float | None, str]], title: str) -> Markup:
    """Horizontal bars of (label, value, text) rows; an unknown value draws no bar."""
    return _bars(tuple((label, value, text) for label, value, text in rows), title)


@lru_cache(maxsize=256)
def _bars(rows: tuple[tuple[str, float | None, str], ...], title: str) -> Markup:
    known = [(value, _short(label)) for label, value, _ in rows if value is not None]
    said = "; ".join(f"{label} {text}" for label, _, text in rows)
    if not known:
        return Markup('<p class="hint">{}: no figures yet.</p>').format(title)
    chart = leather.Chart()
    chart.add_bars(known)  # the first row on top, as in the table under the chart
    chart.add_x_axis(tick_formatter=_compact)
    svg = chart.to_svg(width=WIDTH, height=len(known) * ROW_HEIGHT + AXIS_HEIGHT)
    return _figure(svg, f"{title}: {said}", "bars")


def growth_chart(points: Sequence[tuple[str, float]]) -> Markup | None:
    """Views at each known moment ('24 h', '48 h', 'now'); None with fewer than two."""
    if len(points) < 2:
        return None
    return _growth(tuple(points))


@lru_cache(maxsize=256)
def _growth(points: tuple[tuple[str, float], ...]) -> Markup:
    labels = [label for label, _ in points]
    data = [(index, value) for index, (_, value) in enumerate(points)]
    chart = leather.Chart()
    chart.add_x_scale(0, len(points) - 1)
    chart.add_x_axis(ticks=list(range(len(points))), tick_formatter=lambda i, *_: labels[int(i)])
    chart.add_y_scale(0, max(value for _, value in points) or 1)
    chart.add_y_axis(tick_formatter=_compact)
    chart.add_line(data)  # one series: leather draws a legend for two or more
    said = ", ".join(f"{label} {value:,.0f}" for label, value in points)
    return _figure(chart.to_svg(width=WIDTH, height=GROWTH_HEIGHT), f"Views: {said}", "views")


def _compact(value: Any, *_: Any) -> str:
    """A tick's number, short: 1,200 -> 1.2k, 3,400,000 -> 3.4M."""
    number = float(value)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(number) >= limit:
            return f"{number / limit:.3g}{suffix}"
    return f"{number:.3g}"


def ring_style(score: float | None) -> str:
    """The score ring's fill (a CSS conic gradient, see ``.ring`` in app.css) as a custom
    property: how much of the circle ``score`` of 100 covers."""
    return f"--filled: {max(0.0, min(100.0, score or 0.0)):.1f}%"


GLOBALS: dict[str, Callable[..., Any]] = {
    "bar_chart": bar_chart,
    "growth_chart": growth_chart,
    "ring_style": ring_style,
}
