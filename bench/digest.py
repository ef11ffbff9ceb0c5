"""Digests for many creators, the scheduler's per-minute work, and delivery against Telegram's cap.

Run: .venv/bin/python -m bench.digest [--sizes 1000 10000] [--backends sqlite postgresql]
     [--messages 300] [--charts 60]

1. Compose: ``compose_digest`` for every creator (50 pieces each, cloned from a few real creators
   that went through the simulator, ingest and refresh; see bench/digest_data.py), one after
   another and with 4 threads. Also the scheduler's planning at the digest minute (derive what is
   due for everyone, claim it in the delivery log) and on a quiet minute (derive, find it all
   claimed) — the cost every tick pays.
2. Deliver: a scheduler tick sending reminders (two a creator, to their own chats) through the
   local Bot API test server with the production rate limiter (30 messages/s overall, 1/s per
   chat), the same without any limiter (the stack's ceiling), and digests with real charts.
Prints Markdown tables for docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, update
from telegram.ext import ExtBot

from bench.digest_data import NOW, clone_creators, make_templates
from bench.ingest import database_url, postgres_reachable
from bot.scheduler import Dispatcher, SchedulerConfig
from bot.telegram.notify import TelegramNotifier, scheduler_bot
from context.scheduled.delivery.claims import plan_tick
from context.scheduled.delivery.early import AlertMemo
from context.scheduled.digest import compose_digest
from storage import Database, open_database
from storage.clock import FixedClock
from storage.models import Creator, Delivery
from tests.support.fakes.botapi_server import BotApiServer
from tests.support.telegram_samples import tiny_png

SECRET = b"bench-secret"
Renderer = Callable[[Any], bytes]
THREADS = 4


@contextmanager
def populated(
    backend: str, size: int, templates: int, pieces: int
) -> Iterator[tuple[Database, Any, float]]:
    """A fresh database with ``size`` cloned creators; yields (db, their ids, setup seconds)."""
    with database_url(backend) as url:
        db = open_database(url)
        started = time.perf_counter()
        ids = clone_creators(db, make_templates(db, templates, pieces), size)
        try:
            yield db, ids, time.perf_counter() - started
        finally:
            db.dispose()


def _compose_one(db: Database, creator_id: Any) -> float:
    started = time.perf_counter()
    with db.read() as session:
        compose_digest(session, creator_id, now=NOW, since=None)
    return time.perf_counter() - started


def compose_figures(db: Database, ids: list[Any]) -> dict[str, float]:
    """Sequential and threaded composition of every creator's digest."""
    started = time.perf_counter()
    each = [_compose_one(db, cid) for cid in ids]
    sequential = time.perf_counter() - started
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(lambda cid: _compose_one(db, cid), ids))
    threaded = time.perf_counter() - started
    each.sort()
    return {
        "sequential_s": sequential,
        "threaded_s": threaded,
        "median_ms": 1000 * statistics.median(each),
        "p95_ms": 1000 * each[int(0.95 * (len(each) - 1))],
    }


def tick_figures(db: Database) -> dict[str, float]:
    """The scheduler's database work at the digest minute and on the quiet minutes after it.

    A quiet minute between sweeps looks back to the last tick; every 15 minutes a sweep looks
    over the whole grace window (6 h; 24 h for alerts). The alert memo is warm, as in a
    running scheduler.
    """
    config, memo, channels = SchedulerConfig(), AlertMemo(), ["telegram"]
    busy_at = NOW + timedelta(seconds=5)
    seconds = {}
    for name, now, since in (
        ("busy_s", busy_at, None),  # the quiet tick's window starts after the busy minute
        ("quiet_s", busy_at + timedelta(minutes=5), busy_at + timedelta(minutes=4)),
        ("sweep_s", busy_at + timedelta(minutes=6), None),
    ):
        started = time.perf_counter()
        plan = plan_tick(db, now=now, config=config, channels=channels, memo=memo, since=since)
        seconds[name] = time.perf_counter() - started
        seconds.setdefault("claims", len(plan.claims))
        assert name == "busy_s" or not plan.claims
        with db.unit_of_work() as session:  # as if every claim had been sent
            session.execute(update(Delivery).values(status="sent"))
    return seconds


