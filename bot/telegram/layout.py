"""Telegram's markup for the shared layout engine: HTML, sized as Telegram counts it.

Every line is balanced HTML on its own (a tag never spans two lines; ``<pre>`` lines are grouped
when a message is assembled), so splitting on line boundaries can never cut a tag or an entity.
Sizes are counted as Telegram counts them: UTF-16 code units of the text after entity parsing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot.chat.layout import Line, Span
from bot.chat.text import utf16_len

_TAGS = {"bold": "b", "italic": "i"}


class TelegramHtml:
    """Lines as Telegram HTML; a line's size is its visible text (tags are not counted)."""

    block_overhead = 0

    def line(self, line: Line) -> str:
        """The line as escaped HTML (without the ``<pre>`` wrapper)."""
        return "".join(span_html(s) for s in line.spans)

    def size(self, line: Line) -> int:
        """Length after entity parsing, in UTF-16 code units."""
        return utf16_len(line.plain)

    def wrap(self, rows: Sequence[str]) -> str:
        """Table rows in one monospace block."""
        return "<pre>" + "\n".join(rows) + "</pre>"


def span_html(span: Span) -> str:
    """The span as escaped HTML, in its tag when styled."""
    escaped = html.escape(span.text)
    tag = _TAGS.get(span.style)
    return f"<{tag}>{escaped}</{tag}>" if tag and span.text else escaped


HTML = TelegramHtml()
