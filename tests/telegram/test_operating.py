"""Operating the bot: signals stop it cleanly, webhook mode, the run command's options, logs."""

from __future__ import annotations

import asyncio
import datetime
import logging
import os
import signal
from typing import Any

import aiohttp
import pytest

from bot.chat.identities import IdentityKeys
from bot.cli.run import webhook_config
from bot.logs import REDACTED, RedactSecrets
from bot.runtime import run_services
from bot.telegram.app import WebhookConfig, api_urls, build_application, serve_telegram
from bot.telegram.app import webhook_secret as secret_for
from bot.telegram.frontend import TelegramFrontEnd
from storage import Database
from storage.clock import FixedClock
from storage.errors import InvalidInput
from tests.support.fakes.botapi_server import BotApiServer
from tests.support.ports import reserved_port
from tests.telegram.agent_double import ScriptedAgent
from tests.telegram.harness import SECRET

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
MIA = 7301


async def test_sigterm_sets_the_stop_event_and_every_service_returns() -> None:
    finished: list[str] = []

    async def service(stop: asyncio.Event) -> None:
        await stop.wait()
        finished.append("done")

    async def send_signal(stop: asyncio.Event) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        await stop.wait()

    await asyncio.wait_for(run_services([service, service, send_signal]), timeout=60)
    assert finished == ["done", "done"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


async def test_a_failing_service_stops_the_others() -> None:
    async def waits(stop: asyncio.Event) -> None:
        await stop.wait()

    async def fails(stop: asyncio.Event) -> None:
        raise RuntimeError("bad token")

    with pytest.raises(ExceptionGroup):
        await asyncio.wait_for(run_services([waits, fails], signals=()), timeout=60)


async def _listening(port: int, within: float = 60) -> None:
    """Wait until something accepts connections on ``port`` (the webhook server starts last)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"nothing listens on {port} after {within} s") from None
            await asyncio.sleep(0.01)
            continue
        writer.close()
        return


async def test_webhook_mode_answers_posted_updates_and_refuses_forged_posts(
    botapi: BotApiServer, sqlite_db: Database
) -> None:
    registered: list[dict[str, Any]] = []

    def set_webhook(params: dict[str, Any], files: object) -> bool:
        registered.append(params)
        return True

    botapi.methods.table["setwebhook"] = set_webhook
    front = TelegramFrontEnd(
        ScriptedAgent(sqlite_db, FixedClock()), IdentityKeys(sqlite_db), SECRET
    )
    app = build_application(front, botapi.token, api_base_url=f"http://127.0.0.1:{botapi.port}")
    with reserved_port() as port:
        await _answer_through_the_webhook(botapi, app, port, registered)
    assert botapi.calls("getUpdates") == []


async def _answer_through_the_webhook(
    botapi: BotApiServer, app: Any, port: int, registered: list[dict[str, Any]]
) -> None:
    hook = WebhookConfig(url=f"http://127.0.0.1:{port}/tg/hook", port=port, listen="127.0.0.1")
    stop = asyncio.Event()
    task = asyncio.create_task(serve_telegram(app, stop, webhook=hook))
    await botapi.wait_for(lambda: registered)
    assert registered[0]["url"] == hook.url
    assert registered[0]["secret_token"] == secret_for(botapi.token)
    await _listening(port)
    botapi.push_text(MIA, MIA, "/start")
    update = botapi.store.updates.pop()
    async with aiohttp.ClientSession() as http:
        forged = await http.post(f"http://127.0.0.1:{port}/tg/hook", json=update)
        assert forged.status == 403
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret_for(botapi.token)}
        posted = await http.post(f"http://127.0.0.1:{port}/tg/hook", json=update, headers=headers)
        assert posted.status == 200
    (welcome,) = await botapi.wait_for(lambda: botapi.bot_messages(MIA))
    assert welcome.text.startswith("Welcome to whatsworking")
    stop.set()
    await asyncio.wait_for(task, timeout=60)


def test_webhook_options_go_together_and_are_checked() -> None:
    assert webhook_config(None, None) is None
    config = webhook_config("https://bot.example.com/tg", 8443)
    assert config is not None and (config.url_path, config.port) == ("tg", 8443)
    for url, port, problem in [
        ("https://bot.example.com/tg", None, "go together"),
        (None, 8443, "go together"),
        ("bot.example.com", 8443, "full URL"),
        ("https://bot.example.com", 70000, "between 1 and 65535"),
    ]:
        with pytest.raises(InvalidInput, match=problem):
            webhook_config(url, port)


def test_run_without_a_token_says_what_to_do(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    from bot.cli import main

    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.chdir(os.path.dirname(sqlite_url.removeprefix("sqlite:///")))  # no .env here
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--telegram", "--db", sqlite_url])
    assert exit_info.value.code == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


def test_api_base_url_accepts_a_server_root_or_a_bot_url() -> None:
    expected = ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot")
    assert api_urls("http://127.0.0.1:8081") == expected
    assert api_urls("http://127.0.0.1:8081/bot/") == expected
    assert api_urls(None) is None


def test_secrets_never_reach_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    token = "123456:SECRET-token"
    logger = logging.getLogger("tests.redaction")
    caplog.handler.addFilter(RedactSecrets([token, ""]))
    try:
        logger.error("POST https://api.telegram.org/bot%s/getMe failed", token)
        try:
            raise ValueError(f"url /bot{token}/x")
        except ValueError:
            logger.exception("boom")
    finally:
        caplog.handler.filters.clear()
    assert token not in caplog.text
    assert f"/bot{REDACTED}/getMe" in caplog.text
    assert REDACTED in (caplog.records[1].exc_text or "")


async def test_stopping_while_idle_is_quick(botapi: BotApiServer, sqlite_db: Database) -> None:
    front = TelegramFrontEnd(
        ScriptedAgent(sqlite_db, FixedClock()), IdentityKeys(sqlite_db), SECRET
    )
    app = build_application(front, botapi.token, api_base_url=f"http://127.0.0.1:{botapi.port}")
    stop = asyncio.Event()
    timeout = datetime.timedelta(seconds=30)
    task = asyncio.create_task(serve_telegram(app, stop, poll_timeout=timeout))
    await botapi.wait_for(lambda: botapi.polling)
    stop.set()
    await asyncio.wait_for(task, timeout=10)
    assert not botapi.polling
