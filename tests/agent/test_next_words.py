"""Asking for the next piece and the moment a timing question names (rules engine)."""

from __future__ import annotations

import pytest

from context.rules.intents import parse


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("give me a video idea", None),
        ("what should I post tomorrow?", "tomorrow"),
        ("What should I film today", "today"),
        ("i need some ideas", None),
        ("what should my next reel be about", None),
        ("/idea tomorrow", "tomorrow"),
    ],
)
def test_asking_what_to_post_next_is_the_next_piece(text: str, day: str | None) -> None:
    found = parse(text)
    assert found.name == "next_piece" and found.args.get("day") == day


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("what should i do next", "advice"),  # doing, not posting: the overall advice
        ("video ideas for tiktok", "platform_advice"),  # one platform's own themes and times
        ("what did I post yesterday", "metric"),
    ],
)
def test_other_questions_about_next_stay_where_they_were(text: str, name: str) -> None:
    assert parse(text).name == name


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("is now a good time to post?", "now"),
        ("when is my next best time to post", "now"),
        ("when should i upload tomorrow", "tomorrow"),
        ("should i post tonight", "today"),
        ("when should I post from now on", None),  # a habit, not this moment
        ("is monday a good day to post", "monday"),
        ("should i post on friday?", "friday"),
    ],
)
def test_a_timing_question_carries_the_moment_it_names(text: str, moment: str | None) -> None:
    found = parse(text)
    assert found.name == "besttime" and found.args.get("moment") == moment
