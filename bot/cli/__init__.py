"""The `whatsworking` command line; errors become one clear line on stderr and exit code 2.

A command builds only the commands of its own module (bot.cli.commands), so `whatsworking
rescore` starts without the bots, the HTTP API and the platform clients.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Entry point of the full command line."""
    from bot.cli.app import app_for
    from bot.entry import run_app

    args = list(sys.argv[1:] if argv is None else argv)
    run_app(app_for(args), args)
