"""The Telegram front-end under load: replies/s and latency through the local Bot API server.

Run: .venv/bin/python -m bench.telegram [--pieces 1000] [--turns 100] [--text TEXT ...]

The real bot (Application with long polling, per-chat ordered concurrency, AIORateLimiter, the
agent's rules engine over SQLite with one creator of ``--pieces`` pieces) answers 1, 10 and 100
chats that each send their next message as soon as the previous answer arrives. Beside it, an
echo bot on the same stack and server (same Application, renderer and sender, no database) gives
the floor. Latency runs from the moment the person's message is queued at the server until the
bot's first answering message reaches it. The server, the bot and the simulated people share one
event loop and process. Prints a Markdown table for docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from telegram.ext import AIORateLimiter

from bot.identities import CreatorKeys, IdentityKeys
from bot.telegram_app import build_application, serve_telegram
from bot.telegram_bot import TelegramFrontEnd
from context.reply import ChatAgent, ChatRequest, Paragraph, Reply
from simulator import enable_demo
from storage import Database, open_database
from storage.clock import FixedClock
from storage.creators import get_creator, link_identity
from tests.fakes.botapi_server import BotApiServer

SECRET = b"bench-secret"
LEVELS = (1, 10, 100)
FIRST_USER = 10_000
POLL = datetime.timedelta(seconds=1)


class EchoAgent:
    """The floor: answers every text with itself, touching nothing."""

    def handle(self, request: ChatRequest) -> Reply:
        """Echo."""
        return Reply(blocks=(Paragraph(request.text or ""),))


class StaticKeys:
    """Every chat reaches the same (pretend) creator."""

    def creator_key(self, channel: str, external_id: str) -> str | None:
        """A constant key."""
        return "echo"


@dataclass(frozen=True)
class Level:
    """The figures of one bot at one concurrency."""

    bot: str
    chats: int
    replies: int
    seconds: float
    latencies: list[float]

    def row(self) -> str:
        """One Markdown table row."""
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        rate = self.replies / self.seconds
        return (
            f"| {self.bot} | {self.chats} | {self.replies} | {rate:.0f} | "
            f"{cuts[49] * 1000:.1f} | {cuts[94] * 1000:.1f} |"
        )


def seed(db: Database, pieces: int, chats: int) -> None:
    """One creator with ``pieces`` demo pieces, reached from ``chats`` Telegram accounts."""
    with db.unit_of_work() as session:
        result = enable_demo(
            session,
            handle="bench",
            niche="tech_reviews",
            profile="mid",
            pieces=pieces,
            seed=1,
            now=FixedClock().now(),
            timezone="Europe/Berlin",
        )
        creator = get_creator(session, result.creator_id)
        for user in range(FIRST_USER, FIRST_USER + chats):
            link_identity(session, creator, "telegram", str(user), str(user))


async def one_level(
    agent: ChatAgent, keys: CreatorKeys, name: str, chats: int, turns: int, text: str
) -> Level:
    """Run ``chats`` chats in a closed loop until ``turns`` replies arrived in all."""
    async with BotApiServer() as server:
        front = TelegramFrontEnd(agent, keys, SECRET)
        # Telegram's own 30 messages/s cap would hide the bot's speed; the limiter still runs.
        limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)
        app = build_application(
            front,
            server.token,
            api_base_url=f"http://127.0.0.1:{server.port}",
            rate_limiter=limiter,
        )
        stop = asyncio.Event()
        task = asyncio.create_task(serve_telegram(app, stop, poll_timeout=POLL))
        await server.wait_for(lambda: server.polling, timeout=30)
        users = range(FIRST_USER, FIRST_USER + chats)
        await asyncio.gather(*(_talk(server, user, 1, text, []) for user in users))  # warm-up
        latencies: list[float] = []
        per_chat = max(1, turns // chats)
        started = time.perf_counter()
        await asyncio.gather(*(_talk(server, user, per_chat, text, latencies) for user in users))
        elapsed = time.perf_counter() - started
        stop.set()
        await task
        server.assert_no_violations()
    return Level(name, chats, len(latencies), elapsed, latencies)


async def _talk(
    server: BotApiServer, user: int, turns: int, text: str, latencies: list[float]
) -> None:
    for _ in range(turns):
        before = len(server.bot_messages(user))
        sent = time.perf_counter()
        server.push_text(user, user, text)
        await server.wait_for(lambda n=before: len(server.bot_messages(user)) > n, timeout=120)
        latencies.append(time.perf_counter() - sent)


def real_agent(db: Database) -> ChatAgent:
    """The product's agent (rules engine; no LLM)."""
    from context.agent import Agent

    return Agent(db, FixedClock())


async def run(pieces: int, turns: int, texts: list[str]) -> list[Level]:
    """Every level for the echo bot, then for the real bot with each text."""
    results: list[Level] = []
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        seed(db, pieces, max(LEVELS))
        agent, keys = real_agent(db), IdentityKeys(db)
        for chats in LEVELS:
            results.append(await one_level(EchoAgent(), StaticKeys(), "echo", chats, turns, "hi"))
            print(results[-1].row(), flush=True)
        for text in texts:
            for chats in LEVELS:
                name = f"whatsworking `{text}`"
                results.append(await one_level(agent, keys, name, chats, turns, text))
                print(results[-1].row(), flush=True)
        db.dispose()
    return results


def main() -> None:
    """Parse the options, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pieces", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=100, help="replies measured per level")
    parser.add_argument(
        "--text",
        action="append",
        help="what every person sends (repeatable; default: /help, /content 12, /top)",
    )
    args = parser.parse_args()
    print("| bot | chats | replies | replies/s | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    asyncio.run(run(args.pieces, args.turns, args.text or ["/help", "/content 12", "/top"]))


if __name__ == "__main__":
    main()
