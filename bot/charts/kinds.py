"""One drawing function per chart kind; each fills a blank matplotlib Figure from a spec's data.

Data schemas are documented in ``context/charts.py``. Every drawer copes with empty, missing,
NaN and oversized data; it never raises on content.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.charts.text import clean_label, floats, pairs, rows, strings
from context.charts import DAYS, HOURS, OVERPERFORMING_ABOVE, UNDERPERFORMING_BELOW

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MAX_BARS = 15
MAX_TOP_BOTTOM = 10
MAX_PLATFORMS = 8
MAX_METRICS = 4
LABEL_CHARS = 32
GOOD, NORMAL, WEAK, EMPTY = "#2e7d32", "#607d8b", "#c62828", "#eeeeee"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

Drawer = Callable[["Figure", dict[str, Any]], None]


def show_empty(fig: Figure, message: str) -> None:
    """A blank chart carrying one centred sentence."""
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=14, color=NORMAL)


def band_colour(score: float) -> str:
    """The colour of the performance band a score falls in."""
    if math.isnan(score):
        return NORMAL
    if score > OVERPERFORMING_ABOVE:
        return GOOD
    return WEAK if score < UNDERPERFORMING_BELOW else NORMAL


def draw_score_distribution(fig: Figure, data: dict[str, Any]) -> None:
    """Histogram of scores with shaded under/over-performing bands."""
    scores = [min(max(s, 0.0), 100.0) for s in floats(data, "scores") if not math.isnan(s)]
    if not scores:
        show_empty(fig, "No scored pieces yet")
        return
    ax = fig.add_subplot()
    ax.axvspan(0, UNDERPERFORMING_BELOW, color=WEAK, alpha=0.08)
    ax.axvspan(OVERPERFORMING_ABOVE, 100, color=GOOD, alpha=0.08)
    counts, _, _ = ax.hist(scores, bins=20, range=(0, 100), color=NORMAL, edgecolor="white")
    top = max(float(max(counts)), 1.0) * 1.15
    ax.set_ylim(0, top)
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"Performance score (0–100), {len(scores):,} pieces")
    ax.set_ylabel("Pieces")
    ax.text(UNDERPERFORMING_BELOW / 2, top, "underperforming", ha="center", va="top", color=WEAK)
    middle = (UNDERPERFORMING_BELOW + OVERPERFORMING_ABOVE) / 2
    ax.text(middle, top, "normal", ha="center", va="top", color=NORMAL)
    over = (OVERPERFORMING_ABOVE + 100) / 2
    ax.text(over, top, "overperforming", ha="center", va="top", color=GOOD)


def keep_bars_slim(ax: Axes, count: int) -> None:
    """Reserve room for at least five bars (first at the top) so a few bars are not slabs."""
    ax.set_ylim(max(count, 5) - 0.5, -0.5)


def _score_bars(ax: Axes, items: list[tuple[str, float]], heading: str) -> None:
    ax.set_title(heading, fontsize=11)
    ax.set_xlim(0, 100)
    if not items:
        ax.set_yticks([])
        ax.text(50, 0, "none yet", ha="center", va="center", color=NORMAL)
        return
    labels = [clean_label(label, LABEL_CHARS) for label, _ in items]
    values = [0.0 if math.isnan(s) else min(max(s, 0.0), 100.0) for _, s in items]
    positions = list(range(len(items)))
    ax.barh(positions, values, color=[band_colour(s) for _, s in items], height=0.7)
    ax.set_yticks(positions, labels, fontsize=8)
    keep_bars_slim(ax, len(items))


def draw_top_bottom(fig: Figure, data: dict[str, Any]) -> None:
    """Best pieces on the left, worst on the right, as score bars."""
    top = pairs(strings(data, "top_labels"), floats(data, "top_scores"))[:MAX_TOP_BOTTOM]
    bottom = pairs(strings(data, "bottom_labels"), floats(data, "bottom_scores"))
    if not top and not bottom:
        show_empty(fig, "No scored pieces yet")
        return
    left, right = fig.subplots(1, 2)
    _score_bars(left, top, "Best")
    _score_bars(right, bottom[:MAX_TOP_BOTTOM], "Needs attention")


def draw_theme_bars(fig: Figure, data: dict[str, Any]) -> None:
    """Themes by average score (best first), each annotated with its piece count."""
    themes = pairs(strings(data, "themes"), floats(data, "avg_scores"))
    counts = floats(data, "counts")
    ranked = [
        (theme, score, counts[i] if i < len(counts) else math.nan)
        for i, (theme, score) in enumerate(themes)
    ]
    ranked.sort(key=lambda item: -1.0 if math.isnan(item[1]) else item[1], reverse=True)
    shown = ranked[:MAX_BARS]
    if not shown:
        show_empty(fig, "No themes found yet")
        return
    ax = fig.add_subplot()
    _score_bars(ax, [(theme, score) for theme, score, _ in shown], "")
    for position, (_, score, count) in enumerate(shown):
        note = "" if math.isnan(count) else f" {int(count):,} pieces"
        ax.text(0 if math.isnan(score) else score, position, note, va="center", fontsize=8)
    hidden = len(ranked) - len(shown)
    ax.set_xlabel("Average score" + (f" (top {len(shown)} of {len(ranked):,})" if hidden else ""))


def draw_platform_comparison(fig: Figure, data: dict[str, Any]) -> None:
    """One small bar chart per metric, platforms side by side."""
    platforms = [clean_label(p, 14) for p in strings(data, "platforms")][:MAX_PLATFORMS]
    metrics = strings(data, "metrics")[:MAX_METRICS]
    values = rows(data, "values")
    if not platforms or not metrics:
        show_empty(fig, "No platforms to compare yet")
        return
    axes = fig.subplots(1, len(metrics), squeeze=False)[0]
    for index, (ax, metric) in enumerate(zip(axes, metrics, strict=True)):
        row = values[index] if index < len(values) else []
        heights = [_value_at(row, i) for i in range(len(platforms))]
        bars = ax.bar(range(len(platforms)), heights, color=NORMAL)
        notes = [_short_number(row[i]) if i < len(row) else "n/a" for i in range(len(platforms))]
        ax.bar_label(bars, notes, fontsize=8)
        ax.set_yticks([])
        ax.set_ylim(min(min(heights), 0.0) * 1.15, max(max(heights), 1e-9) * 1.15)
        ax.set_xticks(range(len(platforms)), platforms, fontsize=8, rotation=30, ha="right")
        ax.set_title(clean_label(metric, 28), fontsize=10)


def _value_at(row: list[float], index: int) -> float:
    value = row[index] if index < len(row) else math.nan
    return 0.0 if math.isnan(value) else value


def _short_number(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def draw_posting_heatmap(fig: Figure, data: dict[str, Any]) -> None:
    """Weekday × hour grid in the creator's time zone; empty cells are grey."""
    import numpy as np

    grid = np.full((DAYS, HOURS), np.nan)
    for day, row in enumerate(rows(data, "matrix")[:DAYS]):
        cells = row[:HOURS]
        grid[day, : len(cells)] = cells
    if np.isnan(grid).all():
        show_empty(fig, "No posts with a known time yet")
        return
    ax = fig.add_subplot()
    import matplotlib as mpl

    cmap = mpl.colormaps["viridis"].with_extremes(bad=EMPTY)
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, aspect="auto")
    ax.set_yticks(range(DAYS), WEEKDAYS)
    ax.set_xticks(range(0, HOURS, 3), [f"{h:02d}:00" for h in range(0, HOURS, 3)])
    ax.set_xlabel(f"Hour ({clean_label(data.get('timezone', 'UTC'), 40)})")
    fig.colorbar(image, ax=ax, label=clean_label(data.get("metric", ""), 40))


