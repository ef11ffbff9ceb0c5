"""`whatsworking api` serves the HTTP API; `whatsworking api-token …` manages its bearer tokens."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from bot.cli.common import CreatorOption, DbOption, JsonOption, console, open_app, print_json
from storage.api_tokens import issue_token, list_tokens, revoke_token
from storage.creators import resolve_creator

token_app = typer.Typer(help="Bearer tokens for the HTTP API.", no_args_is_help=True)


def serve(
    host: Annotated[str, typer.Option(help="Address to bind (default: loopback only).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Processes (counters in /metrics are per process).")
    ] = 1,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log each request.")
    ] = True,
    db: DbOption = None,
) -> None:
    """Serve the HTTP API with uvicorn (every request needs an API token, except /healthz)."""
    # Imported here so other commands do not pay for loading FastAPI and uvicorn.
    from bot.api.server import is_loopback
    from bot.api.server import serve as run_server

    if not is_loopback(host):
        console.print(
            f"[yellow]Serving on {host}: reachable from other machines. "
            "Put a TLS-terminating proxy in front; tokens travel in every request.[/yellow]"
        )
    console.print(f"HTTP API on http://{host}:{port} (docs at /docs). Ctrl-C stops it.")
    with open_app(db) as wired:
        run_server(wired, host=host, port=port, access_log=access_log, workers=workers)


@token_app.command("create")
def create(
    creator: CreatorOption = None,
    name: Annotated[str, typer.Option(help="A label to tell tokens apart.")] = "default",
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Make a new API token for a creator; it is shown once and stored only as a hash."""
    with open_app(db) as wired, wired.db.unit_of_work() as session:
        owner = resolve_creator(session, creator)
        handle = owner.handle
        issued = issue_token(session, owner.id, name=name, now=wired.clock.now())
    if json_:
        print_json({"id": issued.id, "name": issued.name, "token": issued.token, "creator": handle})
        return
    console.print(f"API token [bold]{issued.name}[/bold] for [bold]{handle}[/bold]:")
    typer.echo(issued.token)
    console.print(
        f"Keep it secret: it is shown only now. Send it as 'Authorization: Bearer <token>'. "
        f"Revoke it with: whatsworking api-token revoke --creator {handle} {issued.id.hex[:8]}"
    )


@token_app.command("list")
def list_(creator: CreatorOption = None, db: DbOption = None, json_: JsonOption = False) -> None:
    """List a creator's API tokens (never the secrets)."""
    with open_app(db) as wired, wired.db.read() as session:
        owner = resolve_creator(session, creator)
        handle = owner.handle
        tokens = list_tokens(session, owner.id)
    if json_:
        print_json([{**asdict(t), "active": t.active} for t in tokens])
        return
    if not tokens:
        console.print(f"{handle} has no API tokens. Make one with `whatsworking api-token create`.")
        return
    table = Table("id", "name", "created", "last used", "status")
    for t in tokens:
        table.add_row(
            t.id.hex[:8],
            t.name,
            f"{t.created_at:%Y-%m-%d %H:%M} UTC",
            f"{t.last_used_at:%Y-%m-%d %H:%M} UTC" if t.last_used_at else "never",
            "active" if t.active else f"revoked {t.revoked_at:%Y-%m-%d}",
        )
    console.print(table)


@token_app.command("revoke")
def revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id, or its first 8+ characters.")],
    creator: CreatorOption = None,
    db: DbOption = None,
) -> None:
    """Revoke one of a creator's API tokens; requests with it are refused from now on."""
    with open_app(db) as wired, wired.db.unit_of_work() as session:
        owner = resolve_creator(session, creator)
        view, changed = revoke_token(session, owner.id, token_id, now=wired.clock.now())
    verb = "Revoked" if changed else "Already revoked:"
    console.print(f"{verb} token {view.id.hex[:8]} ({view.name}).")
