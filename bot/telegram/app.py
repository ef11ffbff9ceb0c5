"""Build and serve the Telegram Application: handlers, rate limiter, polling or webhook."""

from __future__ import annotations

import asyncio
import datetime
import functools
import hashlib
import hmac
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    MessageHandler,
    Updater,
    filters,
)

from bot.chat.fair_share import DEFAULT_PER_CHAT
from bot.telegram.commands import menu_commands
from bot.telegram.frontend import TelegramFrontEnd
from bot.telegram.send import with_retries
from bot.telegram.updates import DEFAULT_CONCURRENCY, PerChatUpdateProcessor
from bot.telegram.web_app import register_menu_button

TelegramApplication = Application[Any, Any, Any, Any, Any, Any]
ALLOWED_UPDATES = (Update.MESSAGE, Update.CALLBACK_QUERY)
POLL_TIMEOUT = datetime.timedelta(seconds=30)
# httpx checks every pooled connection on every request, so PTB's default of 256 connections
# costs more CPU the busier the bot is; the rate limiter keeps sends near Telegram's 30 a second,
# which a few kept-alive connections carry. A send waits for a free one rather than fail.
SEND_CONNECTIONS = 8
POOL_TIMEOUT_SECONDS = 30.0
_log = logging.getLogger(__name__)


def api_urls(base: str | None) -> tuple[str, str] | None:
    """PTB's (base_url, base_file_url) for a Bot API server root like http://127.0.0.1:8081."""
    if not base:
        return None
    root = base.rstrip("/").removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


def build_application(
    front: TelegramFrontEnd,
    token: str,
    *,
    api_base_url: str | None = None,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    per_chat: int = DEFAULT_PER_CHAT,
) -> TelegramApplication:
    """An Application wired to ``front``: messages, button presses and the error handler.

    ``per_chat`` updates of one chat may be queued or running; the rest are turned away.
    """
    processor = PerChatUpdateProcessor(concurrency, per_chat)
    builder = (
        ApplicationBuilder()
        .token(token)
        .concurrent_updates(processor)
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
        .connection_pool_size(SEND_CONNECTIONS)
        .pool_timeout(POOL_TIMEOUT_SECONDS)
    )
    urls = api_urls(api_base_url)
    if urls is not None:
        builder = builder.base_url(urls[0]).base_file_url(urls[1])
    app = builder.build()
    processor.on_busy = functools.partial(front.on_busy, app.bot)
    incoming = filters.TEXT | filters.Document.ALL | filters.LOCATION
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & incoming, front.on_message))
    app.add_handler(CallbackQueryHandler(front.on_callback))
    app.add_error_handler(front.on_error)
    return app


@dataclass(frozen=True)
class WebhookConfig:
    """Where Telegram posts updates (the public URL) and where this process listens."""

    url: str
    port: int
    listen: str = "0.0.0.0"  # noqa: S104 - a webhook server listens on every interface

    @property
    def url_path(self) -> str:
        """The path part of the public URL, which the local server routes."""
        return urlsplit(self.url).path.strip("/")


def webhook_secret(token: str) -> str:
    """The secret Telegram echoes in each webhook post, so forged posts are refused."""
    return hmac.new(b"whatsworking-webhook", token.encode(), hashlib.sha256).hexdigest()[:64]


async def register_commands(app: TelegramApplication) -> None:
    """setMyCommands with every command; a failure is logged, the bot still starts."""

    async def call() -> bool:
        done: bool = await app.bot.set_my_commands(menu_commands())
        return done

    try:
        await with_retries(call, "setMyCommands", idempotent=True)
    except TelegramError as failure:
        _log.warning("the command menu was not registered: %s", type(failure).__name__)


async def serve_telegram(
    app: TelegramApplication,
    stop: asyncio.Event,
    *,
    webhook: WebhookConfig | None = None,
    poll_timeout: datetime.timedelta = POLL_TIMEOUT,
    menu_url: str | None = None,
) -> None:
    """Run until ``stop`` is set; then fetch nothing new and let in-flight updates finish.

    ``menu_url``: the Mini App the chat's menu button opens (none: Telegram's command menu).
    """
    async with app:
        await register_commands(app)
        if menu_url is not None:
            await register_menu_button(app, menu_url)
        await app.start()
        updater = app.updater
        try:
            if updater is None:
                raise RuntimeError("the Telegram application has no updater")
            await _receive_updates(updater, webhook, poll_timeout)
            _log.info("Telegram bot @%s is running", app.bot.username)
            await stop.wait()
        finally:
            try:
                if updater is not None and updater.running:
                    await updater.stop()
                await app.stop()
            finally:
                if app.post_stop is not None:  # as run_polling would: the chart workers stop
                    await app.post_stop(app)
    _log.info("Telegram bot stopped")


async def _receive_updates(
    updater: Updater,
    webhook: WebhookConfig | None,
    poll_timeout: datetime.timedelta,
) -> None:
    if webhook is None:
        await updater.start_polling(timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES)
        return
    await updater.start_webhook(
        listen=webhook.listen,
        port=webhook.port,
        url_path=webhook.url_path,
        webhook_url=webhook.url,
        secret_token=webhook_secret(updater.bot.token),
        allowed_updates=ALLOWED_UPDATES,
    )
