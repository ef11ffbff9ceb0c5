"""The Telegram front-end under load: replies/s and latency through the local Bot API server.

Run: .venv/bin/python -m bench.telegram [--pieces 1000] [--turns 100] [--rounds 3] [--text TEXT ...]
         [--no-stub] [--no-chart-cache] [--no-pin]

The real bot (Application with long polling, per-chat ordered concurrency, AIORateLimiter, the
agent's rules engine over SQLite with one creator of ``--pieces`` pieces) answers 1, 10 and 100
chats that each send their next message as soon as the previous answer arrives. Beside it, an
echo bot on the same stack and server (same Application, renderer and sender, no database) gives
the floor. Latency runs from the moment the person's message is queued at the server until the
bot's first answering message reaches it. The server, the bot and the simulated people share one
event loop and process, so "CPU ms/reply" (the process's CPU time over the measured replies, all
of it) is the figure that least depends on what else the machine runs: on a busy machine the
wall-clock rates fall, the CPU per reply does not.

Every bot is measured ``--rounds`` times, the bots taking turns, and each row gives the medians;
"vs echo" is the bot's rate over the echo bot's in the same round (median over the rounds), since
this machine's speed drifts between runs more than between neighbouring ones. The process's
threads are pinned to one CPU first, as `whatsworking run` does (``--no-pin``: as with
``WHATSWORKING_PIN_CPU=false``).

Two extra rows per text separate the front-end from the agent: "agent stubbed" sends the very
reply the agent gave (same text, buttons and chart) without running the agent; and for a text
with a chart, "no chart cache" draws every chart anew in the chart workers and uploads it (with
the PNG cache and Telegram's file_id of an earlier upload, the 100 chats, all one creator, ask
for the same chart; first round only, it is slow). Prints a Markdown table for
docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import functools
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from telegram.ext import AIORateLimiter

from bot.charts.pool import ChartPool
from bot.chat.identities import CreatorKeys, IdentityKeys
from bot.cpu_affinity import pin_threads_to_one_cpu
from bot.telegram.app import build_application, serve_telegram
from bot.telegram.frontend import TelegramFrontEnd
from bot.telegram.photos import PhotoIds
from context.reply import ChatAgent, ChatRequest, Paragraph, Reply
from simulator import enable_demo
from storage import Database, open_database
from storage.clock import FixedClock
from storage.creators import get_creator, link_identity
from tests.support.fakes.botapi_server import BotApiServer

SECRET = b"bench-secret"
LEVELS = (1, 10, 100)
FIRST_USER = 10_000
POLL = datetime.timedelta(seconds=1)


class EchoAgent:
    """The floor: answers every text with itself, touching nothing."""

    def handle(self, request: ChatRequest) -> Reply:
        """Echo."""
        return Reply(blocks=(Paragraph(request.text or ""),))


@dataclass(frozen=True)
class StubAgent:
    """The agent's reply to one text, given back at once: the front-end's share of a turn."""

    reply: Reply

    def handle(self, request: ChatRequest) -> Reply:
        """The stored reply."""
        return self.reply


class StaticKeys:
    """Every chat reaches the same (pretend) creator."""

    def creator_key(self, channel: str, external_id: str) -> str | None:
        """A constant key."""
        return "echo"


@dataclass(frozen=True)
class Level:
    """The figures of one bot at one concurrency, in one round."""

    bot: str
    chats: int
    replies: int
    seconds: float
    latencies: list[float]
    cpu_seconds: float

    @property
    def rate(self) -> float:
        """Replies per second."""
        return self.replies / self.seconds

    def quantile_ms(self, percent: int) -> float:
        """A latency percentile in ms."""
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return cuts[percent - 1] * 1000

    @property
    def cpu_ms(self) -> float:
        """The process's CPU per reply, ms."""
        return self.cpu_seconds / self.replies * 1000


@dataclass(frozen=True)
class Summary:
    """One bot at one concurrency over the rounds: medians, and the ratio to the echo floor."""

    bot: str
    chats: int
    replies: int
    rate: float
    p50: float
    p95: float
    cpu_ms: float
    vs_echo: float

    @classmethod
    def of(cls, levels: list[Level], echoes: list[Level]) -> Summary:
        """Medians over the rounds; the ratio is taken within each round, then the median."""
        ratios = [level.rate / echo.rate for level, echo in zip(levels, echoes, strict=False)]
        return cls(
            levels[0].bot,
            levels[0].chats,
            sum(level.replies for level in levels),
            statistics.median(level.rate for level in levels),
            statistics.median(level.quantile_ms(50) for level in levels),
            statistics.median(level.quantile_ms(95) for level in levels),
            statistics.median(level.cpu_ms for level in levels),
            statistics.median(ratios),
        )

    def row(self) -> str:
        """One Markdown table row."""
        return (
            f"| {self.bot} | {self.chats} | {self.replies} | {self.rate:.0f} | "
            f"{self.vs_echo * 100:.0f} % | {self.p50:.1f} | {self.p95:.1f} | {self.cpu_ms:.1f} |"
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
            link_identity(
                session, creator, "telegram", str(user), str(user), now=FixedClock().now()
            )


async def one_level(
    agent: ChatAgent,
    keys: CreatorKeys,
    name: str,
    chats: int,
    turns: int,
    text: str,
    chart_cache: bool = True,
) -> Level:
    """Run ``chats`` chats in a closed loop until ``turns`` replies arrived in all."""
    async with BotApiServer() as server:
        charts = ChartPool() if chart_cache else ChartPool(cache_bytes=0)
        photos = PhotoIds() if chart_cache else PhotoIds(size=0)  # 0: upload every chart
        front = TelegramFrontEnd(agent, keys, SECRET, chart_renderer=charts, photos=photos)
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
        started, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(_talk(server, user, per_chat, text, latencies) for user in users))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        stop.set()
        await task
        await asyncio.to_thread(charts.close)
        server.assert_no_violations()
    return Level(name, chats, len(latencies), elapsed, latencies, cpu)


