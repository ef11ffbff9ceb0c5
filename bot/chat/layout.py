"""The one layout engine both chat services use: reply blocks as lines, packed into messages.

A line is balanced markup on its own, so messages are cut on line boundaries only; a run of
block lines (a table) is wrapped together when a message is assembled. What differs per
service — how a span is written, how a line is measured, what wraps a block — is a ``Markup``
(``bot/telegram/layout.py``: HTML; ``bot/discord/layout.py``: markdown).

A line longer than a whole message is cut into pieces in one pass: each piece is searched for
within the next ``limit`` characters only (a character never measures less than one unit), so
the work grows linearly with the text, never with its square.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from bot.chat.text import FSI, PDI, aligned_table_rows, clean_text, one_line
from context.reply import Block, BulletList, ContentRef, Headline, Paragraph, Table

Style = Literal["plain", "bold", "italic"]
_GLUE = frozenset({"\u200d", "\ufe0e", "\ufe0f"})


@dataclass(frozen=True)
class Span:
    """Plain text with one style."""

    text: str
    style: Style = "plain"


@dataclass(frozen=True)
class Line:
    """One line of a message; ``block`` lines are monospace (a table) and wrapped together."""

    spans: tuple[Span, ...] = ()
    block: bool = False

    @property
    def plain(self) -> str:
        """What the reader sees."""
        return "".join(s.text for s in self.spans)

    @property
    def blank(self) -> bool:
        """True when the line shows nothing."""
        return not self.plain.strip()


BLANK = Line()


class Markup(Protocol):
    """How one chat service writes lines and counts their size."""

    @property
    def block_overhead(self) -> int:
        """Units the wrapper of a run of block lines adds to a message."""
        ...

    def line(self, line: Line) -> str:
        """The line written in this markup (a block line without its wrapper)."""
        ...

    def size(self, line: Line) -> int:
        """The units the service counts for this line towards a message's limit."""
        ...

    def wrap(self, rows: Sequence[str]) -> str:
        """A run of written block lines inside its wrapper."""
        ...


def text_lines(text: str, style: Style = "plain", prefix: str = "") -> list[Line]:
    """Text as lines of one style; ``prefix`` starts the first line, indentation the others."""
    first, *rest = clean_text(text).split("\n")
    head = (Span(prefix),) if prefix else ()
    indent = (Span(" " * len(prefix)),) if prefix else ()
    return [Line((*head, Span(first, style)))] + [Line((*indent, Span(p, style))) for p in rest]


def block_lines(block: Block) -> list[Line]:
    """One block as lines."""
    if isinstance(block, Headline):
        return text_lines(block.text, "bold")
    if isinstance(block, Paragraph):
        return text_lines(block.text)
    if isinstance(block, BulletList):
        return [line for item in block.items for line in text_lines(item, prefix="• ")]
    if isinstance(block, Table):
        return [Line((Span(r),), block=True) for r in aligned_table_rows(block)]
    return [content_ref_line(block)]


def content_ref_line(ref: ContentRef) -> Line:
    """``#12 youtube · Title — detail`` with the number bold and the title isolated."""
    spans = [Span(f"#{ref.number}", "bold"), Span(f" {one_line(ref.platform)} · ")]
    spans.append(Span(f"{FSI}{one_line(ref.title)}{PDI}"))
    if ref.detail:
        spans.append(Span(f" — {one_line(ref.detail)}"))
    return Line(tuple(spans))


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


def assemble(lines: Sequence[Line], markup: Markup) -> str:
    """Lines as one message, consecutive block lines wrapped together."""
    parts: list[str] = []
    run: list[str] = []
    for line in lines:
        if line.block:
            run.append(markup.line(line))
            continue
        if run:
            parts.append(markup.wrap(run))
            run = []
        parts.append(markup.line(line))
    if run:
        parts.append(markup.wrap(run))
    return "\n".join(parts)


def pack(lines: Sequence[Line], first_limit: int, limit: int, markup: Markup) -> list[list[Line]]:
    """Lines in messages: the first at most ``first_limit`` units, the others ``limit``.

    There is always at least one message (an empty one when nothing fits or nothing is given).
    """
    packer = _Packer(markup, first_limit, limit)
    for line in _trim(list(lines)):
        packer.add(line)
    return packer.finish()


