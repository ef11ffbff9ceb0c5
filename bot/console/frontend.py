"""The console front-end: rich rendering of neutral replies, and a REPL that makes requests.

It only translates: text or a chosen number in, a ChatRequest out; a Reply in, rich output back.
Everything (input, console, chart folder, the turn handler) is injected so tests drive it
with scripted input.
"""

from __future__ import annotations

import logging
import unicodedata
import uuid
from collections.abc import Callable
from pathlib import Path

import platformdirs
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from bot.settings import APP_NAME
from context.reply import (
    Action,
    Block,
    BulletList,
    ChartSpec,
    ChatRequest,
    ContentRef,
    Headline,
    Paragraph,
    Reply,
    Table,
)
from storage.errors import DomainError

logger = logging.getLogger(__name__)
CHANNEL = "console"
QUIT_WORDS = frozenset({"quit", "exit", "/quit", "/exit", "q"})
PROMPT = "you> "
HINT = "Type a message, a number to press a button, or 'quit' to leave."
TURN_FAILED = "Something went wrong on our side; please try again."
_KEPT_FORMAT_CHARS = frozenset({"\u200c", "\u200d"})

TurnHandler = Callable[[ChatRequest], Reply]
InputFn = Callable[[str], str]


def default_charts_dir() -> Path:
    """The folder charts are written to when none is given: ``charts`` in the user data dir."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / "charts"


def printable(text: str) -> str:
    """Text with terminal escapes, control and bidi-override characters removed (keeps newlines)."""
    return "".join(ch for ch in text if ch in "\n\t" or _is_visible(ch))


def _is_visible(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category == "Cf":
        return ch in _KEPT_FORMAT_CHARS
    return category[0] != "C"


def render_block(block: Block) -> Text | RichTable:
    """One reply block as a rich renderable; creator text is never parsed as markup."""
    if isinstance(block, Headline):
        return Text(printable(block.text), style="bold")
    if isinstance(block, Paragraph):
        return Text(printable(block.text))
    if isinstance(block, BulletList):
        return Text("\n".join(f"• {printable(item)}" for item in block.items))
    if isinstance(block, Table):
        return _render_table(block)
    return _render_content_ref(block)


def _render_table(block: Table) -> RichTable:
    table = RichTable(show_header=True, header_style="bold")
    for column in block.columns:
        table.add_column(Text(printable(column)))
    for row in block.rows:
        table.add_row(*(Text(printable(cell)) for cell in row))
    return table


def _render_content_ref(block: ContentRef) -> Text:
    text = Text.assemble((f"#{block.number}", "bold cyan"), f" [{printable(block.platform)}] ")
    text.append(printable(block.title))
    if block.detail:
        text.append(f" — {printable(block.detail)}", style="dim")
    return text


def render_reply(reply: Reply, console: Console, *, charts_dir: Path | None = None) -> list[Action]:
    """Print a reply; returns the buttons' actions in the order they were numbered (1, 2, ...)."""
    if reply.notice:
        console.print(Text(printable(reply.notice), style="yellow"))
    for block in reply.blocks:
        console.print(render_block(block))
    if reply.chart is not None:
        _print_chart(reply.chart, console, charts_dir or default_charts_dir())
    actions = [button.action for button in reply.buttons]
    for number, button in enumerate(reply.buttons, start=1):
        console.print(Text.assemble((f"  [{number}] ", "bold magenta"), printable(button.label)))
    return actions


def _print_chart(spec: ChartSpec, console: Console, charts_dir: Path) -> None:
    from bot.charts.render import save_chart

    target = charts_dir / f"{spec.kind}-{uuid.uuid4().hex[:8]}.png"
    try:
        path = save_chart(spec, target)
    except (DomainError, OSError) as exc:
        console.print(Text(f"The chart could not be saved: {exc}", style="red"))
        return
    console.print(Text.assemble(("Chart saved to ", "dim"), str(path)))


def request_for(line: str, actions: list[Action], external_id: str) -> ChatRequest:
    """A bare number naming a shown button presses it; anything else is sent as text."""
    if line.isdigit() and 1 <= int(line) <= len(actions):
        return ChatRequest(CHANNEL, external_id, chat_id=external_id, action=actions[int(line) - 1])
    return ChatRequest(CHANNEL, external_id, chat_id=external_id, text=line)


def run_console(
    handle_turn: TurnHandler,
    *,
    input_fn: InputFn | None = None,
    console: Console | None = None,
    external_id: str = "console",
    charts_dir: Path | None = None,
) -> int:
    """Chat until quit, exit, EOF or Ctrl-C; returns the number of turns sent."""
    out = console or Console()
    read = input_fn or out.input
    out.print(Text(HINT, style="dim"))
    actions: list[Action] = []
    turns = 0
    while (line := _read_line(read)) is not None:
        if not line:
            continue
        if line.lower() in QUIT_WORDS:
            break
        reply = _take_turn(handle_turn, request_for(line, actions, external_id), out)
        turns += 1
        if reply is not None:  # after a failed turn the previous buttons stay pressable
            actions = render_reply(reply, out, charts_dir=charts_dir)
    return turns


def _read_line(read: InputFn) -> str | None:
    try:
        return read(PROMPT).strip()
    except (EOFError, KeyboardInterrupt):
        return None


def _take_turn(handle_turn: TurnHandler, request: ChatRequest, out: Console) -> Reply | None:
    try:
        return handle_turn(request)
    except DomainError as exc:
        out.print(Text(printable(str(exc)), style="red"))
    except Exception as exc:  # a front-end never shows a traceback to the person chatting
        logger.error("console turn failed: %s", type(exc).__name__)
        out.print(Text(TURN_FAILED, style="red"))
    return None
