"""Discord's markup for the shared layout engine: escaped markdown in embed descriptions.

Every piece of creator or platform text is cleaned (no control characters or lone surrogates),
its markdown escaped and its mentions neutralised before it meets our own formatting. A line is
balanced markdown on its own, so descriptions are cut on line boundaries only; a table is a code
block that is closed at the end of a description and reopened in the next. Sizes are counted in
UTF-16 code units of the markdown sent, which is never less than the characters Discord counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from discord.utils import escape_markdown, escape_mentions

from bot.chat.layout import Line, Span
from bot.chat.text import clean_text, utf16_len

FENCE = "```"
ZWSP = "\u200b"
# Discord markup that escape_markdown leaves alone: channel, emoji, timestamp and command tags,
# and an ordered-list number at the start of a line.
_TAGS = re.compile(r"<(?=[@#:/]|a:|t:)")
_ORDERED = re.compile(r"^(\s*\d+)\.(?=\s)", re.MULTILINE)
_MARKS = {"bold": "**", "italic": "_"}


def escape(text: str) -> str:
    """Creator text as literal Discord markdown: no formatting, links, mentions or tags."""
    escaped = escape_mentions(escape_markdown(clean_text(text)))
    return _ORDERED.sub(r"\1\\.", _TAGS.sub("<" + ZWSP, escaped))


def span_markdown(span: Span) -> str:
    """The span as escaped markdown, between its marks when styled."""
    escaped = escape(span.text)
    mark = _MARKS.get(span.style)
    return f"{mark}{escaped}{mark}" if mark and span.text.strip() else escaped


class DiscordMarkdown:
    """Lines as Discord markdown; a line's size is the markdown sent (marks and escapes too)."""

    block_overhead = 2 * len(FENCE + "\n")

    def line(self, line: Line) -> str:
        """The line as markdown (code lines verbatim, without the fence)."""
        if line.block:
            return line.plain.replace("`", "ˋ")
        return "".join(span_markdown(s) for s in line.spans)

    def size(self, line: Line) -> int:
        """UTF-16 code units of the line's markdown."""
        return utf16_len(self.line(line))

    def wrap(self, rows: Sequence[str]) -> str:
        """Table rows in one code block."""
        return FENCE + "\n" + "\n".join(rows) + "\n" + FENCE


MARKDOWN = DiscordMarkdown()
