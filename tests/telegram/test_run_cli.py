"""`whatsworking run --telegram` as a real process: it talks to TELEGRAM_API_BASE_URL, answers,
and on SIGTERM finishes and exits cleanly without ever logging the token."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from tests.support.fakes.botapi_server import BotApiServer

USER = 7501


async def test_run_answers_and_stops_cleanly_on_sigterm(
    botapi: BotApiServer, sqlite_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": botapi.token,
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{botapi.port}",
        "WHATSWORKING_LOG_LEVEL": "DEBUG",
        "WHATSWORKING_PIN_CPU": "true",
    }
    script = Path(sys.executable).parent / "whatsworking"
    process = await asyncio.create_subprocess_exec(
        str(script),
        "run",
        "--telegram",
        "--db",
        sqlite_url,
        cwd=tmp_path,
        env=env,
        stderr=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        await botapi.wait_for(lambda: botapi.polling or process.returncode is not None, 60)
        assert process.returncode is None, "the bot exited at start"
        assert [c["command"] for c in botapi.commands][:2] == ["whatsworking", "top"]
        botapi.push_text(USER, USER, "/start")
        (welcome,) = await botapi.wait_for(lambda: botapi.bot_messages(USER), 60)
        assert welcome.text.startswith("Welcome to whatsworking")
        threads = os.listdir(f"/proc/{process.pid}/task")
        cpus = {frozenset(os.sched_getaffinity(int(thread))) for thread in threads}
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = stderr.decode()
    assert process.returncode == 0, log[-2000:]
    assert "SIGTERM received" in log and "Telegram bot stopped" in log
    if len(os.sched_getaffinity(0)) > 1:  # pinned: one CPU for every thread
        (only,) = cpus
        assert len(only) == 1 and f"the bot's threads run on CPU {min(only)}" in log
    assert botapi.token not in log and botapi.token.split(":")[1] not in log
    botapi.assert_no_violations()


@pytest.fixture(autouse=True)
def _no_env_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
