"""The `whatsworking` command line; errors become one clear line on stderr and exit code 2."""

from __future__ import annotations

import sys

import click
import typer

from bot.cli import (
    chat,
    connections,
    creators,
    db,
    demo,
    imports,
    insights,
    plans,
    scheduling,
    web,
)
from bot.cli.api import serve, token_app
from bot.cli.discord_cli import register as register_discord
from bot.cli.run import run_command
from storage import OperationalError
from storage.errors import DomainError

app = typer.Typer(
    name="whatsworking",
    help="What is working in your content, why, and what to do next.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db.app, name="db")
app.add_typer(creators.app, name="creators")
app.add_typer(demo.app, name="demo")
app.add_typer(plans.app, name="plans")
app.command("import")(imports.import_command)
app.command("run")(run_command)
app.command("api")(serve)
app.add_typer(token_app, name="api-token")
app.command("web-link")(web.web_link)
insights.register(app)
chat.register(app)
scheduling.register(app)
connections.register(app)
register_discord(app)

EXIT_BAD_INPUT = 2


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    try:
        result = app(args=argv, standalone_mode=False)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _fail("aborted")
    except DomainError as exc:
        _fail(str(exc))
    except OperationalError as exc:
        _fail(f"the database is unavailable: {exc.orig.__class__.__name__}")
    if isinstance(result, int) and result:
        sys.exit(result)
