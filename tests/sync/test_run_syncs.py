"""The polling loop inside `whatsworking run`: a real `run` process syncs a due connection from
the fake Google, and the loop keeps syncing on schedule (hourly, then the daily catalogue)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.bootstrap import bootstrap
from bot.scheduler import syncing
from bot.settings import load_settings
from storage import Database, open_database
from storage.clock import FixedClock
from storage.models import ContentPiece
from storage.secrets import TokenCipher, new_key
from tests.support.fakes.botapi_server import BotApiServer
from tests.support.fakes.google_server import FakeGoogle
from tests.sync.helpers import START, connect

# Before any pinned wall clock (tests/wall_clock.py), so the connection is due at once.
LONG_AGO = datetime(2010, 1, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle() as fake:
        yield fake


@pytest.fixture
async def bot_api() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as server:
        yield server


def _pieces(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(ContentPiece)) or 0)


def _google_env(google: FakeGoogle, key: str) -> dict[str, str]:
    return {
        "GOOGLE_CLIENT_ID": google.state.client_id,
        "GOOGLE_CLIENT_SECRET": google.state.client_secret,
        "WHATSWORKING_GOOGLE_BASE_URL": google.base_url,
        "WHATSWORKING_SECRET_KEY": key,
    }


async def test_whatsworking_run_syncs_a_due_connection_from_google(
    bot_api: BotApiServer, google: FakeGoogle, sqlite_url: str, tmp_path: Path
) -> None:
    google.state.add_videos(3, start=LONG_AGO - timedelta(days=30), every=timedelta(days=1))
    key = new_key()
    db = open_database(sqlite_url)
    try:
        connect(db, google, TokenCipher(key), FixedClock(LONG_AGO))
        env = {
            **os.environ,
            **_google_env(google, key),
            "TELEGRAM_BOT_TOKEN": bot_api.token,
            "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{bot_api.port}",
            "WHATSWORKING_LOG_LEVEL": "INFO",
        }
        process = await asyncio.create_subprocess_exec(
            str(Path(sys.executable).parent / "whatsworking"),
            *("run", "--telegram", "--db", sqlite_url),
            cwd=tmp_path,
            env=env,
            stderr=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        try:
            await _wait(lambda: _pieces(db) == 3 or process.returncode is not None, 90)
            assert process.returncode is None, "run exited at start"
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    finally:
        db.dispose()
    log = stderr.decode()
    assert process.returncode == 0, log[-2000:]
    assert "platform sync running" in log and "youtube sync synced (full): 3 new" in log
    assert google.state.calls("/youtube/v3/channels") == 1
    assert key not in log and google.state.client_secret not in log


async def test_the_loop_polls_again_and_syncs_what_falls_due(
    google: FakeGoogle, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    google.state.add_videos(4, start=START - timedelta(hours=30), every=timedelta(hours=5))
    key, clock = new_key(), FixedClock(START)
    settings = load_settings(**_settings(google, key))
    app = bootstrap(settings, database_url=sqlite_url, clock=clock)
    monkeypatch.setattr(syncing, "POLL_EVERY", timedelta(milliseconds=20))
    modes: list[str] = []
    real_poll = syncing.poll_once

    async def recording_poll(runner: syncing.SyncRunner) -> list[syncing.SyncOutcome]:
        outcomes = await real_poll(runner)
        modes.extend(o.mode.value for o in outcomes)
        return outcomes

    monkeypatch.setattr(syncing, "poll_once", recording_poll)
    try:
        connect(app.db, google, TokenCipher(key), clock)
        service = syncing.sync_service(app)
        assert service is not None
        stop = asyncio.Event()
        task = asyncio.create_task(service(stop))
        await _wait(lambda: modes == ["full"], 30)
        await asyncio.sleep(0.1)  # several polls: nothing is due before the hour
        assert modes == ["full"]
        clock.advance(timedelta(hours=1))
        await _wait(lambda: len(modes) == 2, 30)
        clock.advance(timedelta(hours=23))
        await _wait(lambda: len(modes) == 3, 30)
        stop.set()
        await asyncio.wait_for(task, timeout=10)
    finally:
        app.close()
    assert modes == ["full", "young", "catalogue"]


def _settings(google: FakeGoogle, key: str) -> dict[str, str]:
    return {
        "google_client_id": google.state.client_id,
        "google_client_secret": google.state.client_secret,
        "google_base_url": google.base_url,
        "secret_key": key,
    }


async def _wait(condition: Callable[[], bool], timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting"
        await asyncio.sleep(0.02)
