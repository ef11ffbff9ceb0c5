"""The neutral request and reply every front-end translates to and from.

Nothing here knows Telegram, Discord or the console. Text in blocks is plain text (it may contain
anything a creator or a platform wrote); each renderer escapes it for its own medium.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

ACTION_SEPARATOR = ":"
ARG_SEPARATOR = ","


@dataclass(frozen=True)
class Headline:
    """A short bold line at the top of a reply or a section."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """Running text."""

    text: str


@dataclass(frozen=True)
class BulletList:
    """Items shown one per line with a bullet."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A small table; renderers may fall back to aligned text."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ContentRef:
    """A reference to one of the creator's pieces, by its short number."""

    number: int
    title: str
    platform: str
    detail: str = ""


Block = Headline | Paragraph | BulletList | Table | ContentRef


@dataclass(frozen=True)
class Action:
    """What pressing a button asks for: a name and positional string arguments.

    Encoded compactly ("why:12", "tab:top,30d,all") so it fits Telegram's 64-byte callback data.
    """

    name: str
    args: tuple[str, ...] = ()

    def encode(self) -> str:
        """The compact string form used as callback data or a custom id."""
        if not self.args:
            return self.name
        return f"{self.name}{ACTION_SEPARATOR}{ARG_SEPARATOR.join(self.args)}"

    @classmethod
    def decode(cls, data: str) -> Action:
        """Parse the compact string form (the inverse of ``encode``)."""
        name, _, rest = data.partition(ACTION_SEPARATOR)
        args = tuple(rest.split(ARG_SEPARATOR)) if rest else ()
        return cls(name=name, args=args)


@dataclass(frozen=True)
class Button:
    """A labelled action; buttons with the same row number are laid out side by side."""

    label: str
    action: Action
    row: int = 0
    # A link button: front-ends open this address instead of sending the action back.
    url: str | None = None


@dataclass(frozen=True)
class ChartSpec:
    """Data for one chart; the edge renders it to PNG (bot/charts/render.py).

    kind is one of: score_distribution, top_bottom, theme_bars, platform_comparison,
    posting_heatmap, plan_progress. ``data`` holds plain lists and numbers only.
    """

    kind: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """What the agent answers: ordered blocks, buttons and an optional chart."""

    blocks: tuple[Block, ...] = ()
    buttons: tuple[Button, ...] = ()
    chart: ChartSpec | None = None
    # A one-line note shown before the answer, e.g. "The AI is unavailable right now."
    notice: str | None = None
    # True when the reply replaces the message that carried the pressed button (edit in place).
    edit_in_place: bool = False
    # The account the reply was made for (opaque text). Front-ends that sign their buttons use it
    # instead of looking the chat identity up again; None: they must look it up themselves.
    account_key: str | None = field(default=None, compare=False)

    def plain_text(self) -> str:
        """Every block as plain text, for logs-free tests, the console fallback and search."""
        return "\n".join(
            _block_text(b) for b in ((Paragraph(self.notice),) if self.notice else ()) + self.blocks
        )


def _block_text(block: Block) -> str:
    if isinstance(block, Headline | Paragraph):
        return block.text
    if isinstance(block, BulletList):
        return "\n".join(f"• {item}" for item in block.items)
    if isinstance(block, Table):
        lines = [" | ".join(block.columns)]
        lines += [" | ".join(row) for row in block.rows]
        return "\n".join(lines)
    suffix = f" — {block.detail}" if block.detail else ""
    return f"#{block.number} [{block.platform}] {block.title}{suffix}"


@dataclass(frozen=True)
class Attachment:
    """A file the creator sent (e.g. an analytics export to import)."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class ChatRequest:
    """One incoming turn: who sent it, from where, and text, a pressed button or a file."""

    channel: str  # "telegram" | "discord" | "console" | "api"
    external_id: str
    chat_id: str | None = None
    text: str | None = None
    action: Action | None = None
    display_name: str | None = None
    attachment: Attachment | None = None
    # (latitude, longitude) when the creator shared a location, e.g. to set their timezone.
    location: tuple[float, float] | None = None


class ChatAgent(Protocol):
    """What every front-end talks to: one request in, one reply out (synchronous domain call)."""

    def handle(self, request: ChatRequest) -> Reply:
        """Answer one turn; never raises for the creator's input, only returns a Reply."""
        ...


def text_reply(*paragraphs: str, headline: str | None = None) -> Reply:
    """A reply made of plain paragraphs, with an optional headline."""
    blocks: list[Block] = [Headline(headline)] if headline else []
    blocks.extend(Paragraph(p) for p in paragraphs)
    return Reply(blocks=tuple(blocks))
