"""Which module adds which top-level commands, imported only when its commands are built.

``whatsworking rescore`` needs the insights engine, not Telegram, Discord, the HTTP API or the
Google clients (a second of start-up CPU): a command named here runs on an app holding only
its own module's commands; any other argument (``--help``, an unknown name) builds them all.
"""

from __future__ import annotations

from collections.abc import Callable

import typer

Register = Callable[[typer.Typer], None]


def _db(app: typer.Typer) -> None:
    from bot.cli import db

    app.add_typer(db.app, name="db")


def _creators(app: typer.Typer) -> None:
    from bot.cli import creators

    app.add_typer(creators.app, name="creators")


def _demo(app: typer.Typer) -> None:
    from bot.cli import demo

    app.add_typer(demo.app, name="demo")


def _plans(app: typer.Typer) -> None:
    from bot.cli import plans

    app.add_typer(plans.app, name="plans")


def _import(app: typer.Typer) -> None:
    from bot.cli import imports

    app.command("import")(imports.import_command)


def _run(app: typer.Typer) -> None:
    from bot.cli.run import run_command

    app.command("run")(run_command)


def _api(app: typer.Typer) -> None:
    from bot.cli.api import serve, token_app

    app.command("api")(serve)
    app.add_typer(token_app, name="api-token")


def _web(app: typer.Typer) -> None:
    from bot.cli import web

    app.command("web-link")(web.web_link)


def _insights(app: typer.Typer) -> None:
    from bot.cli import insights

    insights.register(app)


def _chat(app: typer.Typer) -> None:
    from bot.cli import chat

    chat.register(app)


def _scheduling(app: typer.Typer) -> None:
    from bot.cli import scheduling

    scheduling.register(app)


def _connections(app: typer.Typer) -> None:
    from bot.cli import connections

    connections.register(app)


def _discord(app: typer.Typer) -> None:
    from bot.cli.discord_cli import register

    register(app)


# In the order ``--help`` lists them; each with the top-level names it adds.
REGISTRARS: tuple[tuple[frozenset[str], Register], ...] = (
    (frozenset({"db"}), _db),
    (frozenset({"creators"}), _creators),
    (frozenset({"demo"}), _demo),
    (frozenset({"plans"}), _plans),
    (frozenset({"import"}), _import),
    (frozenset({"run"}), _run),
    (frozenset({"api", "api-token"}), _api),
    (frozenset({"web-link"}), _web),
    (frozenset({"dashboard", "content", "themes", "insights", "rescore"}), _insights),
    (frozenset({"chat", "ask", "chart"}), _chat),
    (frozenset({"digest", "reminders"}), _scheduling),
    (frozenset({"connect", "disconnect", "sync", "connections", "secrets"}), _connections),
    (frozenset({"discord-commands"}), _discord),
)


def registrar_of(name: str) -> Register | None:
    """The function adding the top-level command ``name`` (None: no such command)."""
    return next((register for names, register in REGISTRARS if name in names), None)
