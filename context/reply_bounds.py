"""Every reply bounded before a front-end sees it: each field capped, the whole at a few messages.

A title may be long (imports allow 1,000 characters, older data more) and a list may be long;
neither may turn one question into dozens of chat messages. Past ``MAX_REPLY_CHARS`` the rest of
the blocks are left out with a line saying how many, so the buttons (next page, a piece's
details) carry the reader on. Front-ends then lay out at most a few messages of it.
"""

from __future__ import annotations

from dataclasses import replace

from context.reply import Block, BulletList, ContentRef, Headline, Paragraph, Reply, Table

# About two Telegram messages (4,096) or Discord embeds (4,096 in a description).
MAX_REPLY_CHARS = 8_000
MAX_LINE_CHARS = 300  # a headline, a title, a bullet, a table cell
MAX_PARAGRAPH_CHARS = 3_000
MORE = "… and {n} more not shown here."


def bounded(reply: Reply) -> Reply:
    """``reply`` with every text capped and at most ``MAX_REPLY_CHARS`` of blocks."""
    kept: list[Block] = []
    budget = MAX_REPLY_CHARS
    for position, block in enumerate(reply.blocks):
        short = _capped(block)
        size = _size(short)
        if size > budget and kept:
            left = len(reply.blocks) - position
            kept.append(Paragraph(MORE.format(n=left)))
            break
        kept.append(short)
        budget -= size
    notice = _cut(reply.notice, MAX_LINE_CHARS) if reply.notice else reply.notice
    return replace(reply, blocks=tuple(kept), notice=notice)


def _capped(block: Block) -> Block:
    if isinstance(block, Headline):
        return Headline(_cut(block.text, MAX_LINE_CHARS))
    if isinstance(block, Paragraph):
        return Paragraph(_cut(block.text, MAX_PARAGRAPH_CHARS))
    if isinstance(block, BulletList):
        return BulletList(tuple(_cut(item, MAX_LINE_CHARS) for item in block.items))
    if isinstance(block, Table):
        rows = tuple(tuple(_cut(cell, MAX_LINE_CHARS) for cell in row) for row in block.rows)
        return Table(tuple(_cut(c, MAX_LINE_CHARS) for c in block.columns), rows)
    return replace(
        block, title=_cut(block.title, MAX_LINE_CHARS), detail=_cut(block.detail, MAX_LINE_CHARS)
    )


def _size(block: Block) -> int:
    if isinstance(block, Headline | Paragraph):
        return len(block.text) + 1
    if isinstance(block, BulletList):
        return sum(len(item) + 3 for item in block.items)
    if isinstance(block, Table):
        return sum(sum(len(cell) + 3 for cell in row) for row in (block.columns, *block.rows))
    assert isinstance(block, ContentRef)
    return len(block.title) + len(block.detail) + 20


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
