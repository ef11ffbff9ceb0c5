"""`whatsworking run`: choose the chat front-ends to start, run them until SIGINT/SIGTERM.

Each front-end package exports the one way to start it (``bot.telegram.telegram_service``,
``bot.discord.discord_service``); this module only picks which, from the options and settings.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

import typer

from bot.bootstrap import App, bootstrap
from bot.cli.common import DbOption
from bot.cpu_affinity import pin_threads_to_one_cpu
from bot.discord import NOT_CONFIGURED as DISCORD_NOT_CONFIGURED
from bot.discord import discord_service
from bot.logs import configure_service_logging
from bot.runtime import Service, run_services
from bot.scheduler.service import scheduler_service
from bot.scheduler.syncing import sync_service
from bot.settings import Settings, load_settings, secret_values
from bot.telegram import NOT_CONFIGURED, WebhookConfig, telegram_service
from context.scheduled.delivery.notify import Notifier
from storage.errors import DomainError, InvalidInput

_log = logging.getLogger(__name__)


def run_command(
    telegram: Annotated[
        bool, typer.Option("--telegram", help="Start only the Telegram bot.")
    ] = False,
    webhook_url: Annotated[
        str | None,
        typer.Option(help="Public HTTPS URL Telegram posts updates to (default: long polling)."),
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Local port the webhook server listens on.")
    ] = None,
    discord: Annotated[
        bool, typer.Option("--discord", help="Start only the Discord bot (both with --telegram).")
    ] = False,
    discord_guild: Annotated[
        int | None,
        typer.Option(
            "--discord-guild",
            help="Sync the Discord commands to this guild only (they appear at once; for testing).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Run the chat bots until Ctrl-C or SIGTERM (updates in flight finish first)."""
    settings = load_settings()
    # Before any thread starts, so all of them inherit it.
    cpu = pin_threads_to_one_cpu() if settings.pin_cpu else None
    webhook = webhook_config(webhook_url, port)
    services_wanted = _wanted(settings, telegram=telegram, discord=discord, guild=discord_guild)
    configure_service_logging(settings.log_level, _secrets(settings))
    if cpu is not None:
        _log.info("the bot's threads run on CPU %s (WHATSWORKING_PIN_CPU=false: any CPU)", cpu)
    app = bootstrap(settings, database_url=db)
    notifiers: list[Notifier] = []  # each front-end adds its own; the scheduler sends through all
    try:
        services = [build(app, webhook, notifiers) for build in services_wanted]
        services.append(scheduler_service(app, notifiers))
        syncing = sync_service(app)
        if syncing is not None:
            services.append(syncing)
        if settings.public_url:  # the web pages and the Mini App, behind the public URL's proxy
            services.append(web_service(app))
            _log.info(
                "web pages on 127.0.0.1:%s, public at %s", settings.web_port, settings.web_url
            )
        asyncio.run(run_services(services))
    except ExceptionGroup as failed:  # a service's own error (a refused token) is one line
        raise _first_domain_error(failed) or failed from None
    finally:
        app.close()


def _first_domain_error(group: ExceptionGroup[Exception]) -> DomainError | None:
    """The first failure written for a person, so the CLI prints it instead of a traceback."""
    return next((e for e in group.exceptions if isinstance(e, DomainError)), None)


ServiceBuilder = Callable[[App, WebhookConfig | None, list[Notifier]], Service]


def _wanted(
    settings: Settings, *, telegram: bool, discord: bool, guild: int | None
) -> list[ServiceBuilder]:
    """The services to start: what was asked for, else what is configured."""
    asked = telegram or discord
    builders: list[ServiceBuilder] = []
    if telegram or (not asked and settings.telegram_bot_token is not None):
        if settings.telegram_bot_token is None:
            raise InvalidInput(NOT_CONFIGURED)
        builders.append(telegram_service)
    if discord or (not asked and settings.discord_bot_token is not None):
        builders.append(discord_builder(settings, guild))
    if not builders:
        raise InvalidInput(
            "nothing to run: no chat front-end is configured. "
            + NOT_CONFIGURED
            + f"; {DISCORD_NOT_CONFIGURED}"
            + " — or talk to whatsworking in the terminal with `whatsworking chat`"
        )
    return builders


def discord_builder(settings: Settings, guild: int | None) -> ServiceBuilder:
    """The Discord bot's service builder (checked now, so a missing token fails at once)."""
    if settings.discord_bot_token is None:
        raise InvalidInput(DISCORD_NOT_CONFIGURED)
    if guild is not None and guild <= 0:
        raise InvalidInput(f"--discord-guild must be a Discord guild id, not {guild}")

    def build(app: App, webhook: WebhookConfig | None, notifiers: list[Notifier]) -> Service:
        return discord_service(app, guild, notifiers)

    return build


def webhook_config(url: str | None, port: int | None) -> WebhookConfig | None:
    """The webhook settings, or None for long polling; both options or neither."""
    if url is None and port is None:
        return None
    if url is None or port is None:
        raise InvalidInput("--webhook-url and --port go together (leave both out for polling)")
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.netloc:
        raise InvalidInput(
            f"--webhook-url must be a full URL like https://bot.example.com/tg, not {url!r}"
        )
    if not 1 <= port <= 65535:
        raise InvalidInput(f"--port must be between 1 and 65535, not {port}")
    return WebhookConfig(url=url, port=port)


def web_service(app: App) -> Service:
    """The HTTP app (API and web pages) on loopback, for a TLS proxy at the public URL."""
    from bot.api.server import serve_until_stopped  # FastAPI only when the pages are served

    return functools.partial(serve_until_stopped, app, port=app.settings.web_port)


def _secrets(settings: Settings) -> list[str]:
    return secret_values(settings)
