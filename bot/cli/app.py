"""The whole `whatsworking` command line: every sub-command registered (``--help`` lists them)."""

from __future__ import annotations

import typer

from bot.cli.commands import REGISTRARS, registrar_of
from bot.entry import new_app


def full_app() -> typer.Typer:
    """Every command."""
    app = new_app()
    for _, register in REGISTRARS:
        register(app)
    return app


def app_for(args: list[str]) -> typer.Typer:
    """The app ``args`` need: only the first argument's own commands when it names one."""
    register = registrar_of(args[0]) if args else None
    if register is None:
        return full_app()
    app = new_app()
    register(app)
    app.callback()(_group)  # a group even with one command: its name stays the first argument
    return app


def _group() -> None:
    """What is working in your content, why, and what to do next."""
