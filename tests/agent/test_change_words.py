"""Why a figure moved, in everyday words: the change intent and its slots (rules engine)."""

from __future__ import annotations

import pytest

from context.rules.intents import Intent, parse


@pytest.mark.parametrize(
    ("text", "figure", "period", "platform"),
    [
        ("why are my views down?", "views", None, None),
        ("Why did my views drop on TikTok", "views", None, "tiktok"),
        ("my views dropped this week", "views", "this_week", None),
        ("why are my likes up this month", "likes", "this_month", None),
        ("what happened to my channel", "views", None, None),
        ("why am I getting fewer views lately", "views", "30d", None),
        ("how come my reach is falling", "reach", None, None),
        ("my followers went down last month", "followers", "last_month", None),
        ("why are all my views so low", "views", None, None),
        ("why is my channel dying", "views", None, None),
        ("views are down, why?", "views", None, None),
        ("how come my tiktok views fell", "views", None, "tiktok"),
    ],
)
def test_asking_why_a_summed_figure_moved_is_the_change(
    text: str, figure: str, period: str | None, platform: str | None
) -> None:
    found = parse(text)
    assert found.name == "change", found
    assert found.args == {"figure": figure, "period": period, "platform": platform}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("why did my iphone review get fewer views", "metric"),  # one piece, not the channel
        ("why do my videos get more views on tiktok", "metric"),  # platforms, not a change
        ("is my engagement going down", "metric"),  # a rate: its average, against before
        ("how many views did I get last month", "metric"),
        ("how is my channel trending", "growth"),
        ("views this week vs last week", "metric"),
    ],
)
def test_change_words_leave_the_other_questions_alone(text: str, name: str) -> None:
    assert parse(text).name == name


def test_a_change_of_one_numbered_piece_is_never_the_channels() -> None:
    assert parse("why is #12 down").name != "change"


@pytest.mark.parametrize(
    ("text", "name", "ref"),
    [
        ("what happened to #12", "content", "#12"),
        ("what happened with my iphone review", "content", "my iphone review"),
    ],
)
def test_what_happened_to_one_piece_is_that_pieces_answer(text: str, name: str, ref: str) -> None:
    found = parse(text)
    assert (found.name, found.args["ref"]) == (name, ref)


def test_a_platforms_views_said_to_be_down_is_the_change_there() -> None:
    found = parse("my tiktok views are down")
    assert (found.name, found.args["platform"]) == ("change", "tiktok")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how did November go", Intent("metric", {"figure": "views", "period": "nov"})),
        ("how was october 2026?", Intent("metric", {"figure": "views", "period": "2026-10"})),
        ("how did last week go", Intent("overview", {"period": "7d", "platform": None})),
        ("am I doing better than last month?",
         Intent("metric", {"figure": "score", "stat": "average", "period": "this_month"})),
        ("are my videos doing worse than last week",
         Intent("metric", {"figure": "score", "stat": "average", "period": "this_week"})),
    ],
)  # fmt: skip
def test_how_a_period_went_is_its_figure_against_the_one_before(text: str, intent: Intent) -> None:
    assert parse(text) == intent


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("how did my video go", "content"),  # a piece, not a period
        ("how was my week", "overview"),
        ("did my last 5 videos do better than usual", "recent"),
    ],
)
def test_period_words_leave_pieces_and_weeks_where_they_were(text: str, name: str) -> None:
    assert parse(text).name == name
