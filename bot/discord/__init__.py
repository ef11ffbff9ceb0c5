"""The Discord front-end: interactions and messages in, embeds out, and its notifier.

Start it with ``discord_service`` (what `whatsworking run` does).
"""

from bot.discord.client import NOT_CONFIGURED, discord_service

__all__ = ["NOT_CONFIGURED", "discord_service"]
