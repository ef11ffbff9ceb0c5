"""The one way to start the Telegram bot: a service of `whatsworking run`, with its notifier."""

from __future__ import annotations

import functools

from bot.bootstrap import App
from bot.chat.identities import IdentityKeys
from bot.runtime import Service
from bot.telegram.app import WebhookConfig, build_application, serve_telegram
from bot.telegram.frontend import TelegramFrontEnd
from bot.telegram.notify import TelegramNotifier
from bot.telegram.render import callback_secret
from context.scheduled.delivery.notify import Notifier
from storage.errors import InvalidInput

NOT_CONFIGURED = (
    "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in the "
    "environment (or in .env)"
)


def telegram_service(
    app: App, webhook: WebhookConfig | None, notifiers: list[Notifier] | None = None
) -> Service:
    """The Telegram bot as a service bound to the app's agent and database.

    When ``notifiers`` is given, the scheduler's Telegram notifier (sharing the application's
    bot and rate limiter) is added to it.
    """
    token = app.settings.telegram_bot_token
    if token is None:
        raise InvalidInput(NOT_CONFIGURED)
    secret_token = token.get_secret_value()
    secret = callback_secret(secret_token, app.settings.button_secret)
    front = TelegramFrontEnd(
        app.agent(), IdentityKeys(app.db), secret, chart_renderer=app.chart_pool()
    )
    application = build_application(
        front,
        secret_token,
        api_base_url=app.settings.telegram_api_base_url,
        per_chat=app.settings.chat_queue,
    )
    if notifiers is not None:
        notifiers.append(TelegramNotifier(application.bot, front.secret))
    return functools.partial(serve_telegram, application, webhook=webhook)
