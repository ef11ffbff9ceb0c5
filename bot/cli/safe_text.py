"""Text a creator, a platform or a stranger wrote, made safe to print in a terminal.

Rich reads ``[...]`` as markup (``[/]Eve`` would crash a table) and a terminal obeys escape
sequences; so every displayed name, title, theme or insight goes through ``shown``.
"""

from __future__ import annotations

import unicodedata

from rich.markup import escape

_REPLACEMENT = "\ufffd"


def shown(text: str | None) -> str:
    """``text`` with control characters (escape sequences included) replaced and markup escaped."""
    if not text:
        return ""
    return escape("".join(_printable(ch) for ch in text))


def _printable(ch: str) -> str:
    if ch == " " or unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"):
        return ch
    return _REPLACEMENT
