"""The `whatsworking` console script: the chat commands start without the whole command line.

``bot.cli`` imports every sub-command (Telegram, Discord, the HTTP API, the simulator with
scipy), which takes seconds. `ask`, `chat` and `chart` need only the agent, so they run from
``bot.console.cli`` with the same contract as ``bot.cli.main``: one line on stderr, exit code 2.
"""

from __future__ import annotations

import sys

FAST_COMMANDS = frozenset({"ask", "chat", "chart"})
EXIT_BAD_INPUT = 2


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
    import click
    from sqlalchemy.exc import OperationalError

    from bot.console.cli import console_app
    from storage.errors import DomainError

    try:
        result = console_app()(args=args, standalone_mode=False)
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


def _fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(EXIT_BAD_INPUT)
