"""Replies about platform connections: the reconnect message after a revoked grant."""

from __future__ import annotations

from context.reply import Action, Button, Headline, Paragraph, Reply

ACTION_CONNECT = "connect"
NAMES = {"youtube": "YouTube", "instagram": "Instagram", "tiktok": "TikTok"}


def reconnect_reply(platform: str, account_name: str) -> Reply:
    """Syncing stopped because the grant is gone; one button to connect again."""
    name = NAMES.get(platform, platform)
    return Reply(
        blocks=(
            Headline(f"{name} is disconnected"),
            Paragraph(
                f"{name} no longer lets me read “{account_name}” (the access was revoked or "
                f"expired), so your {name} numbers stopped updating. Reconnect to resume."
            ),
        ),
        buttons=(Button(f"Reconnect {name}", Action(ACTION_CONNECT, (platform,))),),
    )
