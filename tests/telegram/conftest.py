"""The real Telegram Application, polling the local Bot API server, over a real database."""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import AsyncIterator, Callable

import pytest
from telegram.ext import AIORateLimiter

from bot.charts.pool import ChartPool
from bot.chat.identities import IdentityKeys
from bot.telegram.app import build_application, serve_telegram
from bot.telegram.frontend import TelegramFrontEnd
from context.reply import ChatAgent
from storage import Database
from storage.clock import FixedClock
from tests.support.botapi_fixture import botapi
from tests.support.fakes.botapi_server import BotApiServer
from tests.telegram.agent_double import ScriptedAgent
from tests.telegram.harness import SECRET, Harness

__all__ = ["botapi"]  # the local Bot API server fixture (tests/support/botapi_fixture.py)

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
AgentFactory = Callable[[Database, FixedClock], ChatAgent]


@pytest.fixture
def clock() -> FixedClock:
    """The time every turn sees."""
    return FixedClock()


@pytest.fixture
def agent_factory() -> AgentFactory:
    """Which agent the bot talks to (tests override this fixture to use the real one)."""
    return lambda db, clock: ScriptedAgent(db, clock)


@pytest.fixture
async def harness(
    botapi: BotApiServer,
    sqlite_db: Database,
    clock: FixedClock,
    agent_factory: AgentFactory,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Harness]:
    """A running bot; afterwards Telegram must have accepted every call, every button press
    must have been answered and no log line may hold the token."""
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.WARNING, logger="httpx")  # as configure_service_logging does
    running = await start_harness(botapi, sqlite_db, agent_factory(sqlite_db, clock))
    yield running
    await running.close()
    assert not getattr(running.front.chart_renderer, "started", False), "chart workers leaked"
    botapi.assert_no_violations()
    assert botapi.unanswered_callbacks() == []
    assert botapi.token not in caplog.text


async def start_harness(botapi: BotApiServer, db: Database, agent: ChatAgent) -> Harness:
    """Build the Application, start polling and wait until it listens."""
    charts = ChartPool()  # the harness owns it, as the App does in `whatsworking run`
    front = TelegramFrontEnd(
        agent, IdentityKeys(db), SECRET, chart_renderer=charts, delays=(0.01, 0.05)
    )
    app = build_application(
        front,
        botapi.token,
        api_base_url=f"http://127.0.0.1:{botapi.port}",
        rate_limiter=AIORateLimiter(max_retries=2),
    )
    harness = Harness(botapi, app, front, db)
    harness.processor.on_completed.append(botapi.notify)
    timeout = datetime.timedelta(seconds=2)
    task = asyncio.create_task(serve_telegram(app, harness.stop, poll_timeout=timeout))
    harness.task = task
    await botapi.wait_for(lambda: botapi.polling or task.done())
    if task.done():
        task.result()
    return harness
