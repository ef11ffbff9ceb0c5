"""Titles that break naive Telegram renderers, and helpers to check rendered replies."""

from __future__ import annotations

from bot.telegram_render import TelegramReply
from tests.fakes.telegram_rules import ParsedText, check_caption, check_message_text

HOSTILE_TITLES = (
    "🔥 My BEST video ever 👩‍👩‍👧‍👦🏳️‍🌈",
    "<script>alert('x')</script>",
    "Tom &amp; Jerry & friends &lt;3 &#x1F600; &nbsp;",
    "</b></i></pre><b>unclosed",
    "Quote \"this\" and 'that' > <",
    "كيف تصنع محتوى ناجح 123 ✨",
    "שלום עולם — video 2",
    "a" * 1000,
    "Zalgo z̷̢̛a̶̡l̵g̸o̴ ñ",
    "tab\there\x00nul\x07bell\u200bzwsp",
    "line one\nline two\r\nline three",
    "💩" * 600,
)


def squash(text: str) -> str:
    """Text without whitespace or invisible format characters, to compare content across splits."""
    dropped = {"\u2068", "\u2069", "\u200b"}
    return "".join(ch for ch in "".join(text.split()) if ch not in dropped and ch >= " ")


def parsed_parts(rendered: TelegramReply) -> list[ParsedText]:
    """Every part checked by the rules the test server enforces; what the user would see."""
    seen: list[ParsedText] = []
    for part in rendered.parts:
        if part.kind == "photo":
            caption = check_caption(part.html, rendered.parse_mode)
            seen.append(caption or ParsedText(""))
        else:
            seen.append(check_message_text(part.html, rendered.parse_mode))
    return seen


def visible(rendered: TelegramReply) -> str:
    """Everything the user would read, message after message."""
    return "\n".join(p.text for p in parsed_parts(rendered))