def draw_plan_progress(fig: Figure, data: dict[str, Any]) -> None:
    """One bar per plan: the share of its items done."""
    plans = pairs(strings(data, "plans"), floats(data, "percentages"))[:MAX_BARS]
    if not plans:
        show_empty(fig, "No plans yet")
        return
    ax = fig.add_subplot()
    labels = [clean_label(name, LABEL_CHARS) for name, _ in plans]
    done = [0.0 if math.isnan(p) else min(max(p, 0.0), 100.0) for _, p in plans]
    positions = list(range(len(plans)))
    ax.barh(positions, [100.0] * len(plans), color=EMPTY, height=0.7)
    ax.barh(positions, done, color=GOOD, height=0.7)
    ax.set_yticks(positions, labels, fontsize=8)
    keep_bars_slim(ax, len(plans))
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of items done")
    for position, value in zip(positions, done, strict=True):
        ax.text(min(value + 1, 92), position, f"{value:.0f}%", va="center", fontsize=8)


def draw_growth(fig: Figure, data: dict[str, Any]) -> None:
    """Views by hours since publishing, and the creator's typical first 48 hours dashed."""
    points = [
        (h, v)
        for h, v in zip(floats(data, "hours"), floats(data, "views"), strict=False)
        if not (math.isnan(h) or math.isnan(v))
    ]
    if not points:
        show_empty(fig, "No history yet: it starts with the first sync")
        return
    ax = fig.add_subplot()
    ax.plot(
        [h for h, _ in points], [v for _, v in points], color=GOOD, marker=".", label="this piece"
    )
    typical = [
        (h, v)
        for h, v in zip(floats(data, "typical_hours"), floats(data, "typical_views"), strict=False)
        if not math.isnan(v)
    ]
    if typical:
        ax.plot(
            [h for h, _ in typical],
            [v for _, v in typical],
            color=NORMAL,
            linestyle="--",
            label="your typical first 48 h",
        )
        ax.legend(fontsize=8)
    ax.set_xlabel("Hours since publishing")
    ax.set_ylabel("Views")
    ax.set_ylim(bottom=0)


DRAWERS: dict[str, Drawer] = {
    "score_distribution": draw_score_distribution,
    "top_bottom": draw_top_bottom,
    "theme_bars": draw_theme_bars,
    "platform_comparison": draw_platform_comparison,
    "posting_heatmap": draw_posting_heatmap,
    "plan_progress": draw_plan_progress,
    "growth": draw_growth,
}
