"""Helpers for the browser tests: Debian's Chromium under Playwright, and Telegram's initData.

Playwright's own browser download is not used: the project installs Debian's `chromium`
(`make setup` on a machine without it), and these tests launch that binary.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlencode

from bot.web.telegram_auth import sign

CHROMIUM = os.environ.get("WHATSWORKING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
BOT_TOKEN = "123456:TEST-web-app-token"
LIGHT_THEME = {
    "bg_color": "#ffffff",
    "text_color": "#000000",
    "hint_color": "#707579",
    "link_color": "#3390ec",
    "button_color": "#3390ec",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#f4f4f5",
}
DARK_THEME = {
    "bg_color": "#212121",
    "text_color": "#ffffff",
    "hint_color": "#aaaaaa",
    "link_color": "#8774e1",
    "button_color": "#8774e1",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#181818",
}


def init_data(user_id: int, signed_at: datetime, *, token: str = BOT_TOKEN) -> str:
    """initData as Telegram builds it for this user, signed for ``token``."""
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps({"id": user_id, "first_name": "Mia", "language_code": "en"}),
        "auth_date": str(int(signed_at.timestamp())),
        "signature": "not-checked-by-the-bot-token-scheme",
    }
    return urlencode({**fields, "hash": sign(fields, token)})


def mini_app_url(base: str, data: str, *, dark: bool = False, next_page: str = "") -> str:
    """The URL Telegram opens: initData and theme in the fragment, like the real clients."""
    theme = json.dumps(DARK_THEME if dark else LIGHT_THEME)
    fragment = urlencode(
        {
            "tgWebAppData": data,
            "tgWebAppVersion": "8.0",
            "tgWebAppPlatform": "android",
            "tgWebAppThemeParams": theme,
        },
        quote_via=quote,
    )
    query = f"?next={quote(next_page)}" if next_page else ""
    return f"{base}/web/tg{query}#{fragment}"


def screenshot_dir(fallback: Path) -> Path:
    """docs/web with WEB_SCREENSHOTS=docs (to refresh the committed set), else temp."""
    if os.environ.get("WEB_SCREENSHOTS") == "docs":
        target = Path(__file__).resolve().parents[2] / "docs" / "web"
        target.mkdir(exist_ok=True)
        return target
    return fallback
