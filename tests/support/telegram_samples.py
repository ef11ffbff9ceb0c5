"""Sample data for Telegram tests (hostile titles, a tiny PNG) and checks of rendered replies."""

from __future__ import annotations

import struct
import zlib

from bot.telegram.render import TelegramReply
from tests.support.fakes.telegram_rules import ParsedText, check_caption, check_message_text

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


def tiny_png(width: int = 3, height: int = 2) -> bytes:
    """A valid PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
