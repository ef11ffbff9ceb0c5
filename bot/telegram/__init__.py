"""The Telegram front-end: updates in, rendered replies out, and its notifier.

Start it with ``telegram_service`` (what `whatsworking run` does).
"""

from bot.telegram.app import WebhookConfig
from bot.telegram.service import NOT_CONFIGURED, telegram_service

__all__ = ["NOT_CONFIGURED", "WebhookConfig", "telegram_service"]
