"""Two creators talking at once: answers keep each chat's order and never cross chats."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.chat.fair_share import DEFAULT_PER_CHAT
from storage.creators import find_identity
from storage.models import ContentPiece
from tests.telegram.harness import Harness

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
MIA, BO = 7201, 7202
TURNS = DEFAULT_PER_CHAT  # all queued at once: more would be turned away (tests/hostile)


async def _onboard(harness: Harness, user: int, niche: str) -> None:
    welcome = await harness.say_one(user, "/start")
    await harness.press(user, welcome, "UTC")
    await harness.press(user, welcome, niche)


def _titles(harness: Harness, user: int) -> set[str]:
    with harness.db.read() as session:
        identity = find_identity(session, "telegram", str(user))
        assert identity is not None
        creator_id: uuid.UUID = identity.creator_id
        query = select(ContentPiece.title).where(ContentPiece.creator_id == creator_id)
        return set(session.scalars(query))


async def test_two_creators_in_parallel_never_see_each_others_data(harness: Harness) -> None:
    await _onboard(harness, MIA, "Travel")
    await _onboard(harness, BO, "Finance")
    for turn in range(TURNS):
        for user in (MIA, BO):
            harness.botapi.push_text(user, user, f"{user} asks {turn}")
            harness.pushed += 1
    await harness.settle()
    mine = {MIA: _titles(harness, MIA), BO: _titles(harness, BO)}
    assert mine[MIA] and mine[BO] and not mine[MIA] & mine[BO]
    for user, other in ((MIA, BO), (BO, MIA)):
        answers = [m for m in harness.botapi.bot_messages(user) if "asks" in m.text]
        assert [a.text.splitlines()[0] for a in answers] == [
            f"You said: {user} asks {turn}" for turn in range(TURNS)
        ]
        shown = "\n".join(a.text for a in answers)
        assert any(title[:30] in shown for title in mine[user])
        # Titles are shown cut to 30 characters: two demos' titles may share such a beginning.
        theirs = {t[:30] for t in mine[other]} - {t[:30] for t in mine[user]}
        assert not any(beginning in shown for beginning in theirs)
        assert str(other) not in shown
