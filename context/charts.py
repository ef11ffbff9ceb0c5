"""Chart specs the agent attaches to replies, built without matplotlib (bot/charts/ draws them).

Every kind's ``data`` holds JSON-safe lists, strings and numbers; missing values are ``None``
(never NaN, so ``--json`` output stays valid JSON). The schemas:

- ``score_distribution``: ``scores`` — performance scores 0..100. The renderer shades the bands
  below ``UNDERPERFORMING_BELOW`` (40) and above ``OVERPERFORMING_ABOVE`` (75).
- ``top_bottom``: ``top_labels``/``top_scores`` (best first) and ``bottom_labels``/
  ``bottom_scores`` (worst first).
- ``theme_bars``: ``themes``, ``avg_scores`` and ``counts`` (pieces per theme), same length.
- ``platform_comparison``: ``platforms``, ``metrics`` (names, units included) and ``values``
  — one row per metric, one value per platform.
- ``posting_heatmap``: ``matrix`` — 7 rows (Monday..Sunday) × 24 columns (hour in the creator's
  own time zone), ``None`` for empty cells; ``metric`` names what the cells hold; ``timezone``.
- ``plan_progress``: ``plans`` and ``percentages`` (0..100).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from context.reply import ChartSpec
from storage.errors import InvalidInput

UNDERPERFORMING_BELOW = 40.0
OVERPERFORMING_ABOVE = 75.0
MAX_LABEL_CHARS = 120
DAYS = 7
HOURS = 24
CHART_KINDS = (
    "score_distribution",
    "top_bottom",
    "theme_bars",
    "platform_comparison",
    "posting_heatmap",
    "plan_progress",
    "growth",
)


def finite_or_none(value: float | None) -> float | None:
    """The value as a float, or None when it is missing, NaN or infinite."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _numbers(values: Sequence[float | None]) -> list[float | None]:
    return [finite_or_none(v) for v in values]


def _labels(values: Sequence[str]) -> list[str]:
    return [str(v)[:MAX_LABEL_CHARS] for v in values]


def _same_length(kind: str, columns: dict[str, Sequence[object]]) -> None:
    lengths = {name: len(col) for name, col in columns.items()}
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"{name}={n}" for name, n in lengths.items())
        raise InvalidInput(f"The {kind} chart needs columns of equal length ({detail}).")


def score_distribution(
    scores: Sequence[float | None], title: str = "How your pieces score"
) -> ChartSpec:
    """A histogram of performance scores with the under/over-performing bands."""
    return ChartSpec("score_distribution", title, {"scores": _numbers(scores)})


def top_bottom(
    top: Sequence[tuple[str, float | None]],
    bottom: Sequence[tuple[str, float | None]],
    title: str = "Your best and worst pieces",
) -> ChartSpec:
    """Horizontal bars for the best pieces (best first) and the worst (worst first)."""
    data = {
        "top_labels": _labels([label for label, _ in top]),
        "top_scores": _numbers([score for _, score in top]),
        "bottom_labels": _labels([label for label, _ in bottom]),
        "bottom_scores": _numbers([score for _, score in bottom]),
    }
    return ChartSpec("top_bottom", title, data)


def theme_bars(
    themes: Sequence[str],
    avg_scores: Sequence[float | None],
    counts: Sequence[int],
    title: str = "Themes by average score",
) -> ChartSpec:
    """Bars of each theme's average score, annotated with how many pieces it has."""
    _same_length("theme_bars", {"themes": themes, "avg_scores": avg_scores, "counts": counts})
    data = {
        "themes": _labels(themes),
        "avg_scores": _numbers(avg_scores),
        "counts": [int(c) for c in counts],
    }
    return ChartSpec("theme_bars", title, data)


def platform_comparison(
    platforms: Sequence[str],
    metrics: dict[str, Sequence[float | None]],
    title: str = "Platforms side by side",
) -> ChartSpec:
    """One small bar chart per metric (name → one value per platform)."""
    for name, values in metrics.items():
        _same_length("platform_comparison", {"platforms": platforms, name: values})
    data = {
        "platforms": _labels(platforms),
        "metrics": _labels(list(metrics)),
        "values": [_numbers(values) for values in metrics.values()],
    }
    return ChartSpec("platform_comparison", title, data)


def posting_heatmap(
    matrix: Sequence[Sequence[float | None]],
    metric: str = "median view ratio",
    timezone: str = "UTC",
    title: str = "When your posts do best",
) -> ChartSpec:
    """A weekday × hour grid (creator's local time, Monday first); None marks empty cells."""
    if len(matrix) != DAYS or any(len(row) != HOURS for row in matrix):
        raise InvalidInput("The posting heatmap needs 7 rows (Monday..Sunday) of 24 hours each.")
    data = {"matrix": [_numbers(row) for row in matrix], "metric": metric, "timezone": timezone}
    return ChartSpec("posting_heatmap", title, data)


def plan_progress(
    plans: Sequence[str], percentages: Sequence[float | None], title: str = "Plan progress"
) -> ChartSpec:
    """One bar per plan showing the share of its items done (0..100)."""
    _same_length("plan_progress", {"plans": plans, "percentages": percentages})
    data = {"plans": _labels(plans), "percentages": _numbers(percentages)}
    return ChartSpec("plan_progress", title, data)


def growth(
    hours: Sequence[float],
    views: Sequence[float | None],
    typical: dict[int, float],
    title: str = "Views since publishing",
) -> ChartSpec:
    """A piece's views by hours since publishing, with the creator's typical first 48 hours."""
    _same_length("growth", {"hours": hours, "views": views})
    data = {
        "hours": _numbers(hours),
        "views": _numbers(views),
        "typical_hours": [float(h) for h in typical],
        "typical_views": _numbers(list(typical.values())),
    }
    return ChartSpec("growth", title, data)
