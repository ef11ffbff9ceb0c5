"""The chart spec constructors: JSON-safe data, checked shapes, capped labels."""

from __future__ import annotations

import json

import pytest

from context import charts
from storage.errors import InvalidInput


def test_missing_and_nan_values_become_none_so_specs_stay_json() -> None:
    spec = charts.score_distribution([10.0, float("nan"), None, float("inf"), 80])
    assert spec.data["scores"] == [10.0, None, None, None, 80.0]
    json.dumps(spec.data, allow_nan=False)


def test_top_bottom_keeps_order_and_caps_labels() -> None:
    spec = charts.top_bottom([("a" * 1_000, 90.0), ("b", 80.0)], [("z", 2.0)])
    assert spec.data["top_labels"] == ["a" * charts.MAX_LABEL_CHARS, "b"]
    assert spec.data["top_scores"] == [90.0, 80.0]
    assert spec.data["bottom_labels"] == ["z"]


def test_columns_of_different_lengths_are_refused_with_their_names() -> None:
    with pytest.raises(InvalidInput, match="avg_scores=1"):
        charts.theme_bars(["a", "b"], [1.0], [1, 2])
    with pytest.raises(InvalidInput, match="percentages"):
        charts.plan_progress(["a"], [])
    with pytest.raises(InvalidInput, match="views"):
        charts.platform_comparison(["yt", "tt"], {"views": [1.0]})


def test_a_metric_may_be_called_platforms() -> None:
    spec = charts.platform_comparison(["yt"], {"platforms": [1.0]})
    assert spec.data["metrics"] == ["platforms"]
    assert spec.data["values"] == [[1.0]]


def test_heatmap_must_be_seven_days_of_24_hours() -> None:
    with pytest.raises(InvalidInput, match="7 rows"):
        charts.posting_heatmap([[None] * 24] * 6)
    with pytest.raises(InvalidInput, match="24 hours"):
        charts.posting_heatmap([[None] * 23] * 7)
    spec = charts.posting_heatmap([[float("nan")] * 24] * 7, timezone="Europe/Berlin")
    assert spec.data["timezone"] == "Europe/Berlin"
    assert spec.data["matrix"][0][0] is None


def test_every_constructor_produces_a_documented_kind() -> None:
    specs = [
        charts.score_distribution([]),
        charts.top_bottom([], []),
        charts.theme_bars([], [], []),
        charts.platform_comparison([], {}),
        charts.posting_heatmap([[None] * 24] * 7),
        charts.plan_progress([], []),
        charts.growth([], [], {}),
    ]
    assert [spec.kind for spec in specs] == list(charts.CHART_KINDS)
