"""Titles that break naive renderers: markdown, mentions, emoji, right-to-left text, length."""

from __future__ import annotations

import re

from bot.discord.layout import ZWSP

HOSTILE_TITLES = (
    "🔥🔥 My **best** video ever 👩‍👩‍👧‍👦 👍🏽",
    "@everyone look @here <@&123456789012345678> <@123456789012345678> <#123456789012345678>",
    "مرحبا بالعالم — أفضل فيديو لهذا العام",
    "__under__ ~~strike~~ ||spoiler|| `code` ```fence``` [link](https://evil.example) *x*",
    "> quote\n# heading\n- list\n1. ordered",
    "back\\slash and <t:1700000000:R> and </top:1234>",
    "lone \ud800 surrogate \x00 and \x1b control",
    "Longest title ever " + "word " * 200,
    "🙂" * 1000,
)
MARKDOWN_ESCAPE = re.compile(r"\\([*_~|`>#\-\[\]()\\.])")


def unescape(text: str) -> str:
    """What a reader sees of escaped text: escapes and zero-width spaces removed."""
    return MARKDOWN_ESCAPE.sub(r"\1", text).replace(ZWSP, "")
