"""The trend and the pieces still gaining, shown on the dashboard in chat and answered in words;
a creator without metric history is told when it starts, and shown no figure."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from context.agent import Agent
from context.growth_section import NO_HISTORY
from insights.growth import growth_summary
from insights.ingest import ingest_records
from insights.records import MetricsRecord, PieceRecord
from storage import Database
from storage.clock import FixedClock
from storage.creators import create_creator
from storage.models import ContentPiece
from storage.snapshots import record_history
from tests.support.chat import Chat
from tests.sync.helpers import START

DAY = timedelta(days=1)


def _creator_with_pieces(db: Database, handle: str) -> uuid.UUID:
    """Three videos published 60, 50 and 40 days before START, no history."""
    records = [
        PieceRecord(
            platform="youtube",
            platform_id=f"v{n}",
            content_type="video",
            title=f"Video {n}",
            published_at=START - timedelta(days=60 - 10 * n),
            metrics=MetricsRecord(views=1000 + n, likes=10, comments=1),
        )
        for n in range(3)
    ]
    with db.unit_of_work() as session:
        creator = create_creator(session, handle, now=START)
        ingest_records(session, creator.id, records, now=START, source="test")
        return creator.id


def _grow(db: Database, creator_id: uuid.UUID, platform_id: str, views: list[int]) -> None:
    """Daily snapshots ending at START, one per given figure."""
    with db.unit_of_work() as session:
        piece = session.scalars(
            select(ContentPiece).where(
                ContentPiece.creator_id == creator_id, ContentPiece.platform_id == platform_id
            )
        ).one()
        days = len(views) - 1
        points = [(START - (days - i) * DAY, v) for i, v in enumerate(views)]
        record_history(session, creator_id, piece.id, piece.published_at, points)


def _piece_number(db: Database, platform_id: str) -> int:
    with db.read() as session:
        return int(
            session.scalars(
                select(ContentPiece.number).where(ContentPiece.platform_id == platform_id)
            ).one()
        )


@pytest.fixture
def chat(db: Database) -> Chat:
    creator_id = _creator_with_pieces(db, "mia")
    # v1 gains 200 a day this week after 100 a day the week before; v0 and v2 stay flat.
    _grow(
        db,
        creator_id,
        "v1",
        [1000 + 100 * d for d in range(8)] + [1900 + 200 * d for d in range(7)],
    )
    _grow(db, creator_id, "v0", [500] * 15)
    _grow(db, creator_id, "v2", [700] * 15)
    return Chat(Agent(db, FixedClock(START)), db, "mia")


def test_the_dashboard_in_chat_shows_the_weekly_trend_and_what_is_still_gaining(
    chat: Chat, db: Database
) -> None:
    text = chat.say("what's working?").plain_text()

    # The week before: 1,000 → 1,700; this week: 1,700 → 3,100.
    assert "Views gained this week: 1.4k, up 100% on last week (700)." in text
    assert "Still gaining" in text
    assert (
        f"#{_piece_number(db, 'v1')} [YouTube] Video 1 — +1.4k views this week · 3.1k in all"
        in text
    )
    assert "Video 0 — +" not in text and "Video 2 — +" not in text


@pytest.mark.parametrize(
    "question",
    ["what is still gaining?", "how is my channel trending", "are my views growing?"],
)
def test_growth_questions_are_answered_with_the_trend_and_the_gaining_pieces(
    chat: Chat, db: Database, question: str
) -> None:
    reply = chat.say(question)

    assert "up 100% on last week" in reply.plain_text()
    number = _piece_number(db, "v1")
    assert [b.action.encode() for b in reply.buttons] == [f"piece:{number}"]
    assert chat.state().last_list == [number]  # "the first one" now means it


def test_a_platform_dashboard_leaves_the_all_platform_trend_out(chat: Chat) -> None:
    assert "Trend" not in chat.say("how is youtube doing").plain_text()


def test_a_creator_without_history_is_told_when_it_starts_and_shown_no_figure(
    db: Database,
) -> None:
    _creator_with_pieces(db, "leo")
    chat = Chat(Agent(db, FixedClock(START)), db, "leo")

    for question in ("what's working?", "what is still gaining?"):
        text = chat.say(question).plain_text()
        assert NO_HISTORY in text
        assert "Views gained" not in text and "Still gaining" not in text


def test_a_piece_published_this_week_counts_its_views_from_nothing(db: Database) -> None:
    creator_id = _creator_with_pieces(db, "kim")
    _grow(db, creator_id, "v1", [1000 + 100 * d for d in range(15)])  # 700 a week
    new = PieceRecord(
        platform="youtube",
        platform_id="fresh",
        content_type="video",
        title="Fresh",
        published_at=START - 3 * DAY,
        metrics=MetricsRecord(views=600),
    )
    with db.unit_of_work() as session:
        ingest_records(session, creator_id, [new], now=START, source="test")
        piece_id = session.scalars(
            select(ContentPiece.id).where(ContentPiece.platform_id == "fresh")
        ).one()
        points = [(START - 2 * DAY, 300), (START - DAY, 500), (START, 600)]
        record_history(session, creator_id, piece_id, START - 3 * DAY, points)

    with db.read() as session:
        summary = growth_summary(session, creator_id, now=START)

    assert (summary.this_week, summary.last_week) == (700 + 600, 700)
    assert summary.change is not None and round(summary.change) == 86


def test_history_too_short_for_a_trend_says_so(db: Database) -> None:
    creator_id = _creator_with_pieces(db, "ada")
    _grow(db, creator_id, "v1", [1000, 1100, 1200])
    chat = Chat(Agent(db, FixedClock(START)), db, "ada")

    text = chat.say("how is my channel trending").plain_text()

    assert "Not enough history yet for a weekly trend" in text
    assert "%" not in text


def test_new_history_shows_at_once_though_the_section_is_cached(chat: Chat, db: Database) -> None:
    assert "Video 2 — +" not in chat.say("what is still gaining?").plain_text()
    creator_id = chat.creator_id
    _grow(db, creator_id, "v2", [700] * 8 + [900 + 100 * d for d in range(7)])

    assert "Video 2 — +800 views this week" in chat.say("what is still gaining?").plain_text()
