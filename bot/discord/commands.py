"""The ``/whatsworking`` slash command group: each command is one turn of the agent.

Every callback only builds the turn (the text or action the agent already understands) and
hands it to the front-end; autocomplete asks the front-end for the creator's own titles, plan
items or timezones.
"""

from __future__ import annotations

from typing import Any, Protocol

import discord
from discord import app_commands

from bot.discord.requests import Turn, command, plan_from, settings_turns
from simulator import NICHES

Interaction = discord.Interaction[Any]
Choices = list[app_commands.Choice[str]]
PERIODS = [
    app_commands.Choice(name="Last 7 days", value="7d"),
    app_commands.Choice(name="Last 30 days", value="30d"),
    app_commands.Choice(name="Last 90 days", value="90d"),
    app_commands.Choice(name="All time", value="all"),
]
PLATFORMS = [
    app_commands.Choice(name="YouTube", value="youtube"),
    app_commands.Choice(name="Instagram", value="instagram"),
    app_commands.Choice(name="TikTok", value="tiktok"),
]
MOMENTS = [
    app_commands.Choice(name="Now", value="now"),
    app_commands.Choice(name="Today", value="today"),
    app_commands.Choice(name="Tomorrow", value="tomorrow"),
]
PLAN_STATUSES = [
    app_commands.Choice(name=status.capitalize(), value=status)
    for status in ("active", "completed", "archived", "all")
]
PLAN_KINDS = [
    app_commands.Choice(name="Make more like it", value="more"),
    app_commands.Choice(name="Diagnose what held it back", value="diagnose"),
]
DEMO_CHOICES = [
    *(app_commands.Choice(name=n.replace("_", " ").capitalize(), value=n) for n in NICHES),
    app_commands.Choice(name="Turn demo mode off", value="off"),
]


class CommandHandler(Protocol):
    """What the commands call: the front-end (or, to print the payload, a stand-in)."""

    async def command(self, interaction: Interaction, *turns: Turn) -> None:
        """Answer the turns as one reply."""
        ...

    async def web_link(self, interaction: Interaction) -> None:
        """Answer with a single-use link to the web dashboard."""
        ...

    async def suggest_pieces(self, interaction: Interaction, typed: str) -> Choices:
        """The creator's pieces matching what is typed."""
        ...

    async def suggest_items(
        self, interaction: Interaction, typed: str, *, completed: bool
    ) -> Choices:
        """Plan items matching what is typed."""
        ...

    async def suggest_zones(self, typed: str) -> Choices:
        """Timezones matching what is typed."""
        ...


def _value(choice: app_commands.Choice[str] | None) -> str | None:
    return choice.value if choice is not None else None


class PlanCommands(app_commands.Group):
    """``/whatsworking plan create`` and ``/whatsworking plan from``."""

    def __init__(self, handler: CommandHandler) -> None:
        super().__init__(name="plan", description="Draft an action plan")
        self.handler = handler

    @app_commands.command(name="create", description="Draft a plan from our conversation")
    async def create(self, interaction: Interaction) -> None:
        """/plan."""
        await self.handler.command(interaction, command("plan"))

    @app_commands.command(name="from", description="Draft a plan from one of your pieces")
    @app_commands.describe(piece="The piece (type part of its title)", kind="What the plan is for")
    @app_commands.choices(kind=PLAN_KINDS)
    async def from_piece(
        self,
        interaction: Interaction,
        piece: app_commands.Range[str, 1, 100],
        kind: app_commands.Choice[str] | None = None,
    ) -> None:
        """A 'more like this' or 'diagnose' plan for one piece."""
        await self.handler.command(interaction, plan_from(piece, _value(kind) or "more"))

    @from_piece.autocomplete("piece")
    async def piece_choices(self, interaction: Interaction, current: str) -> Choices:
        """Autocomplete: the creator's pieces."""
        return await self.handler.suggest_pieces(interaction, current)


