"""The dashboard one tap from the chat: the menu button, and a Mini App button under dashboards."""

from __future__ import annotations

import asyncio
import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.chat.identities import IdentityKeys
from bot.telegram.app import build_application, serve_telegram
from bot.telegram.frontend import TelegramFrontEnd
from storage import Database
from storage.clock import FixedClock
from tests.support.fakes.botapi_server import BotApiServer
from tests.telegram.agent_double import ScriptedAgent
from tests.telegram.harness import SECRET, Harness, labels
from tests.telegram.real_agent import MIA, agent_factory, keyboard_message, onboard

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
__all__ = ["agent_factory"]
PUBLIC = "https://dash.example.com"


def web_app_urls(message: object) -> list[str]:
    """The Mini App URLs of a message's buttons."""
    return [b["web_app"]["url"] for b in message.buttons if "web_app" in b]  # type: ignore[attr-defined]


async def test_a_dashboard_reply_carries_a_mini_app_button_on_its_tab(harness: Harness) -> None:
    harness.front.public_url = PUBLIC
    await onboard(harness, MIA)
    dashboard = keyboard_message(await harness.say(MIA, "/whatsworking 7d tiktok"))
    (url,) = web_app_urls(dashboard)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{PUBLIC}/web/tg"
    (next_page,) = parse_qs(parts.query)["next"]
    assert next_page == "/web/?period=7d&platform=tiktok&tab=top"
    # Switching tabs edits the message in place; the Mini App button follows the tab.
    assert await harness.press(MIA, dashboard, "Themes") == []  # edits show in ``dashboard``
    assert "tab%3Dthemes" in web_app_urls(dashboard)[0]
    assert "📊 Open the dashboard" in labels(dashboard)


async def test_other_replies_and_plain_http_get_no_mini_app_button(harness: Harness) -> None:
    harness.front.public_url = PUBLIC
    await onboard(harness, MIA)
    plans = await harness.say(MIA, "/help")
    assert all(not web_app_urls(m) for m in plans)
    harness.front.public_url = "http://127.0.0.1:8000"  # Telegram opens Mini Apps over HTTPS only
    dashboard = keyboard_message(await harness.say(MIA, "/whatsworking"))
    assert web_app_urls(dashboard) == []


async def test_the_menu_button_opens_the_mini_app(
    botapi: BotApiServer, sqlite_db: Database
) -> None:
    front = TelegramFrontEnd(
        ScriptedAgent(sqlite_db, FixedClock()), IdentityKeys(sqlite_db), SECRET
    )
    app = build_application(front, botapi.token, api_base_url=f"http://127.0.0.1:{botapi.port}")
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve_telegram(
            app, stop, poll_timeout=datetime.timedelta(seconds=1), menu_url=f"{PUBLIC}/web/tg"
        )
    )
    await botapi.wait_for(lambda: botapi.polling or task.done())
    stop.set()
    await task
    assert botapi.methods.menu_button == {
        "type": "web_app",
        "text": "Dashboard",
        "web_app": {"url": f"{PUBLIC}/web/tg"},
    }
    botapi.assert_no_violations()
