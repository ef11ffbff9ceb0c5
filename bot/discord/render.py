"""Translate a neutral Reply into the messages the Discord front-end sends.

Each headline opens an embed (its title); the blocks under it fill the description, continued
in further embeds when long. Embeds are grouped into messages within Discord's limits (title
256, description 4,096, 6,000 characters and 10 embeds a message); the buttons ride on the last
message, the chart is an attachment shown as the first embed's image. Pure functions: nothing
here talks to Discord.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.chat.layout import Line, assemble, block_lines, pack, text_lines
from bot.chat.text import one_line
from bot.chat.text import utf16_len as size
from bot.discord.buttons import ButtonRows, layout_buttons
from bot.discord.layout import MARKDOWN, escape
from context.reply import Block, ChartSpec, ContentRef, Headline, Reply, text_reply

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
MESSAGE_CHARS_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
CONTENT_LIMIT = 2000
CHART_FILENAME = "chart.png"
COLOUR = discord.Colour(0x5865F2)
EMPTY_TEXT = "…"
ALLOWED_MENTIONS = discord.AllowedMentions.none()


@dataclass(frozen=True)
class DiscordMessage:
    """One message to send: its embeds, and the button rows when it is the last one."""

    embeds: tuple[discord.Embed, ...]
    rows: ButtonRows = ()


@dataclass(frozen=True)
class DiscordReply:
    """A rendered reply: messages in order, the chart to attach and whether to edit in place."""

    messages: tuple[DiscordMessage, ...]
    chart: ChartSpec | None = None
    edit_in_place: bool = False


@dataclass(frozen=True)
class Section:
    """A headline (the embed title, if any) and the lines under it."""

    title: str | None
    lines: tuple[Line, ...]


def render_reply(
    reply: Reply, creator_key: str, secret: bytes, *, chart_attached: bool = False
) -> DiscordReply:
    """Render for Discord; buttons are signed for ``creator_key``, the chart shown if attached."""
    embeds = [embed for section in sections(reply) for embed in section_embeds(section)]
    if chart_attached:
        embeds[0].set_image(url=f"attachment://{CHART_FILENAME}")
    groups = group_embeds(embeds)
    rows = layout_buttons(reply.buttons, creator_key, secret)
    messages = [DiscordMessage(tuple(group)) for group in groups]
    messages[-1] = DiscordMessage(messages[-1].embeds, rows)
    return DiscordReply(
        tuple(messages), reply.chart if chart_attached else None, reply.edit_in_place
    )


def sections(reply: Reply) -> list[Section]:
    """Split the blocks at each headline; the notice opens the first section."""
    result: list[Section] = []
    title: str | None = None
    lines = text_lines(reply.notice, "italic") if reply.notice else []
    previous: Block | None = None
    for block in reply.blocks:
        if isinstance(block, Headline):
            if title is not None or previous is not None:
                result.append(Section(title, tuple(lines)))
                lines = []
            title, previous = block.text, None
            continue
        if lines and not (isinstance(block, ContentRef) and isinstance(previous, ContentRef)):
            lines.append(Line())
        lines.extend(block_lines(block))
        previous = block
    result.append(Section(title, tuple(lines)))
    return result


def embed_title(text: str) -> tuple[str, list[Line]]:
    """A headline as an escaped embed title within 256; a longer one also opens the description."""
    title = one_line(text)
    if size(escape(title)) <= TITLE_LIMIT:
        return escape(title), []
    short = title
    while (excess := size(escape(short)) - (TITLE_LIMIT - 1)) > 0:
        short = short[: len(short) - max(1, excess // 2)]
    return escape(short.rstrip()) + "…", text_lines(text, "bold")


def section_embeds(section: Section) -> list[discord.Embed]:
    """One section as embeds: the title on the first, the description continued as needed."""
    title, overflow = embed_title(section.title) if section.title is not None else (None, [])
    chunks = pack([*overflow, *section.lines], DESCRIPTION_LIMIT, DESCRIPTION_LIMIT, MARKDOWN)
    descriptions = [assemble(chunk, MARKDOWN) for chunk in chunks if chunk]
    if not descriptions and title is None:
        descriptions = [EMPTY_TEXT]
    embeds = [discord.Embed(colour=COLOUR, description=d or None) for d in descriptions or [""]]
    if title is not None:
        embeds[0].title = title
    return embeds


def embed_size(embed: discord.Embed) -> int:
    """Characters the embed counts towards a message's 6,000, in UTF-16 units."""
    total = size(embed.title or "") + size(embed.description or "")
    total += sum(size(f.name or "") + size(f.value or "") for f in embed.fields)
    return total + size(embed.footer.text or "") + size(embed.author.name or "")


def group_embeds(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Embeds grouped into messages of at most 10 embeds and 6,000 characters."""
    groups: list[list[discord.Embed]] = [[]]
    used = 0
    for embed in embeds:
        cost = embed_size(embed)
        current = groups[-1]
        if current and (len(current) == EMBEDS_PER_MESSAGE or used + cost > MESSAGE_CHARS_LIMIT):
            groups.append([])
            used = 0
        groups[-1].append(embed)
        used += cost
    return groups


def render_text(text: str) -> DiscordReply:
    """A one-line answer (an error, an expired button) as a reply without buttons."""
    return render_reply(text_reply(text), "", b"")