@dataclass
class _Packer:
    markup: Markup
    first_limit: int
    limit: int
    chunks: list[list[Line]] = field(default_factory=list)
    current: list[Line] = field(default_factory=list)
    used: int = 0

    @property
    def budget(self) -> int:
        return self.limit if self.chunks else self.first_limit

    def add(self, line: Line) -> None:
        if len(line.plain) > self.budget:  # too long for any message: measured piece by piece
            self._cut(line)
            return
        size = self.markup.size(line)
        if self.current and not self._put_if_fits(line, size):
            self._close()
        if not self.current and not self._put_if_fits(line, size):
            self._cut(line)

    def _cost(self, line: Line, size: int) -> int:
        opens_block = line.block and not (self.current and self.current[-1].block)
        wrapper = self.markup.block_overhead if opens_block else 0
        return size + (1 if self.current else 0) + wrapper

    def _put_if_fits(self, line: Line, size: int) -> bool:
        cost = self._cost(line, size)
        if self.used + cost > self.budget:
            return False
        self.current.append(line)
        self.used += cost
        return True

    def _cut(self, line: Line) -> None:
        """Pieces of a line too long for an empty message, each filling a message."""
        plain, start = line.plain, 0
        while start < len(plain):
            if len(plain) - start <= self.budget - self.used:  # the rest may fit as it is
                rest = _slice(line, start, len(plain))
                if self._put_if_fits(rest, self.markup.size(rest)):
                    return
            if self.current:
                self._close()
                continue
            stop = cut_point(line, plain, start, self.budget, self.markup)
            head = _slice(line, start, stop)
            if not self._put_if_fits(head, self.markup.size(head)):
                self.current, self.used = [head], self.budget  # one character over: sent anyway
            start = stop

    def _close(self) -> None:
        self.chunks.append(_trim(self.current))
        self.current, self.used = [], 0

    def finish(self) -> list[list[Line]]:
        self.chunks.append(_trim(self.current))
        return self.chunks


def cut_point(line: Line, plain: str, start: int, limit: int, markup: Markup) -> int:
    """Where the piece of ``line`` from ``start`` ends so it measures within ``limit``: at a
    space if one is in its second half, never inside an emoji or before a combining mark."""
    cut = start + _longest_head(line, start, min(len(plain) - start, limit), limit, markup)
    low = cut
    while start < cut < len(plain) and (_joins(plain[cut]) or plain[cut - 1] in _GLUE):
        cut -= 1
    space = plain.rfind(" ", start, cut)
    if space - start > (cut - start) // 2:
        cut = space + 1
    return cut if cut > start else low


def _longest_head(line: Line, start: int, most: int, limit: int, markup: Markup) -> int:
    """The most characters from ``start`` that measure within ``limit`` (at least one).

    Guesses in proportion to the size measured, and never looks past what could still fit (a
    character measures at least one unit), so a piece takes a few measurements, not ~log2.
    """
    low, high, guess = 1, most, most
    for probe in range(64):
        if low >= high:
            break
        size = markup.size(_slice(line, start, start + guess))
        if size <= limit:
            low, high = guess, min(high, guess + limit - size)
        else:
            high = guess - 1
        proportional = guess * limit // max(size, 1) if probe < 6 else (low + high + 1) // 2
        guess = max(low + 1, min(high, proportional))
    return low


def _joins(char: str) -> bool:
    """True for a character that belongs to the one before it (joiners, marks, skin tones)."""
    glue = char in _GLUE or bool(unicodedata.combining(char))
    return glue or "\U0001f3fb" <= char <= "\U0001f3ff" or "\udc00" <= char <= "\udfff"


def _slice(line: Line, start: int, stop: int) -> Line:
    spans: list[Span] = []
    offset = 0
    for span in line.spans:
        lo, hi = max(start - offset, 0), min(stop - offset, len(span.text))
        if lo < hi:
            spans.append(Span(span.text[lo:hi], span.style))
        offset += len(span.text)
    return Line(tuple(spans), line.block)


def _trim(chunk: list[Line]) -> list[Line]:
    start, stop = 0, len(chunk)
    while start < stop and chunk[start].blank and not chunk[start].block:
        start += 1
    while stop > start and chunk[stop - 1].blank and not chunk[stop - 1].block:
        stop -= 1
    return chunk[start:stop]
