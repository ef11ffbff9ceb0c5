"""Run the real ``whatsworking run --discord`` in a child process against the local Discord."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.fakes.botapi_server import BotApiServer
from tests.support.fakes.discord_server import DiscordServer
from tests.support.fakes.discord_state import StoredInteraction, StoredMessage

START_SECONDS = 60.0
QUIET_SECONDS = 0.3  # no call for this long after the answer: the bot is done with it


@dataclass
class RunningBot:
    """The child process and the fake it talks to."""

    discord: DiscordServer
    process: asyncio.subprocess.Process

    async def answer(self, found: StoredInteraction, timeout: float = 60.0) -> list[StoredMessage]:
        """Wait until the interaction is answered and the bot has gone quiet; its messages."""
        await self.discord.wait_for(lambda: found.answered or found.refused, timeout)
        await self.quiet()
        return self.discord.replies(found)

    async def quiet(self) -> None:
        """Wait until no REST call has come for ``QUIET_SECONDS``."""
        while True:
            count = len(self.discord.store.calls)
            await asyncio.sleep(QUIET_SECONDS)
            if len(self.discord.store.calls) == count:
                return

    async def dm_answer(self, user: int, before: int, timeout: float = 60.0) -> list[StoredMessage]:
        """The bot's new DMs to ``user`` after it had sent ``before`` of them."""
        await self.discord.wait_for(lambda: len(self.discord.dms(user)) > before, timeout)
        await self.quiet()
        return self.discord.dms(user)[before:]

    async def stop(self) -> str:
        """SIGTERM, as a service manager stops it; the log it wrote."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            _, stderr = await asyncio.wait_for(self.process.communicate(), timeout=40)
        finally:
            if self.process.returncode is None:
                self.process.kill()
                await self.process.wait()
        return stderr.decode()


async def start_bot(
    discord: DiscordServer,
    database_url: str,
    folder: Path,
    *,
    telegram: BotApiServer | None = None,
    **env: str,
) -> RunningBot:
    """Start ``whatsworking run --discord`` (with ``--telegram`` against ``telegram`` when
    given) and wait until its Discord gateway session is ready."""
    environment = {
        **os.environ,
        "DISCORD_BOT_TOKEN": discord.token,
        "DISCORD_API_BASE_URL": discord.base_url,
        "WHATSWORKING_PIN_CPU": "false",
        "WHATSWORKING_LOG_LEVEL": "INFO",
        "WHATSWORKING_RATE_TURNS": "600/minute",  # a test's creator may run a command a second
        **env,
    }
    for name in ("TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        environment.pop(name, None)
    if telegram is not None:
        environment["TELEGRAM_BOT_TOKEN"] = telegram.token
        environment["TELEGRAM_API_BASE_URL"] = f"http://127.0.0.1:{telegram.port}"
    services = ("--discord", "--telegram") if telegram is not None else ("--discord",)
    script = Path(sys.executable).parent / "whatsworking"
    process = await asyncio.create_subprocess_exec(
        str(script),
        "run",
        *services,
        "--db",
        database_url,
        cwd=folder,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    bot = RunningBot(discord, process)
    ready = lambda: discord.gateway.connected or process.returncode is not None  # noqa: E731
    try:
        await discord.wait_for(ready, START_SECONDS)
    except AssertionError:
        raise AssertionError((await bot.stop())[-3000:]) from None
    if process.returncode is not None:
        raise AssertionError((await bot.stop())[-3000:])
    return bot
