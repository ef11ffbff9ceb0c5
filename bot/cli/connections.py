"""`whatsworking connect|disconnect|connections|sync|secrets`: platform accounts and syncing."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl, urlsplit

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from bot.cli.common import CreatorOption, DbOption, JsonOption, console, open_app, print_json
from bot.sync_setup import (
    PLATFORMS,
    adapter,
    chat_connector,
    google_client,
    sync_runner,
    token_cipher,
    web_flow,
)
from context.sync_views import NAMES
from storage.connections import (
    delete_connections,
    get_connection,
    list_connections,
    rotate_tokens,
    save_connection,
    settle_units,
)
from storage.creators import resolve_creator
from storage.errors import InvalidInput
from storage.secrets import new_key
from sync.adapter import Meter
from sync.runner import SyncOutcome
from sync.youtube.oauth import connect_installed_app, describe_account, new_connection

connections_app = typer.Typer(help="Connected platform accounts.", no_args_is_help=True)
secrets_app = typer.Typer(help="The key that encrypts OAuth tokens.", no_args_is_help=True)
PlatformArgument = Annotated[
    str, typer.Argument(help="The platform (youtube, instagram or tiktok).")
]
BrowserOption = Annotated[
    str | None, typer.Option("--browser", help="Which browser opens Google's consent page.")
]
NoBrowserOption = Annotated[
    bool, typer.Option("--no-browser", help="Print the consent address instead of opening it.")
]


def _platform(name: str) -> str:
    if name not in PLATFORMS:
        raise InvalidInput(f"unknown platform {name!r}; one of: {', '.join(PLATFORMS)}")
    return name


def connect_command(
    platform: PlatformArgument,
    creator: CreatorOption = None,
    browser: BrowserOption = None,
    no_browser: NoBrowserOption = False,
    db: DbOption = None,
) -> None:
    """Connect a platform account (the platform's consent page, then back to whatsworking)."""
    _platform(platform)
    if platform != "youtube":
        _connect_web(platform, creator, db)
        return
    with open_app(db) as app:
        cipher, client = token_cipher(app.settings), google_client(app.settings)
        with app.db.read() as session:
            owner_id = resolve_creator(session, creator).id
        document = connect_installed_app(client, browser=browser, open_browser=not no_browser)
        meter = Meter()
        account = describe_account(client, document, meter)
        now = app.clock.now()
        with app.db.unit_of_work() as session:
            save_connection(session, cipher, new_connection(owner_id, account, document), now=now)
            settle_units(session, platform, booked=0, used=meter.units, now=now, exhausted=False)
    console.print(f"Connected YouTube channel “{account.name}”. The first sync runs now or soon.")


def disconnect_command(
    platform: PlatformArgument, creator: CreatorOption = None, db: DbOption = None
) -> None:
    """Revoke the platform's access at the platform and delete the stored tokens."""
    _platform(platform)
    with open_app(db) as app, app.db.unit_of_work() as session:
        owner_id = resolve_creator(session, creator).id
        connection = get_connection(session, owner_id, platform)
        document = token_cipher(app.settings).open(connection.token_ciphertext)
        revoked = adapter(app.settings, platform).revoke(document)
        delete_connections(session, owner_id, platform)
    name = NAMES[platform]
    at = "Google" if platform == "youtube" else name
    said = f"revoked at {at} and deleted" if revoked else _not_revoked(platform)
    console.print(f"{name} access {said}.")


def _not_revoked(platform: str) -> str:
    if platform == "instagram":
        return "deleted here (to revoke it too, remove whatsworking in Instagram's settings)"
    at = "Google" if platform == "youtube" else NAMES[platform]
    return f"deleted ({at} had already revoked it)"


def _connect_web(platform: str, creator: str | None, db: str | None) -> None:
    """Instagram and TikTok accept only registered HTTPS redirects: the public callback.

    The address the browser ends on carries the code; when the HTTP app runs there it stores
    the connection itself, otherwise paste that address here.
    """
    with open_app(db) as app:
        web_flow(app.settings, platform)  # names what is missing before anything starts
        connector = chat_connector(app.settings, app.db, app.clock)
        if connector is None:
            raise InvalidInput("connecting needs WHATSWORKING_SECRET_KEY (docs/SYNC.md)")
        with app.db.read() as session:
            owner_id = resolve_creator(session, creator).id
        console.print(f"Open this address to let whatsworking read your {NAMES[platform]}:")
        console.print(connector.consent_url(owner_id, platform), soft_wrap=True)
        pasted = typer.prompt("Then paste the address your browser ended on")
        state, code = _code_of(pasted)
        name = connector.finish_platform(platform, state, code)
    console.print(f"Connected {NAMES[platform]} account “{name}”. The first sync runs now or soon.")


def _code_of(address: str) -> tuple[str, str]:
    query = dict(parse_qsl(urlsplit(address.strip()[:4096]).query))
    if "code" not in query or "state" not in query:
        raise InvalidInput("that address has no code and state; access was not granted")
    return query["state"], query["code"].removesuffix("#_")


@connections_app.command("list")
def list_command(
    creator: CreatorOption = None, db: DbOption = None, json_: JsonOption = False
) -> None:
    """Connected accounts: last and next sync, quota used."""
    with open_app(db) as app, app.db.read() as session:
        rows = [
            {
                "platform": c.platform,
                "account": c.account_name,
                "status": c.status,
                "last_sync_at": c.last_sync_at,
                "next_sync_at": c.next_sync_at,
                "units_used_total": c.units_used_total,
                "last_error": c.last_error,
            }
            for c in list_connections(session, resolve_creator(session, creator).id)
        ]
    if json_:
        print_json(rows)
        return
    table = Table("platform", "account", "status", "last sync", "next sync", "units used")
    for row in rows:
        table.add_row(
            *(
                _cell(row[k])
                for k in (
                    "platform",
                    "account",
                    "status",
                    "last_sync_at",
                    "next_sync_at",
                    "units_used_total",
                )
            )
        )
    empty = "No platform is connected: `whatsworking connect youtube|instagram|tiktok`."
    console.print(table if rows else empty)


def _cell(value: object) -> str:
    return "—" if value is None else str(value)


def sync_command(
    creator: CreatorOption = None,
    platform: Annotated[str | None, typer.Option("--platform", help="Only this platform.")] = None,
    full: Annotated[bool, typer.Option("--full", help="Fetch everything again.")] = False,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Sync the creator's connected accounts now, with a progress bar."""
    if platform is not None:
        _platform(platform)
    with open_app(db) as app:
        with app.db.read() as session:
            owner_id = resolve_creator(session, creator).id
        runner = sync_runner(app)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            disable=json_,
        ) as bar:
            task = bar.add_task("connecting", total=None)

            def progress(stage: str, done: int, total: int | None) -> None:
                bar.update(task, description=stage, completed=done, total=total)

            outcomes = runner.run_due(
                creator_id=owner_id, platform=platform, force=True, full=full, progress=progress
            )
    if json_:
        print_json(outcomes)
        return
    for outcome in outcomes:
        console.print(_said(outcome))
    if not outcomes:
        console.print(
            "Nothing to sync: no active connection (see `whatsworking connections list`)."
        )


def _said(o: SyncOutcome) -> str:
    if o.status == "synced":
        return (
            f"{o.platform}: {o.created} new, {o.updated} updated, {o.removed} removed, "
            f"{o.snapshots} snapshots, "
            f"{o.units} quota units; next sync {o.next_sync_at:%Y-%m-%d %H:%M} UTC."
        )
    when = f"; next try {o.next_sync_at:%Y-%m-%d %H:%M} UTC" if o.next_sync_at else ""
    return f"{o.platform}: {o.status} — {o.message}{when}."


@secrets_app.command("rotate")
def rotate_command(db: DbOption = None) -> None:
    """Re-encrypt every stored token with the first key of WHATSWORKING_SECRET_KEY."""
    with open_app(db) as app, app.db.unit_of_work() as session:
        count = rotate_tokens(session, token_cipher(app.settings))
    console.print(f"Re-encrypted {count} stored token(s) with the newest key.")


@secrets_app.command("new-key")
def new_key_command() -> None:
    """Print a fresh key; put it first in WHATSWORKING_SECRET_KEY, then run `secrets rotate`."""
    typer.echo(new_key())


def register(app: typer.Typer) -> None:
    """Add the commands to the main app."""
    app.command("connect")(connect_command)
    app.command("disconnect")(disconnect_command)
    app.command("sync")(sync_command)
    app.add_typer(connections_app, name="connections")
    app.add_typer(secrets_app, name="secrets")
