"""`whatsworking run` with Discord: what starts for which flags and tokens (never connecting)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.bootstrap import bootstrap
from bot.charts.pool import ChartPool
from bot.cli.run import _wanted
from bot.discord.client import LOGIN_REFUSED, NOT_CONFIGURED, WhatsworkingClient
from bot.discord.notify import DiscordNotifier
from bot.settings import load_settings
from bot.telegram import telegram_service
from storage.errors import InvalidInput
from tests.discord.test_command_tree import run

TOKEN = "discord-token-for-a-test"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    for name in ("DISCORD_BOT_TOKEN", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def test_run_discord_without_a_token_says_what_to_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "run", "--discord")
    assert code == 2 and err.strip() == f"error: {NOT_CONFIGURED}"


def test_run_with_nothing_configured_names_both_tokens(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "run")
    assert code == 2 and "TELEGRAM_BOT_TOKEN" in err and "DISCORD_BOT_TOKEN" in err


def test_a_bad_guild_is_refused_before_anything_starts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCORD_BOT_TOKEN", TOKEN)
    code, _, err = run(capsys, "run", "--discord", "--discord-guild", "-5")
    assert code == 2 and "--discord-guild" in err


def test_flags_and_tokens_decide_what_starts() -> None:
    both = load_settings(discord_bot_token=TOKEN, telegram_bot_token="1:tg")
    assert len(_wanted(both, telegram=False, discord=False, guild=None)) == 2
    assert _wanted(both, telegram=True, discord=False, guild=None) == [telegram_service]
    (only,) = _wanted(both, telegram=False, discord=True, guild=None)
    assert only is not telegram_service
    discord_only = load_settings(discord_bot_token=TOKEN)
    assert len(_wanted(discord_only, telegram=False, discord=False, guild=None)) == 1
    with pytest.raises(InvalidInput):
        _wanted(discord_only, telegram=True, discord=False, guild=None)


async def test_the_discord_service_is_built_for_the_guild_with_its_notifier(
    tmp_path: Path,
) -> None:
    settings = load_settings(discord_bot_token=TOKEN)
    (build,) = _wanted(settings, telegram=False, discord=True, guild=987654321)
    app = bootstrap(settings, database_url=f"sqlite:///{tmp_path}/run.db")
    notifiers: list[Any] = []
    service = build(app, None, notifiers)
    client = service.args[0]  # type: ignore[attr-defined]
    assert isinstance(client, WhatsworkingClient) and client.guild_id == 987654321
    assert [type(n) for n in notifiers] == [DiscordNotifier]
    await client.close()
    app.close()


async def test_telegram_and_discord_draw_with_the_apps_one_chart_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[ChartPool] = []
    monkeypatch.setattr("bot.charts.pool.ChartPool", lambda: made.append(ChartPool(0)) or made[-1])
    settings = load_settings(discord_bot_token=TOKEN, telegram_bot_token="1:tg")
    app = bootstrap(settings, database_url=f"sqlite:///{tmp_path}/run.db")
    services = [
        build(app, None, [])
        for build in _wanted(settings, telegram=False, discord=False, guild=None)
    ]
    telegram, discord_client = services[0].args[0], services[1].args[0]  # type: ignore[attr-defined]
    (handler, *_) = telegram.handlers[0]
    assert len(made) == 1
    assert handler.callback.__self__.chart_renderer is discord_client.front.chart_renderer
    assert discord_client.front.chart_renderer is made[0]
    await discord_client.close()
    app.close()
    assert made[0]._closed  # the App closed it, once every front-end had stopped


@pytest.fixture
def _restore_logging() -> Iterator[None]:
    """`run` installs its logging handler on the root logger; take it away afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers, root.level = handlers, level


@pytest.mark.usefixtures("_restore_logging")
def test_a_refused_token_stops_run_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    async def refuse(self: WhatsworkingClient, token: str) -> None:
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(WhatsworkingClient, "login", refuse)
    monkeypatch.setenv("DISCORD_BOT_TOKEN", TOKEN)
    code, _, err = run(capsys, "run", "--discord", "--db", f"sqlite:///{tmp_path}/run.db")
    assert code == 2 and err.strip().splitlines()[-1] == f"error: {LOGIN_REFUSED}"
    assert TOKEN not in err
