"""The `whatsworking` console script: the chat commands start without the whole command line.

Every command line here shares the bare app and the error contract: errors become one clear
line on stderr and exit code 2; no traceback reaches the person.

``bot.cli`` builds a command's own module only, but its modules import the domain (the
simulator with scipy, …). `ask`, `chat` and `chart` need only the agent, so they run from
``bot.console.cli`` with the same contract as ``bot.cli.main``: one line on stderr, exit code 2.
"""

from __future__ import annotations

import sys

import typer

FAST_COMMANDS = frozenset({"ask", "chat", "chart"})


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in FAST_COMMANDS:
        run_console_command(args)
        return
    from bot.cli import main as full_command_line

    full_command_line(args)


def run_console_command(args: list[str]) -> None:
    """Run ask, chat or chart; domain and database errors become one line and exit 2."""
    from bot.console.cli import console_app

    run_app(console_app(), args)


EXIT_BAD_INPUT = 2


def new_app() -> typer.Typer:
    """The top-level app with no command yet."""
    return typer.Typer(
        name="whatsworking",
        help="What is working in your content, why, and what to do next.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )


def run_app(app: typer.Typer, args: list[str]) -> None:
    """Run ``app`` on ``args``: domain and database errors become one line and exit 2."""
    import click

    from storage import OperationalError
    from storage.errors import DomainError

    try:
        result = app(args=args, standalone_mode=False)
    # Typer 0.2x raises its own copy of click's exceptions (typer.TyperException), older
    # releases click's: a mistyped command or option must be one line either way.
    except (click.exceptions.ClickException, typer.TyperException) as exc:
        _show(exc)
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, typer.Abort):
        fail("aborted")
    except DomainError as exc:
        fail(str(exc))
    except OperationalError as exc:
        fail(f"the database is unavailable: {exc.orig.__class__.__name__}")
    if isinstance(result, int) and result:
        sys.exit(result)


def _show(exc: Exception) -> None:
    show = getattr(exc, "show", None)
    if callable(show):
        show()
    else:
        print(f"error: {exc}", file=sys.stderr)


def fail(message: str) -> None:
    """One line on stderr, exit code 2."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(EXIT_BAD_INPUT)
