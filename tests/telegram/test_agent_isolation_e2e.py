"""Hostile titles render everywhere Telegram shows them; two creators never see each other."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from insights.ingest import ingest_records
from insights.records import MetricsRecord, PieceRecord
from storage.creators import find_identity
from storage.models import ContentPiece
from tests.support.telegram_samples import HOSTILE_TITLES, squash
from tests.telegram.harness import Harness
from tests.telegram.real_agent import BO, MIA, agent_factory, everything, onboard

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
__all__ = ["agent_factory"]


def _add_hostile_pieces(harness: Harness, user: int) -> list[int]:
    """Give the user's creator one piece per hostile title; returns their short numbers."""
    now = harness.front.agent.clock.now()  # type: ignore[attr-defined]
    with harness.db.unit_of_work() as session:
        identity = find_identity(session, "telegram", str(user))
        assert identity is not None
        records = [
            PieceRecord(
                platform="youtube",
                platform_id=f"hostile-{n}",
                content_type="video",
                title=title,
                published_at=now - timedelta(days=3 + n),
                metrics=MetricsRecord(views=5_000 * (n + 1), likes=300, comments=20, shares=9),
            )
            for n, title in enumerate(HOSTILE_TITLES)
        ]
        ingest_records(session, identity.creator_id, records, now=now, source="test")
        query = select(ContentPiece.number).where(ContentPiece.platform_id.like("hostile-%"))
        return sorted(session.scalars(query))


def _titles(harness: Harness, user: int) -> set[str]:
    with harness.db.read() as session:
        identity = find_identity(session, "telegram", str(user))
        assert identity is not None
        query = select(ContentPiece.title).where(ContentPiece.creator_id == identity.creator_id)
        return {title for title in session.scalars(query) if len(squash(title)) >= 12}


async def test_hostile_titles_render_in_lists_and_details(harness: Harness) -> None:
    await onboard(harness, MIA)
    numbers = _add_hostile_pieces(harness, MIA)
    assert len(numbers) == len(HOSTILE_TITLES)
    shown = everything(await harness.say(MIA, "/whatsworking all youtube"))
    shown += everything(await harness.say(MIA, "/top"))
    for number in numbers:
        shown += everything(await harness.say(MIA, f"/content {number}"))
    seen = squash(shown)
    for title in HOSTILE_TITLES:
        assert squash(title)[:30] in seen, title[:40]
    # every call above passed the server's HTML, length and entity checks (fixture teardown)


async def test_two_creators_in_parallel_never_see_each_others_data(harness: Harness) -> None:
    await asyncio.gather(onboard(harness, MIA, "Travel"), onboard(harness, BO, "Finance"))
    mine = {MIA: _titles(harness, MIA), BO: _titles(harness, BO)}
    assert mine[MIA] and mine[BO]
    commands = ["/whatsworking all", "/top", "/attention", "/content 1", "/plan", "/digest"]
    for command in commands:
        for user in (MIA, BO):
            harness.botapi.push_text(user, user, command)
            harness.pushed += 1
    await harness.settle()
    for user, other in ((MIA, BO), (BO, MIA)):
        seen = squash(everything(harness.botapi.bot_messages(user)))
        assert any(squash(title)[:30] in seen for title in mine[user])
        leaked = [t for t in mine[other] - mine[user] if squash(t)[:30] in seen]
        assert leaked == [], f"chat {user} saw {other}'s titles"
