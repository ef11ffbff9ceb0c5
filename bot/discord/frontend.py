"""The Discord front-end: interactions and messages become ChatRequests, Replies become embeds.

Thin on purpose: no business logic here. Domain calls run in worker threads; a turn that is not
answered within ``defer_after`` seconds (or that brings a chart to draw, or that arrives while
other work is in flight) is deferred, so Discord's 3-second window is met under load too;
buttons are signed for the creator the account reaches and checked on arrival; every failure
reaches the creator as one friendly line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import discord
from discord import app_commands

from bot.charts.draw import draw_or_none
from bot.charts.render import render_chart
from bot.chat.fair_share import BUSY, DEFAULT_PER_CHAT, Busy, ChatSlots
from bot.chat.identities import CreatorKeys
from bot.chat.turn import Answer, run_turns
from bot.chat.turn_pools import run_turn
from bot.discord.buttons import verify_custom_id
from bot.discord.render import DiscordReply, render_reply
from bot.discord.requests import CHANNEL, Turn, request_for, request_for_action
from bot.discord.send import Interaction, InteractionReplier
from bot.discord.suggest import Choice, Suggestions, zones
from bot.web.links import WebLinks
from context.reply import ChartSpec, ChatAgent, ChatRequest

EXPIRED = "This button has expired."
FRIENDLY_ERROR = "Sorry, something went wrong on my side. Please try again in a minute."
RESTARTING = "I'm restarting right now; please try again in a minute."
NO_WEB = "The web dashboard is not set up on this bot."
NOT_LINKED = "You have no account yet: any /whatsworking command sets one up; then ask again."
DEFER_AFTER = 2.0  # seconds; Discord wants the first answer within 3
_log = logging.getLogger(__name__)
ChartRenderer = Callable[[ChartSpec], bytes]


@dataclass
class DiscordFrontEnd:
    """Answers slash commands, button presses, autocomplete and messages through one agent."""

    agent: ChatAgent
    keys: CreatorKeys
    secret: bytes
    suggestions: Suggestions | None = None
    chart_renderer: ChartRenderer = render_chart
    defer_after: float = DEFER_AFTER
    per_chat: int = DEFAULT_PER_CHAT
    web_links: WebLinks | None = None
    turns: int = field(default=0, init=False)
    turned_away: int = field(default=0, init=False)
    closing: bool = field(default=False, init=False)
    slots: ChatSlots = field(init=False)
    _busy: int = field(default=0, init=False)
    _idle: asyncio.Event | None = field(default=None, init=False)
    _crowd: asyncio.Event = field(default_factory=asyncio.Event, init=False)  # set: 2+ in flight

    def __post_init__(self) -> None:
        """One line of turns per person, taken before the worker threads."""
        self.slots = ChatSlots(self.per_chat)

    async def command(self, interaction: Interaction, *turns: Turn) -> None:
        """A slash command: one turn, or several answered as one (settings with many options)."""
        requests = [request_for(interaction.user, turn) for turn in turns]
        replier = InteractionReplier(interaction, pressed=False)
        await self._guarded(replier, lambda: self.answer(requests))

    async def web_link(self, interaction: Interaction) -> None:
        """/whatsworking web: a single-use sign-in link, shown only to the person who asked."""
        replier = InteractionReplier(interaction, pressed=False)
        if self.web_links is None:
            await replier.say(NO_WEB)
            return
        user_id = str(interaction.user.id)
        link = await asyncio.to_thread(self.web_links.for_identity, CHANNEL, user_id)
        if link is None:
            await replier.say(NOT_LINKED)
            return
        await replier.say(f"Your dashboard (this link works once, for 10 minutes): {link.url}")

    async def on_action_button(self, interaction: Interaction, custom_id: str) -> None:
        """A button press: verified against the creator the account reaches, else 'expired'."""
        replier = InteractionReplier(interaction, pressed=True)
        user = interaction.user
        await self._guarded(replier, lambda: self._pressed(user, custom_id))

    async def _guarded(
        self, replier: InteractionReplier, work: Callable[[], Awaitable[Answer | None]]
    ) -> None:
        if self.closing:
            await replier.say(RESTARTING)
            return
        async with self.tracked():
            try:
                await self._respond(replier, asyncio.ensure_future(work()))
            except Busy:
                self.turned_away += 1
                await replier.say(BUSY)
            except Exception as error:  # never a traceback in chat, and no content in the log
                log_failure("interaction", error)
                await self._tell(replier)

    async def _respond(
        self, replier: InteractionReplier, turn: asyncio.Future[Answer | None]
    ) -> None:
        # Alone, a turn gets ``defer_after`` to answer outright; once other work shares the loop
        # and the threads, waiting could miss Discord's 3 s, so it is deferred at once.
        crowded = asyncio.ensure_future(self._crowd.wait())
        waiting: set[asyncio.Future[Any]] = {turn, crowded}
        try:
            first = asyncio.FIRST_COMPLETED
            await asyncio.wait(waiting, timeout=self.defer_after, return_when=first)
        finally:
            crowded.cancel()
        if not turn.done():
            await replier.defer()
        answer = await turn
        if answer is None:
            await replier.say(EXPIRED)
            return
        if answer.reply.chart is not None:
            await replier.defer()
        png = await self.chart_png(answer.reply.chart)
        rendered = await asyncio.to_thread(self.render, answer, png is not None)
        await replier.send(rendered, png)
        self.turns += 1

    async def answer(self, requests: Sequence[ChatRequest]) -> Answer:
        """The agent's answer to one person's requests, in turn order, off the event loop."""
        async with self.slots.slot(requests[0].external_id):
            return await run_turn(
                requests, lambda: run_turns(self.agent, self.keys, CHANNEL, requests)
            )

    async def _pressed(self, user: discord.abc.User, custom_id: str) -> Answer | None:
        async with self.slots.slot(str(user.id)):
            return await asyncio.to_thread(self._press, user, custom_id)

    def _press(self, user: discord.abc.User, custom_id: str) -> Answer | None:
        key = self.keys.creator_key(CHANNEL, str(user.id))
        action = verify_custom_id(custom_id, key, self.secret) if key else None
        if action is None:
            return None
        return run_turns(self.agent, self.keys, CHANNEL, [request_for_action(user, action)])

    def render(self, answer: Answer, chart_attached: bool) -> DiscordReply:
        """The reply with buttons signed for its creator (none when nobody is linked)."""
        reply = answer.reply
        if answer.creator_key is None:
            reply = replace(reply, buttons=())
        key = answer.creator_key or ""
        return render_reply(reply, key, self.secret, chart_attached=chart_attached)

    async def chart_png(self, chart: ChartSpec | None) -> bytes | None:
        """The chart drawn in a worker thread; None (logged) when it cannot be drawn."""
        return await draw_or_none(self.chart_renderer, chart)

    async def _tell(self, replier: InteractionReplier) -> None:
        try:
            await replier.say(FRIENDLY_ERROR)
        except discord.HTTPException as failure:
            _log.warning("could not tell the creator about a failure: %s", type(failure).__name__)

    @contextlib.asynccontextmanager
    async def tracked(self) -> AsyncIterator[None]:
        """Count a piece of work in flight, so a shutdown can wait for it."""
        self._busy += 1
        if self._busy > 1:
            self._crowd.set()
        try:
            yield
        finally:
            self._busy -= 1
            if self._busy <= 1:
                self._crowd.clear()
            if self._busy == 0 and self._idle is not None:
                self._idle.set()

    async def drain(self, timeout: float) -> bool:
        """Refuse new work and wait for the work in flight; False if it outlasts ``timeout``."""
        self.closing = True
        self._idle = asyncio.Event()
        if self._busy == 0:
            return True
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def suggest(self, lookup: Callable[[], list[Choice]]) -> list[app_commands.Choice[str]]:
        """Autocomplete choices from a read-only lookup in a worker thread ([] on any failure)."""
        try:
            found = await asyncio.to_thread(lookup)
        except Exception as error:
            _log.warning("autocomplete failed: %s", type(error).__name__)
            return []
        return [app_commands.Choice(name=name, value=value) for name, value in found]

    async def suggest_pieces(
        self, interaction: Interaction, typed: str
    ) -> list[app_commands.Choice[str]]:
        """The creator's pieces matching what is typed."""
        if self.suggestions is None:
            return []
        lookup, user_id = self.suggestions.pieces, str(interaction.user.id)
        return await self.suggest(lambda: lookup(user_id, typed))

    async def suggest_items(
        self, interaction: Interaction, typed: str, *, completed: bool
    ) -> list[app_commands.Choice[str]]:
        """Open (or, to undo, completed) items of the creator's active plans."""
        if self.suggestions is None:
            return []
        lookup, user_id = self.suggestions.items, str(interaction.user.id)
        return await self.suggest(lambda: lookup(user_id, typed, completed=completed))

    async def suggest_zones(self, typed: str) -> list[app_commands.Choice[str]]:
        """Timezones matching what is typed."""
        return await self.suggest(lambda: zones(typed))


def log_failure(where: str, error: BaseException) -> None:
    """Log a failure by type with its traceback; never the creator's text or a token."""
    _log.error(
        "discord %s failed: %s",
        where,
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__),
    )
