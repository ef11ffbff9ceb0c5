"""The pages' charts: leather's SVG, one bar per known figure, labelled for screen readers."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from bot.web.charts import bar_chart, growth_chart, ring_style

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(markup: str) -> ElementTree.Element:
    """The chart's SVG element, parsed (it must be well-formed XML)."""
    found = re.search(r"<svg.*</svg>", markup, re.S)
    assert found is not None
    return ElementTree.fromstring(found.group(0))


def test_bars_draw_one_bar_per_known_figure_and_none_for_an_unknown_one() -> None:
    rows = [("Tutorials", 65.0, "65"), ("Reviews", 60.0, "60"), ("Vlogs", None, "—")]
    markup = bar_chart(rows, "Average score by theme")
    bars = svg_of(markup).findall(f".//{SVG}g[@class='series bars']/{SVG}rect")
    assert len(bars) == 2
    # The first row (the best) is the top bar, as in the table under the chart.
    top, below = sorted(bars, key=lambda b: float(b.get("y", "0")))
    assert float(top.get("width", "0")) > float(below.get("width", "0"))


def test_a_chart_tells_a_screen_reader_every_figure() -> None:
    markup = bar_chart([("Tutorials", 65.0, "65"), ("Vlogs", None, "—")], "Average score")
    assert 'role="img"' in markup
    assert 'aria-label="Average score: Tutorials 65; Vlogs —"' in markup


def test_a_hostile_label_is_text_in_the_chart_and_its_label() -> None:
    markup = bar_chart([("<script>alert(1)</script>", 10.0, "10")], "Themes")
    assert "<script" not in markup
    assert "&lt;script&gt;" in markup


def test_charts_carry_no_script_and_no_fixed_theme_for_the_page_to_fight() -> None:
    markup = growth_chart([("24 h", 1200.0), ("48 h", 2600.0), ("now", 5100.0)])
    assert markup is not None
    assert "<script" not in markup and "<style" not in markup
    assert 'aria-label="Views: 24 h 1,200, 48 h 2,600, now 5,100"' in markup


def test_growth_needs_two_moments_and_bars_need_one_figure() -> None:
    assert growth_chart([("now", 10.0)]) is None
    assert "no figures yet" in bar_chart([("Vlogs", None, "—")], "Themes")


def test_the_score_ring_covers_the_score_and_stays_within_the_circle() -> None:
    assert ring_style(82.4) == "--filled: 82.4%"
    assert ring_style(None) == "--filled: 0.0%"
    assert ring_style(140.0) == "--filled: 100.0%"
