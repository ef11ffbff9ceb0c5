"""`whatsworking digest` (print it, or send it now) and `whatsworking reminders list`."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated

import typer
from rich.table import Table

from bot.bootstrap import App
from bot.cli.common import CreatorOption, DbOption, JsonOption, console, open_app, print_json
from bot.console.frontend import printable, render_reply
from bot.scheduler.send_now import SentNow, send_digest_now
from context.scheduled.delivery.listing import Listed, schedule_listing
from context.scheduled.digest import compose_digest
from storage.creators import resolve_creator
from storage.errors import InvalidInput

reminders_app = typer.Typer(
    help="Reminders, digests and alerts: what is scheduled and why.", no_args_is_help=True
)
SendOption = Annotated[
    bool, typer.Option("--send", help="Send it now to every chat account the creator linked.")
]
DaysOption = Annotated[int, typer.Option("--days", min=1, max=60, help="How many days ahead.")]
NO_TELEGRAM = "--send needs TELEGRAM_BOT_TOKEN (the bot that sends it) in the environment or .env"


def digest_command(
    creator: CreatorOption = None,
    send: SendOption = False,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Show the creator's digest as it would be sent now (or send it with --send)."""
    with open_app(db) as app:
        with app.db.read() as session:
            owner = resolve_creator(session, creator)
            owner_id, since = owner.id, owner.last_digest_at
            digest = compose_digest(session, owner_id, now=app.clock.now(), since=since)
        if send:
            sent = asyncio.run(_send(app, owner_id))
            console.print(f"Sent to {', '.join(sent.recipients)}.")
            return
    if json_:
        print_json(digest.facts)
        return
    render_reply(digest.reply, console)
    if digest.is_empty:
        console.print("[dim]Nothing new and nothing due: the scheduled digest is skipped today.[/]")


async def _send(app: App, creator_id: uuid.UUID) -> SentNow:
    from bot.charts.render import render_chart
    from bot.telegram.notify import TelegramNotifier, scheduler_bot
    from bot.telegram.render import callback_secret

    token = app.settings.telegram_bot_token
    if token is None:
        raise InvalidInput(NO_TELEGRAM)
    secret = token.get_secret_value()
    bot = scheduler_bot(secret, api_base_url=app.settings.telegram_api_base_url)
    async with bot:
        notifier = TelegramNotifier(bot, callback_secret(secret, app.settings.button_secret))
        return await send_digest_now(
            app.db, creator_id, [notifier], clock=app.clock, chart_renderer=render_chart
        )


@reminders_app.command("list")
def list_command(
    creator: CreatorOption = None,
    days: DaysOption = 7,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """What the scheduler sends the creator from a day ago to DAYS ahead, and why."""
    with open_app(db) as app, app.db.read() as session:
        owner = resolve_creator(session, creator)
        listed = schedule_listing(session, owner.id, now=app.clock.now(), days=days)
        handle, tz = owner.handle, owner.timezone
    if json_:
        print_json(listed)
        return
    _print_listing(listed, handle, tz)


def _print_listing(listed: list[Listed], handle: str, tz: str) -> None:
    if not listed:
        console.print(f"Nothing scheduled for {handle} in that window.")
        return
    table = Table(title=f"Scheduled for {handle} (times in {tz})", show_lines=False)
    for column in ("When", "What", "Why", "Status"):
        table.add_column(column)
    for entry in listed:
        when = f"{entry.send_at:%a %d %b %H:%M}"
        table.add_row(when, entry.kind, printable(entry.why), printable(entry.status))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add `digest` and `reminders` to the command line."""
    app.command("digest")(digest_command)
    app.add_typer(reminders_app, name="reminders")
