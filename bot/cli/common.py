"""Options and helpers every CLI command shares."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import Annotated, Any
from uuid import UUID

import typer
from rich.console import Console

from bot.bootstrap import App, bootstrap
from bot.settings import load_settings

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
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]

console = Console()
err_console = Console(stderr=True)


@contextmanager
def open_app(db_url: str | None) -> Iterator[App]:
    """Bootstrap the app for one CLI command and close it afterwards."""
    app = bootstrap(load_settings(), database_url=db_url)
    try:
        yield app
    finally:
        app.close()


def to_jsonable(value: Any) -> Any:
    """Convert dataclasses, enums, UUIDs and datetimes into JSON-ready values."""
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON on standard output."""
    typer.echo(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False))
