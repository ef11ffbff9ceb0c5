"""Lay reply blocks out as Discord markdown and pack them into embed descriptions.

Every piece of creator or platform text is cleaned (no control characters or lone surrogates),
its markdown escaped and its mentions neutralised before it meets our own formatting. A line is
balanced markdown on its own, so descriptions are cut on line boundaries only; a table is a code
block that is closed at the end of a description and reopened in the next. Sizes are counted in
UTF-16 code units, which is never less than the characters Discord counts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from discord.utils import escape_markdown, escape_mentions

from bot.chat.text import FSI, PDI, aligned_table_rows, clean_text, one_line
from bot.chat.text import utf16_len as size
from context.reply import Block, BulletList, ContentRef, Headline, Paragraph, Table

FENCE = "```"
ZWSP = "\u200b"
# Discord markup that escape_markdown leaves alone: channel, emoji, timestamp and command tags,
# and an ordered-list number at the start of a line.
_TAGS = re.compile(r"<(?=[@#:/]|a:|t:)")
_ORDERED = re.compile(r"^(\s*\d+)\.(?=\s)", re.MULTILINE)
Style = Literal["plain", "bold", "italic"]


def escape(text: str) -> str:
    """Creator text as literal Discord markdown: no formatting, links, mentions or tags."""
    escaped = escape_mentions(escape_markdown(clean_text(text)))
    return _ORDERED.sub(r"\1\\.", _TAGS.sub("<" + ZWSP, escaped))


@dataclass(frozen=True)
class Span:
    """Plain text with one style."""

    text: str
    style: Style = "plain"

    @property
    def markdown(self) -> str:
        """The span as escaped markdown."""
        escaped = escape(self.text)
        if not self.text.strip() or self.style == "plain":
            return escaped
        mark = "**" if self.style == "bold" else "_"
        return f"{mark}{escaped}{mark}"


@dataclass(frozen=True)
class Line:
    """One line of a description; ``code`` lines are shown in a code block."""

    spans: tuple[Span, ...] = ()
    code: bool = False

    @property
    def plain(self) -> str:
        """What the reader sees."""
        return "".join(s.text for s in self.spans)

    @property
    def markdown(self) -> str:
        """The line as markdown (code lines verbatim, without the fence)."""
        if self.code:
            return self.plain.replace("`", "ˋ")
        return "".join(s.markdown for s in self.spans)

    @property
    def blank(self) -> bool:
        """True when the line shows nothing."""
        return not self.plain.strip()


BLANK = Line()


def text_lines(text: str, style: Style = "plain", prefix: str = "") -> list[Line]:
    """Text as lines of one style; ``prefix`` starts the first line, indentation the others."""
    first, *rest = clean_text(text).split("\n")
    head = (Span(prefix),) if prefix else ()
    lines = [Line((*head, Span(first, style)))]
    indent = (Span(" " * len(prefix)),) if prefix else ()
    return lines + [Line((*indent, Span(part, style))) for part in rest]


def block_lines(block: Block) -> list[Line]:
    """One block as lines."""
    if isinstance(block, Headline):
        return text_lines(block.text, "bold")
    if isinstance(block, Paragraph):
        return text_lines(block.text)
    if isinstance(block, BulletList):
        return [line for item in block.items for line in text_lines(item, prefix="• ")]
    if isinstance(block, Table):
        return table_lines(block)
    return [content_ref_line(block)]


def content_ref_line(ref: ContentRef) -> Line:
    """``#12 YouTube · Title — detail`` with the number bold and the title isolated."""
    spans = [Span(f"#{ref.number}", "bold"), Span(f" {one_line(ref.platform)} · ")]
    spans.append(Span(f"{FSI}{one_line(ref.title)}{PDI}"))
    if ref.detail:
        spans.append(Span(f" — {one_line(ref.detail)}"))
    return Line(tuple(spans))


def table_lines(table: Table) -> list[Line]:
    """A table as aligned code lines: header, rule, rows; numeric columns right-aligned."""
    return [Line((Span(r),), code=True) for r in aligned_table_rows(table)]


def reply_lines(blocks: Iterable[Block], notice: str | None = None) -> list[Line]:
    """Blocks as lines, a blank line between blocks (not between consecutive content refs)."""
    lines = text_lines(notice, "italic") if notice else []
    previous: Block | None = None
    for block in blocks:
        if lines and not (isinstance(block, ContentRef) and isinstance(previous, ContentRef)):
            lines.append(BLANK)
        lines.extend(block_lines(block))
        previous = block
    return lines


def assemble(lines: Sequence[Line]) -> str:
    """Lines as one description, consecutive code lines fenced together."""
    parts: list[str] = []
    run: list[str] = []
    for line in [*lines, BLANK]:
        if line.code:
            run.append(line.markdown)
            continue
        if run:
            parts.append(FENCE + "\n" + "\n".join(run) + "\n" + FENCE)
            run = []
        parts.append(line.markdown)
    return "\n".join(parts[:-1])


def split_line(line: Line, limit: int) -> tuple[Line, Line]:
    """Cut a line so its head renders within ``limit``: at a space if one is near."""
    plain = line.plain
    low, high = 1, len(plain)
    while low < high:  # the longest head that fits (rendered size grows with the cut)
        middle = (low + high + 1) // 2
        if size(assemble([_slice(line, 0, middle)])) <= limit:
            low = middle
        else:
            high = middle - 1
    cut = low
    while 0 < cut < len(plain) and _joins(plain[cut]):
        cut -= 1
    space = plain.rfind(" ", 0, cut)
    cut = space + 1 if space > cut // 2 else cut or low
    return _slice(line, 0, cut), _slice(line, cut, len(plain))


def _joins(char: str) -> bool:
    """True for a character that belongs to the one before it (joiners, marks, skin tones)."""
    glue = char in "\u200d\ufe0e\ufe0f" or bool(unicodedata.combining(char))
    return glue or "\U0001f3fb" <= char <= "\U0001f3ff" or "\udc00" <= char <= "\udfff"


def _slice(line: Line, start: int, stop: int) -> Line:
    spans: list[Span] = []
    offset = 0
    for span in line.spans:
        lo, hi = max(start - offset, 0), min(stop - offset, len(span.text))
        if lo < hi:
            spans.append(Span(span.text[lo:hi], span.style))
        offset += len(span.text)
    return Line(tuple(spans), line.code)


def pack(lines: Sequence[Line], first_limit: int, limit: int) -> list[str]:
    """Descriptions of at most ``first_limit`` (the first) and ``limit`` (the rest) units."""
    chunks: list[list[Line]] = []
    current: list[Line] = []
    budget = first_limit
    pending = list(reversed(_trim(list(lines))))
    while pending:
        line = pending.pop()
        if size(assemble([*current, line])) <= budget:
            current.append(line)
        elif current:
            chunks.append(_trim(current))
            current, budget = [], limit
            pending.append(line)
        else:
            head, tail = split_line(line, budget)
            current = [head]
            pending.append(tail)
    chunks.append(_trim(current))
    return [assemble(chunk) for chunk in chunks if chunk]


def _trim(chunk: list[Line]) -> list[Line]:
    start, stop = 0, len(chunk)
    while start < stop and chunk[start].blank and not chunk[start].code:
        start += 1
    while stop > start and chunk[stop - 1].blank and not chunk[stop - 1].code:
        stop -= 1
    return chunk[start:stop]
