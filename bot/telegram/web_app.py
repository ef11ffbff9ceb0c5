"""The dashboard as a Telegram Mini App: the chat's menu button and a button under dashboards.

Telegram opens Mini Apps over HTTPS only, so both appear only when WHATSWORKING_PUBLIC_URL is an
https:// address; the page itself signs in with the initData Telegram hands it (bot/web/).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from telegram import InlineKeyboardButton, MenuButtonWebApp, WebAppInfo
from telegram.error import TelegramError
from telegram.ext import Application

from bot.telegram.send import with_retries
from context import actions
from context.reply import Reply
from context.tools.render import CURRENT

MENU_TEXT = "Dashboard"
BUTTON_TEXT = "📊 Open the dashboard"
# The chat's tabs and the page's: the overview has no tab of its own on the page.
WEB_TABS = {"top": "top", "attention": "attention", "themes": "themes", "platforms": "platforms"}
_log = logging.getLogger(__name__)


def mini_app_url(public_url: str | None, next_page: str = "/web/") -> str | None:
    """The Mini App's entry URL (opening ``next_page``), or None without an https public URL."""
    if not public_url or not public_url.startswith("https://"):
        return None
    entry = f"{public_url.rstrip('/')}/web/tg"
    return entry if next_page == "/web/" else f"{entry}?next={quote(next_page, safe='')}"


def dashboard_button(public_url: str | None, reply: Reply) -> InlineKeyboardButton | None:
    """ "Open the dashboard" under a dashboard reply, on the tab and filters it shows."""
    current = next(
        (
            b.action
            for b in reply.buttons
            if b.action.name == actions.TAB and b.label.startswith(CURRENT)
        ),
        None,
    )
    if current is None or len(current.args) != actions.TAB_ARGS:
        return None  # not a dashboard (e.g. /help's shortcuts to it)
    view, period, platform = current.args
    page = f"/web/?period={period}&platform={platform}&tab={WEB_TABS.get(view, 'top')}"
    url = mini_app_url(public_url, page)
    return InlineKeyboardButton(BUTTON_TEXT, web_app=WebAppInfo(url)) if url else None


async def register_menu_button(app: Application[Any, Any, Any, Any, Any, Any], url: str) -> None:
    """setChatMenuButton: the Mini App beside the message box; a failure is logged only."""

    async def call() -> bool:
        done: bool = await app.bot.set_chat_menu_button(
            menu_button=MenuButtonWebApp(MENU_TEXT, WebAppInfo(url))
        )
        return done

    try:
        await with_retries(call, "setChatMenuButton", idempotent=True)
    except TelegramError as failure:
        _log.warning("the dashboard menu button was not set: %s", type(failure).__name__)