def _reset(db: Database, *, digests: list[Any], reminders: bool) -> None:
    """Forget every delivery; digests for ``digests`` only, reminders for all or none."""
    with db.unit_of_work() as session:
        session.execute(delete(Delivery))
        session.execute(
            update(Creator).values(
                last_digest_at=None, digest_enabled=False, reminders_enabled=reminders
            )
        )
        if digests:
            session.execute(
                update(Creator).where(Creator.id.in_(digests)).values(digest_enabled=True)
            )


def _fake_chart(_spec: Any) -> bytes:
    return tiny_png()


async def _deliver(db: Database, bot: ExtBot[Any], renderer: Renderer) -> tuple[int, float]:
    """One scheduler tick through ``bot``; returns (messages sent, seconds)."""
    notifier = TelegramNotifier(bot, SECRET, delays=(0.25,))
    clock = FixedClock(NOW + timedelta(seconds=5))
    worker = Dispatcher(db, [notifier], clock, SchedulerConfig(), chart_renderer=renderer)
    started = time.perf_counter()
    report = await worker.tick()
    seconds = time.perf_counter() - started
    assert report.sent == report.claimed, report
    return report.sent, seconds


async def delivery_figures(messages: int, charts: int) -> list[dict[str, Any]]:
    """Reminders capped and uncapped, then digests with real charts, through the test server."""
    from bot.charts.render import render_chart

    rows = []
    with populated("sqlite", max(messages // 2, charts), 2, 50) as (db, ids, _setup):
        async with BotApiServer() as server:

            def capped() -> ExtBot[Any]:
                return scheduler_bot(server.token, api_base_url=server.base_url)

            def uncapped() -> ExtBot[Any]:
                return ExtBot(server.token, base_url=server.base_url)

            runs: list[tuple[str, Callable[[], ExtBot[Any]], list[Any], bool, Renderer]] = [
                ("reminders, 30/s cap + 1/s per chat", capped, [], True, _fake_chart),
                (
                    "reminders, no rate limiter (the stack's ceiling)",
                    uncapped,
                    [],
                    True,
                    _fake_chart,
                ),
                ("digests with real charts, 30/s cap", capped, ids[:charts], False, render_chart),
            ]
            for label, make_bot, digests, reminders, renderer in runs:
                _reset(db, digests=digests, reminders=reminders)
                before = len(server.records)
                async with make_bot() as bot:
                    sent, seconds = await _deliver(db, bot, renderer)
                sends = [c for c in server.records[before:] if c.method.startswith("send")]
                rows.append(
                    {"run": label, "messages": sent, "sends": len(sends), "seconds": seconds}
                )
    return rows


COMPOSE_HEADER = (
    "| backend | creators | setup s | compose all s | with 4 threads s | per digest median ms "
    "| p95 ms | tick claims | busy tick s | quiet tick s | sweep tick s |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def compose_row(
    backend: str, size: int, setup: float, c: dict[str, float], t: dict[str, float]
) -> str:
    """One Markdown row of the composition table."""
    cells = [
        backend,
        f"{size:,}",
        f"{setup:.0f}",
        f"{c['sequential_s']:.1f}",
        f"{c['threaded_s']:.1f}",
        f"{c['median_ms']:.2f}",
        f"{c['p95_ms']:.2f}",
        f"{t['claims']:,.0f}",
        f"{t['busy_s']:.2f}",
        f"{t['quiet_s']:.2f}",
        f"{t['sweep_s']:.2f}",
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    """Run what was asked and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--templates", type=int, default=10)
    parser.add_argument("--pieces", type=int, default=50)
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--charts", type=int, default=60)
    args = parser.parse_args()
    print(COMPOSE_HEADER)
    for backend in args.backends:
        if backend == "postgresql" and not postgres_reachable():
            print(f"| {backend} | skipped: unreachable |")
            continue
        for size in args.sizes:
            with populated(backend, size, args.templates, args.pieces) as (db, ids, setup):
                row = compose_row(backend, size, setup, compose_figures(db, ids), tick_figures(db))
            print(row, flush=True)
    if args.messages or args.charts:
        print("\n| delivery run | messages | Bot API sends | seconds | sends/s |")
        print("|---|---:|---:|---:|---:|")
        for found in asyncio.run(delivery_figures(args.messages, args.charts)):
            rate = found["sends"] / found["seconds"]
            cells = [found["run"], found["messages"], found["sends"], f"{found['seconds']:.1f}"]
            print("| " + " | ".join(map(str, cells)) + f" | {rate:.1f} |")


if __name__ == "__main__":
    main()
