"""100,000-character titles full of markup and escape sequences, shown through the real agent in a
Telegram chat: each answer stays a few messages, and Telegram accepts every one of them."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from context.reply import BulletList, ContentRef, Headline, Paragraph, Reply
from context.reply_bounds import MAX_REPLY_CHARS, bounded
from storage.creators import find_identity
from storage.models import ContentPiece
from tests.support.botapi_fixture import botapi
from tests.telegram.conftest import clock, harness
from tests.telegram.harness import Harness
from tests.telegram.real_agent import MIA, agent_factory, onboard

__all__ = ["agent_factory", "botapi", "clock", "harness"]
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
HOSTILE = "<b>[/]Eve</b> &amp; \x1b[2J `*_~|| @everyone " * 2_500  # 100,000 characters
MAX_MESSAGES = 3


def test_a_reply_of_huge_blocks_is_cut_to_a_few_messages_worth() -> None:
    refs = tuple(ContentRef(n, HOSTILE, "youtube", HOSTILE) for n in range(200))
    reply = bounded(
        Reply((Headline(HOSTILE), Paragraph(HOSTILE), BulletList((HOSTILE,) * 50), *refs))
    )
    text = reply.plain_text()
    assert len(text) < MAX_REPLY_CHARS + 1_000
    assert text.endswith("more not shown here.")


async def test_huge_hostile_titles_make_a_few_accepted_messages(harness: Harness) -> None:
    await onboard(harness, MIA)
    with harness.db.unit_of_work() as session:
        identity = find_identity(session, "telegram", str(MIA))
        assert identity is not None
        session.execute(
            update(ContentPiece)
            .where(ContentPiece.creator_id == identity.creator_id)
            .values(title=HOSTILE, theme="[/bold]<i>")
        )
        titles = set(session.scalars(select(ContentPiece.title)))
    assert titles == {HOSTILE}
    for command in ("/content", "/content 1", "/top", "/attention", "/themes", "what's working?"):
        messages = await harness.say(MIA, command)
        assert 1 <= len(messages) <= MAX_MESSAGES, (command, len(messages))
    harness.botapi.assert_no_violations()  # every message parsed as valid HTML within limits
