"""Two simulated creators reachable from Discord (one also from Telegram) and how to reach them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from bot.chat.identities import IdentityKeys
from bot.discord.commands import WhatsworkingCommands
from bot.discord.frontend import DiscordFrontEnd
from bot.discord.suggest import Suggestions
from context.agent import Agent
from context.reply import ChartSpec, ChatAgent
from storage import Database
from storage.clock import FixedClock
from storage.creators import find_creator, link_identity
from storage.models import ContentPiece
from tests.discord.doubles import InteractionDouble
from tests.discord.hostile import HOSTILE_TITLES
from tests.support.chat import NOW, seed_creator

SECRET = b"discord-test-secret"
MIA, BO, STRANGER = 1001, 2002, 3003
MIA_TELEGRAM = "7001"


def fake_chart(spec: ChartSpec) -> bytes:
    """A stand-in PNG (drawing real charts is tested in tests/charts)."""
    return b"\x89PNG chart " + spec.kind.encode()


@dataclass
class World:
    """The database, the creators' ids and the titles each one owns."""

    db: Database
    mia: uuid.UUID
    bo: uuid.UUID
    titles: dict[uuid.UUID, list[str]]

    def agent(self, clock: FixedClock | None = None) -> Agent:
        """The real agent, rules only, at the fixed time the content was simulated for."""
        return Agent(self.db, clock or FixedClock(NOW))

    def front(self, agent: ChatAgent | None = None, **options: Any) -> DiscordFrontEnd:
        """A front-end over the real agent (or ``agent``) with a stand-in chart renderer."""
        return front_for(self.db, agent or self.agent(), **options)


def front_for(db: Database, agent: ChatAgent | None = None, **options: Any) -> DiscordFrontEnd:
    """A front-end over ``db`` (the real agent at NOW unless given) with a stand-in chart."""
    options.setdefault("chart_renderer", fake_chart)
    agent = agent or Agent(db, FixedClock(NOW))
    return DiscordFrontEnd(agent, IdentityKeys(db), SECRET, Suggestions(db), **options)


def build_world(db: Database, pieces: int = 30) -> World:
    """Mia (tech, hostile titles) on Discord and Telegram; Bo (fitness) on Discord."""
    mia = seed_creator(db, "mia", pieces=pieces, seed=23)
    bo = seed_creator(db, "bo", pieces=pieces, seed=11, niche="fitness")
    with db.unit_of_work() as session:
        _make_titles_hostile(session, mia)
        link_identity(session, _creator(session, "mia"), "discord", str(MIA), str(MIA), now=NOW)
        link_identity(
            session, _creator(session, "mia"), "telegram", MIA_TELEGRAM, MIA_TELEGRAM, now=NOW
        )
        link_identity(session, _creator(session, "bo"), "discord", str(BO), str(BO), now=NOW)
        titles = {
            cid: list(
                session.scalars(select(ContentPiece.title).where(ContentPiece.creator_id == cid))
            )
            for cid in (mia, bo)
        }
    return World(db, mia, bo, titles)


def _creator(session: Any, handle: str) -> Any:
    creator = find_creator(session, handle)
    assert creator is not None
    return creator


def _make_titles_hostile(session: Any, creator_id: uuid.UUID) -> None:
    numbers = session.scalars(
        select(ContentPiece.number).where(ContentPiece.creator_id == creator_id)
    ).all()
    for number in numbers:
        hostile = HOSTILE_TITLES[number % len(HOSTILE_TITLES)]
        # Databases refuse lone surrogates and NUL; the rest is stored as a platform sent it.
        title = f"{hostile.replace(chr(0xD800), '').replace(chr(0), '')} #{number}"[:1000]
        session.execute(
            update(ContentPiece)
            .where(ContentPiece.creator_id == creator_id, ContentPiece.number == number)
            .values(title=title)
        )


async def invoke(
    front: DiscordFrontEnd,
    path: str,
    interaction: InteractionDouble,
    **options: Any,
) -> InteractionDouble:
    """Run the callback of ``/whatsworking <path>`` ("top", "plan from") with a double."""
    command: Any = WhatsworkingCommands(front)
    for name in path.split():
        command = command.get_command(name)
    await command.callback(command.binding, interaction.real(), **options)
    return interaction


Press = Callable[..., Any]