async def _talk(
    server: BotApiServer, user: int, turns: int, text: str, latencies: list[float]
) -> None:
    for _ in range(turns):
        before = len(server.bot_messages(user))
        sent = time.perf_counter()
        server.push_text(user, user, text)
        await server.wait_for(functools.partial(_answered, server, user, before), timeout=120)
        latencies.append(time.perf_counter() - sent)


def _answered(server: BotApiServer, user: int, before: int) -> bool:
    return len(server.bot_messages(user)) > before


def real_agent(db: Database) -> ChatAgent:
    """The product's agent (rules engine; no LLM)."""
    from context.agent import Agent

    return Agent(db, FixedClock())


@dataclass(frozen=True)
class Variant:
    """One kind of row: which agent answers, under what name, with or without the chart cache."""

    name: str
    agent: ChatAgent
    keys: CreatorKeys
    text: str
    chart_cache: bool = True


def variants(db: Database, texts: list[str], stub: bool, no_cache: bool) -> list[Variant]:
    """The echo floor, then per text: the real bot, its agent stubbed, and without chart cache."""
    agent, keys = real_agent(db), IdentityKeys(db)
    found = [Variant("echo", EchoAgent(), StaticKeys(), "hi")]
    for text in texts:
        name = f"whatsworking `{text}`"
        found.append(Variant(name, agent, keys, text))
        reply = agent.handle(ChatRequest("telegram", str(FIRST_USER), str(FIRST_USER), text))
        if stub:
            found.append(Variant(f"{name}, agent stubbed", StubAgent(reply), keys, text))
        if no_cache and reply.chart is not None:
            found.append(Variant(f"{name}, no chart cache", agent, keys, text, False))
    return found


async def run(
    pieces: int,
    turns: int,
    texts: list[str],
    stub: bool = True,
    no_cache: bool = True,
    rounds: int = 3,
) -> list[Summary]:
    """Every bot at every level, ``rounds`` times in turn; one summary row per bot and level.

    Rounds alternate the bots so that each is measured beside the echo floor of the same round:
    this machine's speed drifts by a quarter between runs, and the ratio to echo drifts less.
    The rows drawing every chart anew are slow and run in the first round only.
    """
    measured: dict[tuple[str, int], list[Level]] = {}
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        seed(db, pieces, max(LEVELS))
        for round_number in range(rounds):
            for v in variants(db, texts, stub, no_cache):
                if round_number > 0 and not v.chart_cache:
                    continue
                for chats in LEVELS:
                    level = await one_level(
                        v.agent, v.keys, v.name, chats, turns, v.text, chart_cache=v.chart_cache
                    )
                    measured.setdefault((v.name, chats), []).append(level)
        db.dispose()
    summaries = [
        Summary.of(levels, measured[("echo", chats)]) for (_, chats), levels in measured.items()
    ]
    for summary in summaries:
        print(summary.row(), flush=True)
    return summaries


def main() -> None:
    """Parse the options, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pieces", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=100, help="replies measured per level")
    parser.add_argument("--rounds", type=int, default=3, help="times every bot is measured")
    parser.add_argument(
        "--text",
        action="append",
        help="what every person sends (repeatable; default: /help, /content 12, /top)",
    )
    parser.add_argument("--no-stub", action="store_true", help="skip the agent-stubbed rows")
    parser.add_argument(
        "--no-chart-cache", action="store_true", help="skip the rows drawing every chart anew"
    )
    parser.add_argument(
        "--no-pin",
        action="store_true",
        help="let the threads spread over CPUs (as with WHATSWORKING_PIN_CPU=false)",
    )
    args = parser.parse_args()
    if not args.no_pin:
        pin_threads_to_one_cpu()  # what `whatsworking run` does by default
    print("| bot | chats | replies | replies/s | vs echo | p50 ms | p95 ms | CPU ms/reply |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    texts = args.text or ["/help", "/content 12", "/top"]
    asyncio.run(
        run(args.pieces, args.turns, texts, not args.no_stub, not args.no_chart_cache, args.rounds)
    )


if __name__ == "__main__":
    main()