class WhatsworkingCommands(app_commands.Group):
    """``/whatsworking …``: the whole product, one subcommand per question."""

    def __init__(self, handler: CommandHandler) -> None:
        super().__init__(
            name="whatsworking", description="What is working in your content, and what to do next"
        )
        self.handler = handler
        self.add_command(PlanCommands(handler))

    @app_commands.command(name="overview", description="Your dashboard: what is working")
    @app_commands.describe(period="Which period", platform="Only one platform")
    @app_commands.choices(period=PERIODS, platform=PLATFORMS)
    async def overview(
        self,
        interaction: Interaction,
        period: app_commands.Choice[str] | None = None,
        platform: app_commands.Choice[str] | None = None,
    ) -> None:
        """/whatsworking [period] [platform]."""
        turn = command("whatsworking", _value(period), _value(platform))
        await self.handler.command(interaction, turn)

    @app_commands.command(name="web", description="Open your dashboard in the browser")
    async def web(self, interaction: Interaction) -> None:
        """A single-use sign-in link, only for you."""
        await self.handler.web_link(interaction)

    @app_commands.command(name="top", description="Your top performers")
    @app_commands.describe(period="Which period", platform="Only one platform")
    @app_commands.choices(period=PERIODS, platform=PLATFORMS)
    async def top(
        self,
        interaction: Interaction,
        period: app_commands.Choice[str] | None = None,
        platform: app_commands.Choice[str] | None = None,
    ) -> None:
        """/top."""
        await self.handler.command(interaction, command("top", _value(period), _value(platform)))

    @app_commands.command(name="attention", description="Pieces that need attention")
    @app_commands.describe(period="Which period", platform="Only one platform")
    @app_commands.choices(period=PERIODS, platform=PLATFORMS)
    async def attention(
        self,
        interaction: Interaction,
        period: app_commands.Choice[str] | None = None,
        platform: app_commands.Choice[str] | None = None,
    ) -> None:
        """/attention."""
        turn = command("attention", _value(period), _value(platform))
        await self.handler.command(interaction, turn)

    @app_commands.command(name="themes", description="How your themes compare")
    async def themes(self, interaction: Interaction) -> None:
        """/themes."""
        await self.handler.command(interaction, command("themes"))

    @app_commands.command(name="platforms", description="Your platforms side by side")
    async def platforms(self, interaction: Interaction) -> None:
        """/platforms."""
        await self.handler.command(interaction, command("platforms"))

    @app_commands.command(name="content", description="One piece in detail")
    @app_commands.describe(piece="The piece (type part of its title)")
    async def content(
        self, interaction: Interaction, piece: app_commands.Range[str, 1, 100]
    ) -> None:
        """/content REF."""
        await self.handler.command(interaction, command("content", piece))

    @content.autocomplete("piece")
    async def content_choices(self, interaction: Interaction, current: str) -> Choices:
        """Autocomplete: the creator's pieces."""
        return await self.handler.suggest_pieces(interaction, current)

    @app_commands.command(name="besttime", description="When your posts do best")
    @app_commands.describe(when="Whether then is a good time to post")
    @app_commands.choices(when=MOMENTS)
    async def besttime(
        self, interaction: Interaction, when: app_commands.Choice[str] | None = None
    ) -> None:
        """/besttime [now|today|tomorrow]."""
        await self.handler.command(interaction, command("besttime", _value(when)))

    @app_commands.command(name="advice", description="What to do next, from your own patterns")
    @app_commands.describe(platform="One platform: what to post there")
    @app_commands.choices(platform=PLATFORMS)
    async def advice(
        self, interaction: Interaction, platform: app_commands.Choice[str] | None = None
    ) -> None:
        """/advice [platform]."""
        await self.handler.command(interaction, command("advice", _value(platform)))

    @app_commands.command(name="formats", description="Short-form, long-form and image posts")
    async def formats(self, interaction: Interaction) -> None:
        """/formats."""
        await self.handler.command(interaction, command("formats"))

    @app_commands.command(name="recent", description="Your latest pieces against your usual")
    @app_commands.describe(count="How many latest pieces (1-20)", platform="Only one platform")
    @app_commands.choices(platform=PLATFORMS)
    async def recent(
        self,
        interaction: Interaction,
        count: app_commands.Range[int, 1, 20] = 5,
        platform: app_commands.Choice[str] | None = None,
    ) -> None:
        """/recent [count] [platform]."""
        await self.handler.command(interaction, command("recent", str(count), _value(platform)))

    @app_commands.command(name="titles", description="What your best titles have in common")
    async def titles(self, interaction: Interaction) -> None:
        """/titles."""
        await self.handler.command(interaction, command("titles"))

    @app_commands.command(name="cadence", description="How often you post, and whether it matters")
    async def cadence(self, interaction: Interaction) -> None:
        """/cadence."""
        await self.handler.command(interaction, command("cadence"))

    @app_commands.command(name="plans", description="Your action plans")
    @app_commands.describe(status="Which plans")
    @app_commands.choices(status=PLAN_STATUSES)
    async def plans(
        self, interaction: Interaction, status: app_commands.Choice[str] | None = None
    ) -> None:
        """/plans [status]."""
        await self.handler.command(interaction, command("plans", _value(status)))

    @app_commands.command(name="done", description="Tick off a plan item")
    @app_commands.describe(item="The item, like 3.2 (type part of its title)")
    async def done(self, interaction: Interaction, item: app_commands.Range[str, 1, 100]) -> None:
        """/done ITEM."""
        await self.handler.command(interaction, command("done", item))

    @done.autocomplete("item")
    async def open_item_choices(self, interaction: Interaction, current: str) -> Choices:
        """Autocomplete: open items of active plans."""
        return await self.handler.suggest_items(interaction, current, completed=False)

    @app_commands.command(name="undo", description="Reopen a plan item")
    @app_commands.describe(item="The item, like 3.2 (type part of its title)")
    async def undo(self, interaction: Interaction, item: app_commands.Range[str, 1, 100]) -> None:
        """/undo ITEM."""
        await self.handler.command(interaction, command("undo", item))

    @undo.autocomplete("item")
    async def done_item_choices(self, interaction: Interaction, current: str) -> Choices:
        """Autocomplete: completed items of active plans."""
        return await self.handler.suggest_items(interaction, current, completed=True)

    @app_commands.command(name="digest", description="Your daily digest, now")
    async def digest(self, interaction: Interaction) -> None:
        """/digest."""
        await self.handler.command(interaction, command("digest"))

    @app_commands.command(name="settings", description="Timezone, digest time, digest, reminders")
    @app_commands.describe(
        timezone="Your timezone (a city or a zone like Europe/Berlin)",
        digest_time="When the daily digest comes, like 07:30",
        digest="Send the daily digest",
        reminders="Remind me of plan items when due",
    )
    async def settings(
        self,
        interaction: Interaction,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        digest_time: app_commands.Range[str, 1, 8] | None = None,
        digest: bool | None = None,
        reminders: bool | None = None,
    ) -> None:
        """/settings, one turn per change."""
        turns = settings_turns(timezone, digest_time, digest, reminders)
        await self.handler.command(interaction, *turns)

    @settings.autocomplete("timezone")
    async def zone_choices(self, interaction: Interaction, current: str) -> Choices:
        """Autocomplete: timezones."""
        return await self.handler.suggest_zones(current)

    @app_commands.command(name="link", description="Link with Telegram: use a code, or make one")
    @app_commands.describe(code="A code made in the other app (leave out to make one here)")
    async def link(
        self, interaction: Interaction, code: app_commands.Range[str, 1, 16] | None = None
    ) -> None:
        """/link [CODE]."""
        await self.handler.command(interaction, command("link", code))

    @app_commands.command(name="demo", description="Try demo mode with simulated content")
    @app_commands.describe(niche="The kind of channel to simulate")
    @app_commands.choices(niche=DEMO_CHOICES)
    async def demo(
        self, interaction: Interaction, niche: app_commands.Choice[str] | None = None
    ) -> None:
        """/demo [NICHE|off]."""
        await self.handler.command(interaction, command("demo", _value(niche)))

    @app_commands.command(name="connect", description="Connect YouTube: your numbers stay current")
    async def connect(self, interaction: Interaction) -> None:
        """/connect (a button to Google's consent page)."""
        await self.handler.command(interaction, command("connect"))

    @app_commands.command(name="sync", description="Fetch your latest numbers now")
    async def sync(self, interaction: Interaction) -> None:
        """/sync."""
        await self.handler.command(interaction, command("sync"))

    @app_commands.command(name="forgetme", description="Delete all your data")
    async def forgetme(self, interaction: Interaction) -> None:
        """/forgetme (asks for confirmation first)."""
        await self.handler.command(interaction, command("forgetme"))

    @app_commands.command(name="help", description="What I can do")
    async def help(self, interaction: Interaction) -> None:
        """/help."""
        await self.handler.command(interaction, command("help"))


def add_commands(tree: app_commands.CommandTree[Any], handler: CommandHandler) -> None:
    """Put the group on the tree: usable in servers and in the DM with the bot."""
    group = WhatsworkingCommands(handler)
    group.allowed_installs = app_commands.AppInstallationType(guild=True, user=False)
    group.allowed_contexts = app_commands.AppCommandContext(
        guild=True, dm_channel=True, private_channel=False
    )
    tree.add_command(group)
