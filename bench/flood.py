"""One chat floods the Telegram bot while another asks one question: how long the other waits.

Run: .venv/bin/python -m bench.flood [--flood 200] [--rounds 3]

The real Application (long polling against the local Bot API server, the per-chat update
processor, AIORateLimiter at Telegram's own rates) with the scripted agent of the end-to-end
tests over SQLite. Each round, chat A sends ``--flood`` messages at once, then chat B one; the
table gives B's wait from queueing its message to the bot's answer reaching the server, the
time until the whole flood is settled, how many of A's updates were turned away, and the
process's peak memory. Prints a Markdown table for docs/PERFORMANCE.md ("Hostile input").
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import tempfile
import time
from pathlib import Path

from storage import open_database
from storage.clock import FixedClock
from tests.support.fakes.botapi_server import BotApiServer
from tests.telegram.agent_double import ScriptedAgent
from tests.telegram.conftest import start_harness
from tests.telegram.harness import Harness

FLOODER, NEIGHBOUR = 9101, 9102
HEADER = (
    "| flood | rounds | B's wait, median (max) | flood settled, median | turned away | peak MiB |"
)


async def onboard(harness: Harness, user: int) -> None:
    """/start, a timezone and a demo niche."""
    welcome = await harness.say_one(user, "/start")
    await harness.press(user, welcome, "UTC")
    await harness.press(user, welcome, "Travel")


async def one_round(harness: Harness, flood: int, n: int) -> tuple[float, float, int]:
    """(B's wait, the flood's settling time, updates turned away) for one flood."""
    server, away = harness.botapi, harness.processor.turned_away
    seen = len(server.bot_messages(NEIGHBOUR))
    started = time.perf_counter()
    for i in range(flood):
        server.push_text(FLOODER, FLOODER, f"flood {n}.{i}")
    server.push_text(NEIGHBOUR, NEIGHBOUR, f"hello {n}")
    harness.pushed += flood + 1
    queued = time.perf_counter()
    await server.wait_for(lambda: len(server.bot_messages(NEIGHBOUR)) > seen, timeout=60)
    waited = time.perf_counter() - queued
    await harness.settle()
    return waited, time.perf_counter() - started, harness.processor.turned_away - away


async def run(flood: int, rounds: int) -> list[tuple[float, float, int]]:
    """Every round's figures."""
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'flood.db'}")
        async with BotApiServer() as server:
            harness = await start_harness(server, db, ScriptedAgent(db, FixedClock()))
            harness.processor.on_completed.append(server.notify)
            try:
                await onboard(harness, FLOODER)
                await onboard(harness, NEIGHBOUR)
                return [await one_round(harness, flood, n) for n in range(rounds)]
            finally:
                await harness.close()
                db.dispose()


def main() -> None:
    """Run the rounds and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--flood", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results = asyncio.run(run(args.flood, args.rounds))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    waits = [r[0] for r in results]
    print(HEADER)
    print("|---|---|---|---|---|---|")
    print(
        f"| {args.flood} | {args.rounds} | {statistics.median(waits):.2f} s ({max(waits):.2f} s) "
        f"| {statistics.median(r[1] for r in results):.2f} s | {results[0][2]} per flood "
        f"| {peak:.0f} |"
    )


if __name__ == "__main__":
    main()
