"""The Discord front-end over the wire: acknowledgement latency, a burst, and 429s.

Run: .venv/bin/python -m bench.discord [--pieces 1000] [--turns 60] [--users 50] [--throttles 10]

The real ``whatsworking run --discord`` (a child process, its threads pinned to one CPU as in
production) talks to the local Discord (``tests/support/fakes/discord_server.py``) over HTTP
and a websocket; one creator with ``--pieces`` demo pieces is reached from ``--users`` Discord
accounts. Three measurements:

- sequential: ``--turns`` slash commands per command, one at a time; "ack" runs from the moment
  the fake sends INTERACTION_CREATE until it accepts the first response (the answer or a
  deferral; Discord's deadline is 3 s), "answer" until the answer is complete;
- burst: every user runs ``/whatsworking content`` at once; replies/s is users over the time
  until the last answer is complete;
- the same burst with ``--throttles`` 429s queued on the interaction callback and the follow-up
  edit buckets and one global 429: lost (never answered, or refused) and duplicated (more
  messages than the same command gives without faults) are counted.

Prints a Markdown table for docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator import enable_demo
from storage import Database, open_database
from storage.clock import SystemClock
from storage.creators import get_creator, link_identity
from tests.discord.wire.harness import RunningBot, start_bot
from tests.support.fakes.discord_server import DiscordServer
from tests.support.fakes.discord_state import StoredInteraction

FIRST_USER = 1_400_000_000_000_000_000
COMMANDS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("help", {}),
    ("content", {"piece": "12"}),
    ("top", {}),
)
ANSWER_TIMEOUT = 120.0


@dataclass
class Row:
    """One line of the table."""

    name: str
    count: int
    ack_p50: float
    ack_p95: float
    answer_p50: float
    answer_p95: float
    rate: float | None = None
    lost: int | None = None
    duplicated: int | None = None

    def markdown(self) -> str:
        """The row; figures not measured are "—"."""
        cells = [self.rate, self.lost, self.duplicated]
        rate, lost, dup = ("—" if c is None else f"{c:.0f}" for c in cells)
        return (
            f"| {self.name} | {self.count} | {self.ack_p50:.0f} / {self.ack_p95:.0f} | "
            f"{self.answer_p50:.0f} / {self.answer_p95:.0f} | {rate} | {lost} | {dup} |"
        )


def quantile(values: list[float], q: int) -> float:
    """The q-th percentile in milliseconds."""
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000


def row(name: str, done: list[StoredInteraction], **extra: float | int | None) -> Row:
    """Latencies of the interactions that were answered."""
    acks = [f.acked_at - f.created for f in done if f.acked_at is not None]
    answers = [f.answered_at - f.created for f in done if f.answered_at is not None]
    return Row(
        name,
        len(done),
        quantile(acks, 50),
        quantile(acks, 95),
        quantile(answers, 50),
        quantile(answers, 95),
        **extra,  # type: ignore[arg-type]
    )


def seed(db: Database, pieces: int, users: int) -> None:
    """One creator with ``pieces`` demo pieces, reached from ``users`` Discord accounts."""
    clock = SystemClock()
    with db.unit_of_work() as session:
        result = enable_demo(
            session,
            handle="bench",
            niche="tech_reviews",
            profile="mid",
            pieces=pieces,
            seed=1,
            now=clock.now(),
            timezone="Europe/Berlin",
        )
        creator = get_creator(session, result.creator_id)
        for user in range(FIRST_USER, FIRST_USER + users):
            link_identity(session, creator, "discord", str(user), str(user), now=clock.now())


async def sequential(bot: RunningBot, turns: int) -> tuple[list[Row], int]:
    """Each command ``turns`` times, one at a time; the rows and the messages of one content."""
    rows, per_content = [], 0
    for path, options in COMMANDS:
        done = []
        for _ in range(turns):
            found = await bot.discord.slash(FIRST_USER, path, **options)
            await bot.discord.wait_for(lambda f=found: f.answered, ANSWER_TIMEOUT)  # type: ignore[misc]
            done.append(found)
        await bot.quiet()
        last = bot.discord.replies(done[-1])
        if path == "content":
            per_content = len(last)
        print(f"{path}: {last[0].text[:70]!r}", file=sys.stderr)  # a real answer, not a refusal
        label = " ".join([path, *options.values()])
        rows.append(row(f"sequential `/whatsworking {label}`", done))
    return rows, per_content


async def burst(bot: RunningBot, users: int) -> tuple[list[StoredInteraction], float]:
    """Every user runs ``content`` at once; the interactions and the seconds until all answered."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    pushes = [
        bot.discord.slash(FIRST_USER + n, "content", piece=str(12 + n % 20)) for n in range(users)
    ]
    found = list(await asyncio.gather(*pushes))
    settled = lambda: all(f.answered or f.refused for f in found)  # noqa: E731
    with contextlib.suppress(AssertionError):  # the unanswered ones are counted as lost
        await bot.discord.wait_for(settled, ANSWER_TIMEOUT)
    elapsed = loop.time() - start
    await bot.quiet()
    return found, elapsed


