"""Lay reply blocks out as lines of Telegram HTML and pack them into size-limited messages.

Every line is balanced HTML on its own (a tag never spans two lines; ``<pre>`` lines are grouped
when a message is assembled), so splitting on line boundaries can never cut a tag or an entity.
Sizes are counted as Telegram counts them: UTF-16 code units of the text after entity parsing.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.chat.text import (
    FSI,
    PDI,
    aligned_table_rows,
    clean_text,
    one_line,
    utf16_len,
)
from context.reply import Block, BulletList, ContentRef, Headline, Paragraph, Table

_GLUE = frozenset({"\u200d", "\ufe0e", "\ufe0f"})


@dataclass(frozen=True)
class Span:
    """Plain text with at most one formatting tag (``b`` or ``i``)."""

    text: str
    tag: str | None = None

    @property
    def html(self) -> str:
        """The span as escaped HTML."""
        escaped = html.escape(self.text)
        return f"<{self.tag}>{escaped}</{self.tag}>" if self.tag and self.text else escaped


@dataclass(frozen=True)
class Line:
    """One line of a message; ``pre`` lines are shown in a monospace block."""

    spans: tuple[Span, ...] = ()
    pre: bool = False

    @property
    def plain(self) -> str:
        """What the user sees."""
        return "".join(s.text for s in self.spans)

    @property
    def size(self) -> int:
        """Length after entity parsing, in UTF-16 code units."""
        return utf16_len(self.plain)

    @property
    def html(self) -> str:
        """The line as escaped HTML (without the ``<pre>`` wrapper)."""
        return "".join(s.html for s in self.spans)

    @property
    def blank(self) -> bool:
        """True when the line shows nothing."""
        return not self.plain.strip()


BLANK = Line()


def notice_lines(notice: str) -> list[Line]:
    """The notice as italic lines."""
    return [Line((Span(part, "i"),)) for part in clean_text(notice).split("\n")]


def block_lines(block: Block) -> list[Line]:
    """One block as lines."""
    if isinstance(block, Headline):
        return [Line((Span(part, "b"),)) for part in clean_text(block.text).split("\n")]
    if isinstance(block, Paragraph):
        return [Line((Span(part),)) for part in clean_text(block.text).split("\n")]
    if isinstance(block, BulletList):
        return [line for item in block.items for line in _bullet_lines(item)]
    if isinstance(block, Table):
        return table_lines(block)
    return [content_ref_line(block)]


def _bullet_lines(item: str) -> list[Line]:
    first, *rest = clean_text(item).split("\n")
    return [Line((Span("• "), Span(first)))] + [Line((Span("  "), Span(p))) for p in rest]


def content_ref_line(ref: ContentRef) -> Line:
    """``#12 youtube · Title — detail`` with the number bold and the title isolated."""
    spans = [Span(f"#{ref.number}", "b"), Span(f" {one_line(ref.platform)} · ")]
    spans.append(Span(f"{FSI}{one_line(ref.title)}{PDI}"))
    if ref.detail:
        spans.append(Span(f" — {one_line(ref.detail)}"))
    return Line(tuple(spans))


def table_lines(table: Table) -> list[Line]:
    """A table as aligned monospace lines inside <pre>."""
    return [Line((Span(r),), pre=True) for r in aligned_table_rows(table)]


def reply_lines(blocks: Iterable[Block], notice: str | None) -> list[Line]:
    """Every block as lines, a blank line between blocks (not between consecutive content refs)."""
    lines = notice_lines(notice) if notice else []
    previous: Block | None = None
    for block in blocks:
        together = isinstance(block, ContentRef) and isinstance(previous, ContentRef)
        if lines and not together:
            lines.append(BLANK)
        lines.extend(block_lines(block))
        previous = block
    return lines


def split_line(line: Line, limit: int) -> tuple[Line, Line]:
    """Cut a line so the head fits ``limit``: at a space if one is near, never inside an emoji."""
    plain = line.plain
    cut = 0
    used = 0
    while cut < len(plain) and used + utf16_len(plain[cut]) <= limit:
        used += utf16_len(plain[cut])
        cut += 1
    hard = max(cut, 1)
    while 0 < cut < len(plain) and (_joins(plain[cut]) or plain[cut - 1] in _GLUE):
        cut -= 1
    space = plain.rfind(" ", 0, cut)
    if space > limit // 2:
        cut = space + 1
    cut = cut or hard
    return _slice(line, 0, cut), _slice(line, cut, len(plain))


def _joins(char: str) -> bool:
    return (
        char in _GLUE or bool(unicodedata.combining(char)) or "\U0001f3fb" <= char <= "\U0001f3ff"
    )


def _slice(line: Line, start: int, stop: int) -> Line:
    spans: list[Span] = []
    offset = 0
    for span in line.spans:
        lo, hi = max(start - offset, 0), min(stop - offset, len(span.text))
        if lo < hi:
            spans.append(Span(span.text[lo:hi], span.tag))
        offset += len(span.text)
    return Line(tuple(spans), line.pre)


def assemble(lines: Sequence[Line]) -> str:
    """Lines as one message's HTML, consecutive ``pre`` lines grouped into one block."""
    parts: list[str] = []
    run: list[str] = []
    for line in lines:
        if line.pre:
            run.append(line.html)
            continue
        if run:
            parts.append("<pre>" + "\n".join(run) + "</pre>")
            run = []
        parts.append(line.html)
    if run:
        parts.append("<pre>" + "\n".join(run) + "</pre>")
    return "\n".join(parts)


def pack(lines: Sequence[Line], first_limit: int, limit: int) -> list[list[Line]]:
    """Pack lines into chunks: the first at most ``first_limit`` long, the others ``limit``."""
    chunks: list[list[Line]] = []
    current: list[Line] = []
    size, budget = 0, first_limit
    pending = list(reversed(lines))
    while pending:
        line = pending.pop()
        cost = line.size + (1 if current else 0)
        if size + cost <= budget:
            current.append(line)
            size += cost
            continue
        if not current:
            head, tail = split_line(line, budget)
            current, size = [head], head.size
            pending.append(tail)
            continue
        chunks.append(current)
        current, size, budget = [], 0, limit
        pending.append(line)
    chunks.append(current)
    return [_trim(chunk) for chunk in chunks]


def _trim(chunk: list[Line]) -> list[Line]:
    start, stop = 0, len(chunk)
    while start < stop and chunk[start].blank:
        start += 1
    while stop > start and chunk[stop - 1].blank:
        stop -= 1
    return chunk[start:stop]
