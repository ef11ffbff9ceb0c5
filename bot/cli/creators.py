"""`whatsworking creators …`: add and list creators."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from bot.cli.common import DbOption, JsonOption, console, open_app, print_json
from bot.cli.safe_text import shown
from storage.creators import CreatorView, create_creator, list_creators, resolve_creator
from storage.linking import LINK_CODE_TTL, issue_link_code

app = typer.Typer(help="Manage creators.", no_args_is_help=True)


@app.command("add")
def add(
    handle: Annotated[str, typer.Argument(help="Short unique handle, e.g. 'mia'.")],
    timezone: Annotated[str, typer.Option(help="IANA timezone, e.g. Europe/Berlin.")] = "UTC",
    name: Annotated[str | None, typer.Option(help="Display name (default: the handle).")] = None,
    db: DbOption = None,
) -> None:
    """Add a creator."""
    with open_app(db) as wired, wired.db.unit_of_work() as session:
        creator = create_creator(
            session, handle, display_name=name, timezone=timezone, now=wired.clock.now()
        )
        view = CreatorView.of(creator)
    console.print(f"Added creator [bold]{shown(view.handle)}[/bold] ({view.timezone}).")


@app.command("list")
def list_(db: DbOption = None, json_: JsonOption = False) -> None:
    """List creators."""
    with open_app(db) as wired, wired.db.read() as session:
        views = [CreatorView.of(c) for c in list_creators(session)]
    if json_:
        print_json(views)
        return
    if not views:
        console.print("No creators yet. Add one with `whatsworking creators add HANDLE`.")
        return
    table = Table("handle", "name", "timezone", "digest", "demo")
    for v in views:
        table.add_row(
            shown(v.handle),
            shown(v.display_name),
            v.timezone,
            v.digest_time.strftime("%H:%M"),
            "yes" if v.demo_mode else "no",
        )
    console.print(table)


@app.command("link-code")
def link_code(
    handle: Annotated[str, typer.Argument(help="The creator to link a chat account to.")],
    db: DbOption = None,
) -> None:
    """Make a one-time code that links a Telegram or Discord account to this creator."""
    with open_app(db) as wired, wired.db.unit_of_work() as session:
        creator = resolve_creator(session, handle)
        issued = issue_link_code(session, creator.id, now=wired.clock.now())
        who = creator.handle
    minutes = int(LINK_CODE_TTL.total_seconds() // 60)
    console.print(f"Link code for [bold]{who}[/bold]: [bold]{issued.code}[/bold]")
    console.print(
        f"Send /link {issued.code} to the bot (Discord: /whatsworking link) within {minutes} "
        "minutes. It works once; a new code cancels this one."
    )
