"""Hourly syncs that bring 100 new uploads into a channel of 200 vs 10,000 videos, end to end.

Run: .venv/bin/python -m bench.sync_hourly --sizes 200 10000 --repeat 5

For each backend and channel size: a channel of that many uploads (one every 6 hours) on the
fake Google (tests/support/fakes/google_server.py, real HTTP on 127.0.0.1), synced once in full
(not timed); then two hourly syncs (Mode.YOUNG, the sync every connected creator runs every
hour), each finding 50 uploads of the last hour on the playlist's first page: 100 new pieces in
all. Timed, summed over the two syncs: the sync's wall time, the CPU this process spent on it
less the CPU the fake spent answering (the fake runs in this process; Google's own time is not
ours to count), and the refresh part. The API work is the same at every size (the new and the
young videos), so what grows with the channel is ours. Each figure is the least of ``--repeat``
channels, the sizes taking turns. PostgreSQL runs when reachable (see bench.ingest).
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from bench.ingest import database_url, postgres_reachable
from bench.refresh import timed_refresh
from storage import open_database
from storage.clock import FixedClock
from storage.wal_checkpoint import CHECKPOINTS
from tests.support.fakes import google_server
from tests.support.fakes.google_server import FakeGoogle
from tests.sync.helpers import START, cipher, connect, runner

EVERY = timedelta(hours=6)
NEW_PER_SYNC = 50  # a YOUNG sync reads the playlist's first page: 50 uploads
SYNCS = 2


class FakeTime:
    """CPU and wall seconds the fake's handlers spent answering (one request at a time)."""

    def __init__(self) -> None:
        self.cpu = 0.0
        self.wall = 0.0
        self._depth = threading.local()

    def wrap(self, method: Callable[..., None]) -> Callable[..., None]:
        """``method`` timed, except when called from within another timed one (POST → GET)."""

        def timed(handler: Any, *args: Any) -> None:
            depth = getattr(self._depth, "n", 0)
            self._depth.n = depth + 1
            cpu, wall = time.thread_time(), time.perf_counter()
            try:
                method(handler, *args)
            finally:
                self._depth.n = depth
                if not depth:
                    self.cpu += time.thread_time() - cpu
                    self.wall += time.perf_counter() - wall

        return timed


@contextmanager
def fake_time() -> Iterator[FakeTime]:
    """Count the fake Google's answering time while inside."""
    handler: Any = google_server._Handler
    spent, originals = FakeTime(), (handler.do_GET, handler.do_POST)
    handler.do_GET, handler.do_POST = (spent.wrap(m) for m in originals)
    try:
        yield spent
    finally:
        handler.do_GET, handler.do_POST = originals


def one_channel(backend: str, size: int) -> dict[str, float]:
    """Sync a ``size``-video channel in full, then time two hourly syncs of 50 new uploads."""
    totals = dict.fromkeys(("wall", "cpu", "refresh", "refresh_cpu", "fake_cpu", "units"), 0.0)
    with database_url(backend) as url, FakeGoogle() as google, fake_time() as fake:
        google.state.add_videos(size, start=START - EVERY * size, every=EVERY)
        db = open_database(url)
        try:
            clock, key = FixedClock(START), cipher()
            connect(db, google, key, clock)
            sync = runner(db, google, key, clock, daily_budget=1_000_000)
            sync.run_due()
            for _ in range(SYNCS):
                clock.advance(timedelta(hours=1))
                spacing = timedelta(minutes=59) / NEW_PER_SYNC
                start = clock.now() - timedelta(minutes=59)
                google.state.add_videos(NEW_PER_SYNC, start=start, every=spacing)
                CHECKPOINTS.settle()  # the previous sync's log copied before this one is timed
                _timed_sync(sync, fake, totals)
        finally:
            db.dispose()
    return totals


def _timed_sync(sync: Any, fake: FakeTime, totals: dict[str, float]) -> None:
    refreshes: list[float] = []
    refresh_cpu: list[float] = []
    fake_cpu = fake.cpu
    wall, cpu = time.perf_counter(), time.process_time()
    with timed_refresh(refreshes, refresh_cpu):
        [outcome] = sync.run_due(force=True)
    totals["wall"] += time.perf_counter() - wall
    spent = fake.cpu - fake_cpu
    totals["cpu"] += time.process_time() - cpu - spent
    totals["fake_cpu"] += spent
    totals["refresh"] += sum(refreshes)
    totals["refresh_cpu"] += sum(refresh_cpu)
    totals["units"] += outcome.units
    if outcome.status != "synced" or outcome.created != NEW_PER_SYNC:
        raise RuntimeError(f"the hourly sync did not bring the new uploads: {outcome}")


def best_of(backend: str, sizes: list[int], repeat: int) -> list[dict[str, Any]]:
    """The least of ``repeat`` channels per figure and size, the sizes taking turns."""
    runs: dict[int, list[dict[str, float]]] = {size: [] for size in sizes}
    for _ in range(repeat):
        for size in sizes:
            runs[size].append(one_channel(backend, size))
    return [
        {"backend": backend, "size": size}
        | {k: min(r[k] for r in runs[size]) for k in runs[size][0]}
        for size in sizes
    ]


def markdown(rows: list[dict[str, Any]]) -> str:
    """The results as the table in docs/PERFORMANCE.md (ratios against the smallest size)."""
    lines = [
        "| backend | channel | 2 hourly syncs, 100 new: CPU (ours) | × | wall | × | "
        "refresh part (CPU) | fake Google's CPU | API units |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    least = min(r["size"] for r in rows)
    smallest = {r["backend"]: r for r in rows if r["size"] == least}
    for r in rows:
        base = smallest[r["backend"]]
        lines.append(
            f"| {r['backend']} | {r['size']:,} | {r['cpu']:.3f} s | {r['cpu'] / base['cpu']:.2f}× "
            f"| {r['wall']:.3f} s | {r['wall'] / base['wall']:.2f}× | {r['refresh']:.3f} s "
            f"({r['refresh_cpu']:.3f} s) | {r['fake_cpu']:.3f} s | {r['units']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run every (backend, size) and print the table with the load average."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 10_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    rows = []
    for backend in args.backends:
        if backend == "postgresql" and not postgres_reachable():
            print("PostgreSQL unreachable: skipped")
            continue
        rows += best_of(backend, args.sizes, args.repeat)
    print(markdown(rows))
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
