"""What to post on one platform, in everyday words and as /advice PLATFORM (rules engine)."""

from __future__ import annotations

import pytest

from context.rules.intents import parse


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("what should I post on tiktok?", "tiktok"),
        ("/advice youtube", "youtube"),
        ("What works on Instagram", "instagram"),
        ("which topics work best on youtube", "youtube"),
        ("what kind of videos do well on tiktok", "tiktok"),
        ("what should i make for ig", "instagram"),
    ],
)
def test_what_to_post_on_one_platform_is_its_own_advice(text: str, platform: str) -> None:
    assert parse(text).name == "platform_advice"
    assert parse(text).args == {"platform": platform}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("/advice", "advice"),
        ("what should I post next?", "next_piece"),
        ("what's working on instagram", "overview"),
        ("when should I post on tiktok", "besttime"),
        ("do longer videos do better on youtube", "formats"),
        ("which themes work best", "themes"),
    ],
)
def test_platform_words_leave_the_other_questions_alone(text: str, name: str) -> None:
    assert parse(text).name == name


@pytest.mark.parametrize(
    ("text", "name", "platform"),
    [
        ("is tiktok worth it", "platforms", "tiktok"),
        ("should I stop posting on instagram?", "platforms", "instagram"),
        ("what's my best performing theme on youtube", "platform_advice", "youtube"),
    ],
)
def test_whether_a_platform_is_worth_it_compares_the_platforms(
    text: str, name: str, platform: str
) -> None:
    found = parse(text)
    assert (found.name, found.args["platform"]) == (name, platform)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("what was my best month?", "monthly"),
        ("show my monthly views", "monthly"),
        ("how much did I grow this year", "monthly"),
        ("month by month on tiktok", "monthly"),
        ("how many videos should I post each month", "cadence"),
        ("my views this month", "metric"),
        ("which of my videos went viral", "top"),
        ("how many videos went viral", "top"),
        ("did any of my tiktoks blow up", "top"),
    ],
)
def test_months_and_viral_pieces_in_everyday_words(text: str, name: str) -> None:
    assert parse(text).name == name
