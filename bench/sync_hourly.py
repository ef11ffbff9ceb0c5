"""Hourly syncs that bring 100 new uploads into a channel of 200 vs 10,000 videos, end to end.

Run: .venv/bin/python -m bench.sync_hourly --sizes 200 10000 --repeat 5

For each backend and channel size: a channel of that many uploads (one every 6 hours) on the
fake Google (tests/support/fakes/google_server.py, real HTTP on 127.0.0.1), synced once in full
(not timed); then two hourly syncs (Mode.YOUNG, the sync every connected creator runs every
hour), each finding 50 uploads of the last hour on the playlist's first page: 100 new pieces in
all. Timed, summed over the two syncs: the CPU this process spent less the CPU the fake spent
answering (the fake runs in this process; Google's own time is not ours to count), the wall
time less the fake's answering time, the wall time, and the refresh part. The API work is the
same at every size (the new and the young videos), so what grows with the channel is ours.
Each figure is the least of ``--repeat`` channels, the sizes taking turns. PostgreSQL runs when
reachable (see bench.ingest).
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import timedelta
from typing import Any

from bench.ingest import database_url, postgres_reachable
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
    totals["wall"] += time.perf_counter() - wall
    totals["ours"] += time.perf_counter() - wall - (fake.wall - fake_wall)
    spent = fake.cpu - fake_cpu
    totals["cpu"] += time.process_time() - cpu - spent
    totals["fake_cpu"] += spent
    totals["refresh"] += sum(refreshes)
    totals["refresh_cpu"] += sum(refresh_cpu)
    totals["calls"] += fake.calls - calls
    if outcome.status != "synced" or outcome.created != NEW_PER_SYNC:
        raise RuntimeError(f"the hourly sync did not bring the new uploads: {outcome}")


def best_of(backend: str, platform: str, sizes: list[int], repeat: int) -> list[dict[str, Any]]:
    """The least of ``repeat`` accounts per figure and size, the sizes taking turns."""
    runs: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
    for _ in range(repeat):
        for size in sizes:
            runs[size].append(one_channel(backend, platform, size))
    least = {size: {k: min(r[k] for r in runs[size]) for k in runs[size][0]} for size in sizes}
    return [{"backend": backend, "platform": platform, "size": s} | least[s] for s in sizes]


def markdown(rows: list[dict[str, Any]]) -> str:
    """The results as the table in docs/PERFORMANCE.md (ratios against the smallest size)."""
    lines = [
        "| backend | platform | account | 2 hourly syncs, 100 new: CPU (ours) | × | wall less "
        "the fake's | × | wall | refresh part (CPU) | the fake's CPU | API calls |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    least = min(r["size"] for r in rows)
    smallest = {(r["backend"], r["platform"]): r for r in rows if r["size"] == least}
    for r in rows:
        base = smallest[r["backend"], r["platform"]]
        lines.append(
            f"| {r['backend']} | {r['platform']} | {r['size']:,} | {r['cpu']:.3f} s "
            f"| {r['cpu'] / base['cpu']:.2f}× | {r['ours']:.3f} s "
            f"| {r['ours'] / base['ours']:.2f}× | {r['wall']:.3f} s "
            f"| {r['refresh']:.3f} s "
            f"({r['refresh_cpu']:.3f} s) | {r['fake_cpu']:.3f} s | {r['calls']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run every (backend, size) and print the table with the load average."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 10_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--platforms", nargs="+", default=["youtube"], choices=sorted(PLATFORMS))
    args = parser.parse_args()
    rows = []
    for backend in args.backends:
        if backend == "postgresql" and not postgres_reachable():
            print("PostgreSQL unreachable: skipped")
            continue
        for platform in args.platforms:
            rows += best_of(backend, platform, args.sizes, args.repeat)
    print(markdown(rows))
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
