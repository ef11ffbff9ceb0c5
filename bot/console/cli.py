"""`whatsworking chat`, `ask` and `chart`: the console front-end, a one-shot turn, any chart.

This module lives outside ``bot.cli`` on purpose: that package imports every sub-command (the
Telegram, Discord and HTTP stacks, the simulator with scipy), which costs seconds, while a
one-shot `ask` must start fast. ``bot.entry`` runs these commands without importing ``bot.cli``;
``bot.cli`` registers the same functions so `whatsworking --help` lists them.

The console is linked to the chosen creator as a chat identity of its own, so the agent resolves
it like any Telegram or Discord account. The agent and matplotlib load on first use.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.bootstrap import App, bootstrap
from bot.settings import load_settings
from context.reply import ChatRequest
from storage.creators import link_identity, resolve_creator

CHANNEL = "console"  # the IdentityKind of console chats
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL (overrides WHATSWORKING_DATABASE_URL).", show_default=False
    ),
]
CreatorOption = Annotated[
    str | None,
    typer.Option(
        "--creator", help="Creator handle (default: the only creator).", show_default=False
    ),
]
ChartsDirOption = Annotated[
    Path | None,
    typer.Option("--charts-dir", help="Where charts are saved (default: the user data dir)."),
]
WebOption = Annotated[
    bool,
    typer.Option(
        "--web/--no-web",
        help="Also serve the web dashboard on 127.0.0.1 and print a sign-in link to it.",
    ),
]
console = Console()


@contextmanager
def open_app(db_url: str | None) -> Iterator[App]:
    """Bootstrap the app for one command and close it afterwards."""
    app = bootstrap(load_settings(), database_url=db_url)
    try:
        yield app
    finally:
        app.close()


def console_identity(app: App, handle: str | None) -> str:
    """Link this console to the creator (default: the only one); returns its external id."""
    with app.db.unit_of_work() as session:
        creator = resolve_creator(session, handle)
        external_id = f"console-{creator.id.hex}"
        link_identity(session, creator, CHANNEL, external_id, external_id, now=app.clock.now())
    return external_id


def chat_command(
    creator: CreatorOption = None,
    db: DbOption = None,
    charts_dir: ChartsDirOption = None,
    web: WebOption = False,
) -> None:
    """Chat with the assistant in this terminal (numbers press buttons; 'quit' or EOF leaves)."""
    from bot.console.frontend import run_console

    with open_app(db) as wired:
        external_id = console_identity(wired, creator)
        agent = wired.agent()
        with web_pages(wired, creator) if web else contextlib.nullcontext():
            run_console(
                agent.handle, console=console, external_id=external_id, charts_dir=charts_dir
            )


@contextmanager
def web_pages(wired: App, handle: str | None) -> Iterator[None]:
    """The web dashboard on 127.0.0.1 while the chat runs, and a sign-in link to it."""
    from bot.api.server import serve_in_thread
    from bot.web.links import link_for
    from storage.web_sessions import issue_sign_in

    port = wired.settings.web_port
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(serve_in_thread(wired, port=port))
        except OSError:
            console.print(f"[yellow]Port {port} is busy: no web dashboard (WHATSWORKING_WEB_PORT).")
            yield
            return
        with wired.db.unit_of_work() as session:
            owner = resolve_creator(session, handle).id
            issued = issue_sign_in(session, owner, now=wired.clock.now())
        link = link_for(issued, wired.settings)
        console.print(f"Web dashboard (this link works once): {link.url}", highlight=False)
        yield


def ask_command(
    text: Annotated[str, typer.Argument(help='What to ask, e.g. "what\'s working?"')],
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the reply model as JSON.")] = False,
    charts_dir: ChartsDirOption = None,
) -> None:
    """Ask one question and print the answer (--json prints the reply model)."""
    with open_app(db) as wired:
        external_id = console_identity(wired, creator)
        request = ChatRequest(CHANNEL, external_id, chat_id=external_id, text=text)
        reply = wired.agent().handle(request)
    if json_:
        # The account key is for front-ends that sign buttons; ids stay internal.
        model = {k: v for k, v in asdict(reply).items() if k != "account_key"}
        typer.echo(json.dumps(model, indent=2, ensure_ascii=False))
        return
    from bot.console.frontend import render_reply

    if reply.chart is not None and charts_dir is None:
        # Drawing costs a second of matplotlib start-up: a one-shot answer draws only when asked.
        console.print(
            f"(This answer has a {reply.chart.kind} chart: add --charts-dir DIR to save it.)"
        )
        reply = replace(reply, chart=None)
    render_reply(reply, console, charts_dir=charts_dir)


def chart_command(
    kind: Annotated[str, typer.Argument(help="score_distribution, top_bottom, theme_bars, …")],
    out: Annotated[Path, typer.Option("--out", help="The PNG file to write.")],
    piece: Annotated[
        int | None, typer.Option("--piece", help="The piece (growth chart).", min=1)
    ] = None,
    creator: CreatorOption = None,
    db: DbOption = None,
) -> None:
    """Render one chart of the creator's data to a PNG file."""
    from bot.charts.render import save_chart
    from context.chart_data import chart_for

    with open_app(db) as wired, wired.db.read() as session:
        target = resolve_creator(session, creator)
        spec = chart_for(
            session, target.id, kind.strip().lower(), now=wired.clock.now(), piece=piece
        )
    path = save_chart(spec, out)
    console.print(f"Chart saved to {path}")


def register(app: typer.Typer) -> None:
    """Add chat, ask and chart to a command line."""
    app.command("chat")(chat_command)
    app.command("ask")(ask_command)
    app.command("chart")(chart_command)


def console_app() -> typer.Typer:
    """A command line with only these commands (what ``bot.entry`` runs them with)."""
    app = typer.Typer(name="whatsworking", pretty_exceptions_enable=False, add_completion=False)
    register(app)
    return app
