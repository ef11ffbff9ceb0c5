"""A piece named by the day it went out: "how did yesterday's video do", "my reel from Monday"
(the latest piece of that day on the creator's calendar; a day without one says so)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from context.agent import Agent
from context.rules.intents import parse
from context.tools.superlative_refs import Superlative, superlative_in
from insights.periods import resolve_span
from insights.piece_queries import creator_zone
from storage import Database
from storage.clock import FixedClock
from storage.models import ContentPerformance, ContentPiece
from tests.support.chat import NOW, Chat, creator_id

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterdays video", Superlative("published", False, period="yesterday")),
        ("yesterdays tiktok", Superlative("published", False, 1, "tiktok", period="yesterday")),
        ("my reel from monday", Superlative("published", False, 1, None, "reel", "monday")),
        ("the post i published this morning", Superlative("published", False, period="today")),
        ("last nights short", Superlative("published", False, 1, None, "short", "yesterday")),
        ("how is todays post doing", Superlative("published", False, period="today")),
        ("should i post today", None),
        ("what did i post yesterday", None),
        ("post on monday", None),
        ("should my post on monday be a reel", None),
    ],
)  # fmt: skip
def test_a_day_names_the_latest_piece_published_that_day(
    text: str, expected: Superlative | None
) -> None:
    assert superlative_in(text) == expected


def test_a_weekday_is_the_latest_one_before_today_and_a_whole_local_day() -> None:
    monday = datetime(2026, 3, 30, 9, 30, tzinfo=UTC)  # Berlin moved to summer time on the 29th
    span = resolve_span("sunday", monday, BERLIN)
    assert (span.start, span.end) == (
        datetime(2026, 3, 29, tzinfo=BERLIN),
        datetime(2026, 3, 30, tzinfo=BERLIN),
    )
    assert span.start is not None and span.end is not None
    assert span.end.astimezone(UTC) - span.start.astimezone(UTC) == timedelta(hours=23)
    assert resolve_span("monday", monday, BERLIN).start == datetime(2026, 3, 23, tzinfo=BERLIN)
    previous = span.previous
    assert previous is not None and previous.start == datetime(2026, 3, 22, tzinfo=BERLIN)


def test_asking_how_a_days_piece_did_is_a_piece_question() -> None:
    found = parse("how did yesterday's video do?")
    assert found.name == "content" and found.args["aspect"] == "all"


def _latest_of(db: Database, handle: str, day: str) -> int | None:
    """The creator's latest piece published that local day, read straight from storage."""
    cid = creator_id(db, handle)
    with db.read() as session:
        span = resolve_span(day, NOW, creator_zone(session, cid)[1])
        c = ContentPiece
        query = (
            select(c.number)
            .join(ContentPerformance, ContentPerformance.content_id == c.id)
            .where(c.creator_id == cid, c.published_at >= span.start)
            .order_by(c.published_at.desc(), c.number.desc())
            .limit(1)
        )
        if span.end is not None:
            query = query.where(c.published_at < span.end)
        return session.scalar(query)


DAYS = ("yesterday", "today", "friday", "thursday", "wednesday", "tuesday", "sunday", "saturday")


def test_the_chat_answers_with_that_days_latest_piece_or_says_none_went_out(
    seeded: Database,
) -> None:
    agent = Agent(seeded, FixedClock(NOW))
    found = {day: _latest_of(seeded, "mia", day) for day in DAYS}
    assert any(found.values()) and not all(found.values()), found  # both answers are checked
    for day, number in found.items():
        chat = Chat(agent, seeded, "mia", chat=f"day-{day}")
        said = "today's" if day == "today" else f"{day}'s"
        text = chat.say(f"how did {said} video do").plain_text()
        if number is None:
            when = day if day in ("today", "yesterday") else f"on {day.capitalize()}"
            assert text == f"You published no piece {when}.", text
        else:
            assert f"from {day if day in ('today', 'yesterday') else day.capitalize()}" in text
            assert f"#{number} " in text, text


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("what did I post on monday", "monday"),
        ("what happened on friday?", "friday"),
        ("what happened last week", "last_week"),
        ("what went out yesterday", "yesterday"),
    ],
)
def test_what_went_out_on_a_day_is_the_pieces_published_then(text: str, period: str) -> None:
    found = parse(text)
    assert (found.name, found.args["figure"], found.args["period"]) == ("metric", "pieces", period)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("should I post on friday", "besttime"),
        ("what day did I post the most", "besttime"),
        ("remind me on friday to film", "remind"),
        ("what happened to my views", "change"),
    ],
)
def test_day_words_leave_timing_reminders_and_changes_alone(text: str, name: str) -> None:
    assert parse(text).name == name
