"""Linking Discord and Telegram: one creator, the same data in both; a wrong, expired or used
code links nothing."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from bot.discord.frontend import DiscordFrontEnd
from context.account.flows import BAD_CODE
from context.agent import Agent
from context.reply import Action, ChatRequest, ContentRef, Reply
from storage import Database
from storage.clock import FixedClock
from storage.creators import create_creator, find_creator, find_identity, link_identity
from storage.models import Creator
from tests.discord.doubles import InteractionDouble
from tests.discord.hostile import unescape
from tests.discord.test_commands import choice
from tests.discord.world import front_for, invoke
from tests.support.chat import NOW, seed_creator

CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}")


def telegram(agent: Agent, user: str, **turn: object) -> Reply:
    """A turn from a Telegram account, as the Telegram front-end sends it."""
    return agent.handle(ChatRequest("telegram", user, user, display_name="Mia", **turn))  # type: ignore[arg-type]


def front(db: Database, minutes_later: int = 0) -> DiscordFrontEnd:
    return front_for(db, Agent(db, FixedClock(NOW + timedelta(minutes=minutes_later))))


def telegram_creator(db: Database, *, content: bool = False) -> Agent:
    """A creator on Telegram (with simulated content only when the test reads it)."""
    if content:
        seed_creator(db, "tg", pieces=20, seed=5)
    with db.unit_of_work() as session:
        creator = find_creator(session, "tg") or create_creator(session, "tg", now=NOW)
        link_identity(session, creator, "telegram", "7001", "7001", now=NOW)
    return Agent(db, FixedClock(NOW))


def code_in(text: str) -> str:
    found = CODE.search(text)
    assert found is not None, text
    return found.group(0)


def discord_creator(db: Database, user: int) -> object:
    with db.read() as session:
        identity = find_identity(session, "discord", str(user))
        return identity.creator_id if identity is not None else None


async def test_a_code_from_telegram_links_discord_to_the_same_data(db: Database) -> None:
    agent = telegram_creator(db, content=True)
    code = code_in(telegram(agent, "7001", action=Action("link", ("make",))).plain_text())
    linked = await invoke(front(db), "link", InteractionDouble(1001), code=code)
    assert "Accounts linked" in linked.text
    with db.read() as session:
        tg = find_identity(session, "telegram", "7001")
        assert tg is not None and discord_creator(db, 1001) == tg.creator_id
    in_telegram = telegram(agent, "7001", text="/top all")
    refs = [b for b in in_telegram.blocks if isinstance(b, ContentRef)]
    in_discord = await invoke(front(db), "top", InteractionDouble(1001), period=choice("all"))
    shown = unescape(in_discord.text)
    assert refs and all(f"#{r.number}" in shown and r.title in shown for r in refs)


async def test_a_code_made_on_discord_links_telegram(db: Database) -> None:
    telegram_creator(db)
    await invoke(front(db), "link", InteractionDouble(1001), code=None)  # onboards a new creator
    menu = await invoke(front(db), "link", InteractionDouble(1001))
    made = InteractionDouble(1001)
    await front(db).on_action_button(made.real(), menu.last.button("Make a link code").custom_id)
    code = code_in(made.text)
    reply = telegram(Agent(db, FixedClock(NOW)), "7002", text=f"/link {code}")
    assert "Accounts linked" in reply.plain_text()
    with db.read() as session:
        identity = find_identity(session, "telegram", "7002")
        assert identity is not None and identity.creator_id == discord_creator(db, 1001)


def creators(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Creator)) or 0)


async def test_a_wrong_code_links_nothing(db: Database) -> None:
    telegram_creator(db)
    before = creators(db)
    wrong = await invoke(front(db), "link", InteractionDouble(3003), code="ABCD-EFGH")
    assert BAD_CODE.split(":")[0] in wrong.text
    assert discord_creator(db, 3003) is None and creators(db) == before


async def test_an_expired_or_used_code_links_nothing(db: Database) -> None:
    agent = telegram_creator(db)
    code = code_in(telegram(agent, "7001", action=Action("link", ("make",))).plain_text())
    late = await invoke(front(db, minutes_later=16), "link", InteractionDouble(3003), code=code)
    assert BAD_CODE.split(":")[0] in late.text and discord_creator(db, 3003) is None
    fresh = code_in(telegram(agent, "7001", action=Action("link", ("make",))).plain_text())
    first = await invoke(front(db), "link", InteractionDouble(4004), code=fresh)
    assert "Accounts linked" in first.text
    again = await invoke(front(db), "link", InteractionDouble(5005), code=fresh)
    assert BAD_CODE.split(":")[0] in again.text and discord_creator(db, 5005) is None
