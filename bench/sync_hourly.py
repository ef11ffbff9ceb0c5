"""Hourly syncs that bring 100 new uploads into an account of 200 vs 10,000 pieces, end to end.

Run: .venv/bin/python -m bench.sync_hourly --repeat 3 --platforms youtube instagram tiktok

For each backend, platform and account size: an account of that many uploads (one every 6 hours)
on the platform's fake (tests/support/fakes/, real HTTP on 127.0.0.1), synced once in full (not
timed); then two hourly syncs (Mode.YOUNG, the sync every connected creator runs every hour),
each finding 50 uploads of the last hour: 100 new pieces in all. Timed, summed over the two
syncs: the CPU this process spent less the CPU the fake spent answering (the fake runs in this
process; the platform's own time is not ours to count), the wall time less the fake's answering
time, the wall time, and the refresh part. The API work is the same at every size (the new and
the young pieces), so what grows with the account is ours. Each figure is the least of
``--repeat`` accounts, the sizes taking turns (bench/sync_platforms.py, bench/alternating.py).
PostgreSQL runs when reachable (see bench.ingest).
"""

from __future__ import annotations

import time
from datetime import timedelta
from functools import partial
from typing import Any

from bench import alternating as turns
from bench.ingest import database_url
from bench.refresh import timed_refresh
from bench.sync_platforms import PLATFORMS, FakeTime, fake_time
from storage import open_database
from storage.clock import FixedClock
from storage.wal_checkpoint import CHECKPOINTS
from tests.sync.helpers import START, cipher

EVERY = timedelta(hours=6)
NEW_PER_SYNC = 50  # a YOUNG sync reads the playlist's first page: 50 uploads
SYNCS = 2


def one_channel(backend: str, platform: str, size: int) -> dict[str, float]:
    """Sync a ``size``-piece account in full, then time two hourly syncs of 50 new uploads."""
    names = ("wall", "ours", "cpu", "refresh", "refresh_cpu", "fake_cpu", "calls")
    totals = dict.fromkeys(names, 0.0)
    clock, key, kind = FixedClock(START), cipher(), PLATFORMS[platform]
    with database_url(backend) as url, kind.open(clock) as fake, fake_time() as spent:
        kind.add(fake, size, START - EVERY * size, EVERY)
        db = open_database(url)
        try:
            kind.connect(db, fake, key, clock)
            sync = kind.runner(db, fake, key, clock)
            sync.run_due()
            for _ in range(SYNCS):
                clock.advance(timedelta(hours=1))
                spacing = timedelta(minutes=59) / NEW_PER_SYNC
                kind.add(fake, NEW_PER_SYNC, clock.now() - timedelta(minutes=59), spacing)
                CHECKPOINTS.settle()  # the previous sync's log copied before this one is timed
                _timed_sync(sync, spent, totals)
        finally:
            db.dispose()
    return totals


def _timed_sync(sync: Any, fake: FakeTime, totals: dict[str, float]) -> None:
    refreshes: list[float] = []
    refresh_cpu: list[float] = []
    fake_cpu, fake_wall, calls = fake.cpu, fake.wall, fake.calls
    wall, cpu = time.perf_counter(), time.process_time()
    with timed_refresh(refreshes, refresh_cpu):
        [outcome] = sync.run_due(force=True)
    elapsed = time.perf_counter() - wall
    totals["wall"] += elapsed
    totals["ours"] += elapsed - (fake.wall - fake_wall)
    spent = fake.cpu - fake_cpu
    totals["cpu"] += time.process_time() - cpu - spent
    totals["fake_cpu"] += spent
    totals["refresh"] += sum(refreshes)
    totals["refresh_cpu"] += sum(refresh_cpu)
    totals["calls"] += fake.calls - calls
    if outcome.status != "synced" or outcome.created != NEW_PER_SYNC:
        raise RuntimeError(f"the hourly sync did not bring the new uploads: {outcome}")


def markdown(rows: list[dict[str, Any]]) -> str:
    """The results as the table in docs/PERFORMANCE.md (ratios against the smallest size)."""
    lines = [
        "| backend | platform | account | 2 hourly syncs, 100 new: CPU (ours) | × | wall less "
        "the fake's | × | wall | refresh part (CPU) | the fake's CPU | API calls |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    base_of = turns.smallest_alike(rows, "backend", "platform")
    for r in rows:
        base = base_of(r)
        lines.append(
            f"| {r['backend']} | {r['platform']} | {r['size']:,} | {r['cpu']:.3f} s "
            f"| {r['cpu'] / base['cpu']:.2f}× | {r['ours']:.3f} s "
            f"| {r['ours'] / base['ours']:.2f}× | {r['wall']:.3f} s "
            f"| {r['refresh']:.3f} s "
            f"({r['refresh_cpu']:.3f} s) | {r['fake_cpu']:.3f} s | {r['calls']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run every (backend, platform, size) and print the table with the load average."""
    parser = turns.size_arguments(__doc__)
    parser.add_argument("--platforms", nargs="+", default=["youtube"], choices=sorted(PLATFORMS))
    args = parser.parse_args()
    rows = []
    for backend in turns.reachable(args.backends):
        for platform in args.platforms:
            run = partial(one_channel, backend, platform)
            rows += turns.least_in_turns(
                args.sizes, args.repeat, run, backend=backend, platform=platform
            )
    print(markdown(rows))
    print(turns.load_line())


if __name__ == "__main__":
    main()
