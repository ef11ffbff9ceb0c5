"""Free text to the bot, through discord.py's real message dispatch (dpytest): DMs and mentions
reach the agent, answers always go to the DM, everything else is ignored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest

from bot.discord.client import WhatsworkingClient
from bot.discord.messages import ANSWERED_IN_DM, DM_CLOSED, on_message
from context.reply import ChartSpec, ChatRequest, Reply
from storage.creators import find_creator, link_identity
from storage.errors import InvalidInput
from tests.discord.hostile import unescape
from tests.discord.limits import embed_problems
from tests.discord.world import World
from tests.support.chat import NOW

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def no_chart(spec: ChartSpec) -> bytes:
    """dpytest drops the embeds of a message with a file, so these tests draw no chart."""
    raise InvalidInput("no charts in message-routing tests")


@dataclass
class Recording:
    """The real agent, remembering every request it answered."""

    world: World
    requests: list[ChatRequest] = field(default_factory=list)

    def handle(self, request: ChatRequest) -> Reply:
        """Remember, then answer."""
        self.requests.append(request)
        return self.world.agent().handle(request)


@dataclass
class Bot:
    """The client under dpytest, its recording agent and the two people in the test guild."""

    client: WhatsworkingClient
    agent: Recording
    mia: discord.Member
    bo: discord.Member

    @staticmethod
    def sent() -> list[discord.Message]:
        """Every message the bot sent since the last call."""
        messages = []
        while not dpytest.sent_queue.empty():
            messages.append(dpytest.get_message())
        return messages


@pytest.fixture
async def bot(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Bot]:
    """A WhatsworkingClient configured by dpytest with one guild, one channel and two members."""
    monkeypatch.chdir(tmp_path)  # dpytest writes attachments into the working directory
    agent = Recording(world)
    intents = discord.Intents.default()
    intents.members = True  # dpytest needs it to fake members; the real bot does not
    front = world.front(agent, chart_renderer=no_chart)
    client = WhatsworkingClient(front, sync=False, intents=intents)
    await client._async_setup_hook()
    dpytest.configure(client, members=["mia", "bo"])
    mia, bo = dpytest.get_config().members
    with world.db.unit_of_work() as session:
        for member, handle in ((mia, "mia"), (bo, "bo")):
            creator = find_creator(session, handle)
            assert creator is not None
            link_identity(session, creator, "discord", str(member.id), now=NOW)
    yield Bot(client, agent, mia, bo)
    await dpytest.empty_queue()


def shown(message: discord.Message) -> str:
    return unescape(
        "\n".join(
            [
                message.content,
                *((e.title or "") + "\n" + (e.description or "") for e in message.embeds),
            ]
        )
    )


async def test_a_dm_reaches_the_agent_and_is_answered_in_the_dm(bot: Bot, world: World) -> None:
    dm = await bot.mia.create_dm()
    await dpytest.message("what are my top pieces", channel=dm, member=bot.mia)
    (answer,) = bot.sent()
    assert isinstance(answer.channel, discord.DMChannel) and answer.embeds
    request = bot.agent.requests[-1]
    assert (request.channel, request.external_id, request.text) == (
        "discord",
        str(bot.mia.id),
        "what are my top pieces",
    )
    assert embed_problems(answer.embeds) == []
    text = shown(answer)
    assert any(t[:40] in text for t in world.titles[world.mia])
    assert not any(t[:40] in text for t in world.titles[world.bo])


async def test_each_person_gets_their_own_data_in_their_dm(bot: Bot, world: World) -> None:
    dm = await bot.bo.create_dm()
    await dpytest.message("/top", channel=dm, member=bot.bo)
    (answer,) = bot.sent()
    text = shown(answer)
    assert any(t[:40] in text for t in world.titles[world.bo])
    assert not any(t[:40] in text for t in world.titles[world.mia])


async def test_server_chatter_is_ignored(bot: Bot) -> None:
    await dpytest.message("what's working for everyone?", channel=0, member=bot.mia)
    assert bot.sent() == [] and bot.agent.requests == []


async def test_a_mention_is_answered_privately_with_a_note_in_the_channel(
    bot: Bot, world: World
) -> None:
    bot_user = bot.client.user
    assert bot_user is not None
    await dpytest.message(f"<@{bot_user.id}> what are my top pieces", channel=0, member=bot.mia)
    answer, note = bot.sent()
    assert isinstance(answer.channel, discord.DMChannel) and answer.embeds
    assert isinstance(note.channel, discord.TextChannel) and note.content == ANSWERED_IN_DM
    assert not note.embeds
    assert bot.agent.requests[-1].text == "what are my top pieces"


async def test_the_bots_own_messages_are_ignored(bot: Bot) -> None:
    guild = dpytest.get_config().guilds[0]
    bot_user = bot.client.user
    assert bot_user is not None
    own = guild.get_member(bot_user.id)
    assert own is not None
    await dpytest.message(f"<@{bot_user.id}> talking to myself", channel=0, member=own)
    assert bot.sent() == [] and bot.agent.requests == []


async def test_a_file_in_a_dm_reaches_the_agent_as_an_attachment(bot: Bot, tmp_path: Path) -> None:
    export = tmp_path / "studio.csv"
    export.write_bytes(b"Content,Video title,Views\nabc,My video,10\n")
    dm = await bot.mia.create_dm()
    await dpytest.message("my export", channel=dm, member=bot.mia, attachments=[str(export)])
    request = bot.agent.requests[-1]
    assert request.attachment is not None
    assert (request.attachment.filename, request.attachment.data) == (
        "studio.csv",
        export.read_bytes(),
    )
    assert request.text == "my export"
    assert len(bot.sent()) == 1


class Refusing:
    """A person who does not accept direct messages from server members."""

    def __init__(self, user_id: int) -> None:
        self.id, self.bot, self.display_name = user_id, False, "Mia"

    async def typing(self) -> None:
        """Typing in a closed DM is refused too."""
        raise self._forbidden()

    async def send(self, *args: Any, **kwargs: Any) -> None:
        """Refused, as Discord refuses (50007)."""
        raise self._forbidden()

    @staticmethod
    def _forbidden() -> discord.Forbidden:
        response: Any = type("Response", (), {"status": 403, "reason": "Forbidden"})()
        return discord.Forbidden(response, "Cannot send messages to this user")


class Channel:
    """A server channel that records what the bot says there."""

    def __init__(self) -> None:
        self.said: list[dict[str, Any]] = []

    async def send(self, content: str | None = None, **kwargs: Any) -> None:
        """Record."""
        self.said.append({"content": content, **kwargs})


async def test_closed_dms_get_a_public_hint_and_no_data(world: World) -> None:
    bot_user: Any = type("BotUser", (), {"id": 42, "bot": True})()
    channel = Channel()
    message: Any = type(
        "Message",
        (),
        {
            "author": Refusing(1001),
            "channel": channel,
            "mentions": [bot_user],
            "content": "<@42> top pieces",
            "attachments": [],
        },
    )()
    await on_message(world.front(), message, bot_user)
    assert [s["content"] for s in channel.said] == [DM_CLOSED]
    assert channel.said[0]["allowed_mentions"].to_dict()["parse"] == []