def report_refusals(name: str, found: list[StoredInteraction]) -> None:
    """Say on stderr which Discord errors the lost interactions got."""
    codes = Counter(code for f in found for code in f.refused)
    unanswered = sum(1 for f in found if not f.answered and not f.refused)
    print(f"{name}: refusals {dict(codes)}, never answered {unanswered}", file=sys.stderr)


def inject(discord: DiscordServer, throttles: int) -> None:
    """429s for the callback and edit buckets, and one global one."""
    for _ in range(throttles):
        discord.throttle_next("POST interactions", retry_after=0.25)
        discord.throttle_next("PATCH webhooks", retry_after=0.25)
    discord.throttle_globally(retry_after=0.5)


async def measure(args: argparse.Namespace, folder: Path) -> list[Row]:
    """All three measurements against one bot process."""
    url = f"sqlite:///{folder / 'bench.db'}"
    db = open_database(url)
    seed(db, args.pieces, args.users)
    db.dispose()
    async with DiscordServer() as discord:
        # One creator answers every user: its turn budget would refuse most of the load.
        bot = await start_bot(
            discord,
            url,
            folder,
            WHATSWORKING_PIN_CPU="true",
            WHATSWORKING_RATE_TURNS="100000/minute",
        )
        try:
            await sequential(bot, 3)  # warm-up: imports, caches, first chart
            rows, per_content = await sequential(bot, args.turns)
            found, elapsed = await burst(bot, args.users)
            answered = [f for f in found if f.answered and not f.refused]
            name = f"burst: {args.users} users at once"
            lost = len(found) - len(answered)
            rows.append(row(name, answered, rate=len(answered) / elapsed, lost=lost, duplicated=0))
            report_refusals(name, found)
            inject(discord, args.throttles)
            found, elapsed = await burst(bot, args.users)
            answered = [f for f in found if f.answered and not f.refused]
            extra = sum(max(0, len(discord.replies(f)) - per_content) for f in found)
            duplicated = extra + sum(1 for f in found if 40060 in f.refused)
            name = f"burst with {2 * args.throttles + 1} × 429"
            rate = len(answered) / elapsed
            lost = len(found) - len(answered)
            rows.append(row(name, answered, rate=rate, lost=lost, duplicated=duplicated))
            report_refusals(name, found)
            discord.assert_no_violations()
        finally:
            await bot.stop()
    return rows


def main() -> None:
    """Parse options, measure, print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pieces", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--throttles", type=int, default=10)
    args = parser.parse_args()
    before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        rows = asyncio.run(measure(args, Path(folder)))
    print(f"load average (1 min) before / after: {before:.1f} / {os.getloadavg()[0]:.1f}")
    print("| run | answered | ack p50 / p95 ms | answer p50 / p95 ms | replies/s | lost | dup |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for line in rows:
        print(line.markdown())


if __name__ == "__main__":
    main()
