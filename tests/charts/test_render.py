"""Every chart kind renders a valid, chat-sized PNG for empty, tiny and 10,000-piece inputs."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from bot.charts import kinds as chart_kinds
from bot.charts.render import DPI, HEIGHT_INCHES, WIDTH_INCHES, render_chart, save_chart
from context.charts import CHART_KINDS, top_bottom
from context.reply import ChartSpec
from storage.errors import InvalidInput
from tests.support.chart_specs import decode_png, spec_of

EXPECTED_SIZE = (round(WIDTH_INCHES * DPI), round(HEIGHT_INCHES * DPI))


def _hex_rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


@pytest.mark.parametrize("size", [0, 3, 10_000])
@pytest.mark.parametrize("kind", CHART_KINDS)
def test_each_kind_renders_a_chat_sized_png(kind: str, size: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. "Glyph missing from font" must not happen
        png = render_chart(spec_of(kind, size))
    image = decode_png(png)
    assert image.size == EXPECTED_SIZE
    assert image.size[0] <= 1280
    assert len(png) < 1_000_000


def test_the_chart_kinds_match_the_documented_list() -> None:
    assert set(chart_kinds.DRAWERS) == set(CHART_KINDS)


def test_bars_take_the_colour_of_their_performance_band() -> None:
    image = decode_png(render_chart(top_bottom([("hit", 95.0)], [("flop", 5.0)]))).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=1_000_000) or []}
    assert _hex_rgb(chart_kinds.GOOD) in colours
    assert _hex_rgb(chart_kinds.WEAK) in colours


def test_an_empty_chart_differs_from_a_drawn_one() -> None:
    empty = render_chart(spec_of("score_distribution", 0))
    drawn = render_chart(spec_of("score_distribution", 3))
    colours = decode_png(empty).convert("RGB").getcolors(maxcolors=1_000_000) or []
    assert _hex_rgb(chart_kinds.WEAK) not in {colour for _, colour in colours}
    assert empty != drawn


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"scores": "not a list"},
        {"scores": [None, "abc", float("inf"), True, {"x": 1}]},
        {"top_labels": [None, 3], "top_scores": ["9"], "bottom_scores": [1, 2, 3]},
        {"themes": ["a"], "avg_scores": [], "counts": ["many"]},
        {"platforms": ["yt"], "metrics": ["m1", "m2"], "values": [[1.0, 2.0, 3.0]]},
        {"matrix": [[1.0] * 30] * 9},
        {"matrix": [[1.0]]},
        {"plans": ["p"] * 500, "percentages": [250.0, -3.0]},
    ],
)
@pytest.mark.parametrize("kind", CHART_KINDS)
def test_hand_built_garbage_still_renders(kind: str, data: dict[str, object]) -> None:
    decode_png(render_chart(ChartSpec(kind, "garbage\n" * 50, data)))


def test_unknown_kind_is_named_in_the_error() -> None:
    with pytest.raises(InvalidInput, match="pie"):
        render_chart(ChartSpec("pie", "x"))


def test_save_chart_creates_folders_and_writes_the_png(tmp_path: Path) -> None:
    target = save_chart(spec_of("plan_progress", 3), tmp_path / "a" / "b" / "chart.png")
    assert target == tmp_path / "a" / "b" / "chart.png"
    assert decode_png(target.read_bytes()).size == EXPECTED_SIZE


def test_importing_charts_does_not_import_matplotlib() -> None:
    code = "import sys, bot.charts.render, context.charts; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
