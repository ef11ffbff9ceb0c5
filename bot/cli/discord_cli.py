"""`whatsworking discord-commands`: the slash commands exactly as the Discord bot syncs them."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from bot.discord.client import command_payload
from storage.errors import InvalidInput

MAX_SNOWFLAKE = 2**64 - 1


def discord_commands(
    guild: Annotated[
        int | None,
        typer.Option(
            "--guild",
            help="Print what is synced to this guild (as `run --discord-guild ID` does).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the JSON payload the Discord bot syncs, to inspect it without a token."""
    if guild is not None and not 0 < guild <= MAX_SNOWFLAKE:
        raise InvalidInput(f"--guild must be a Discord guild id (a positive number), not {guild}")
    typer.echo(json.dumps(command_payload(guild), indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("discord-commands")(discord_commands)
