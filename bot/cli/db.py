"""`whatsworking db …`: schema management."""

from __future__ import annotations

import typer

from bot.cli.common import DbOption, console
from bot.settings import load_settings
from storage.db import Database, make_engine, redact_url
from storage.migrate import current_revision, head_revision, upgrade_to_head

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Apply pending migrations (they also run automatically on first use)."""
    url = db or load_settings().database_url
    database = Database(make_engine(url))
    try:
        database.ping()
        applied = upgrade_to_head(database.engine)
        revision = current_revision(database.engine)
    finally:
        database.dispose()
    state = "upgraded to" if applied else "already at"
    console.print(f"{redact_url(url)}: {state} revision {revision} (head {head_revision()}).")
