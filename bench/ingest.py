"""Ingestion throughput and peak memory: simulated pieces through the one pipeline.

Run: .venv/bin/python -m bench.ingest --sizes 10000 100000 1000000

Each (backend, size) runs in a fresh subprocess, so its peak RSS is its own. Like
`whatsworking demo enable --pieces N`, one transaction streams the simulator's batches through
`ingest_records(refresh=False)`, refreshes the creator once, and commits. Generation, ingestion,
the single refresh and the commit are timed separately (wall and CPU). Sizes up to 100,000 also
re-ingest the same pieces (every record unchanged) to time the lookup path.
PostgreSQL runs when reachable (WHATSWORKING_TEST_POSTGRES_URL or postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from tests.support.pg_schema import throwaway_schema

POSTGRES_URL = os.environ.get(
    "WHATSWORKING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
REINGEST_MAX = 100_000


class Stopwatch:
    """Accumulates wall and CPU seconds of the blocks it times."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0

    @contextmanager
    def timing(self) -> Iterator[None]:
        """Time one block."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu


@contextmanager
def database_url(backend: str) -> Iterator[str]:
    """A fresh, empty database of the backend, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{directory}/bench.db"
        return
    with throwaway_schema(POSTGRES_URL, "bench") as url:
        yield url


def stream(session: Any, creator_id: uuid.UUID, size: int, batch_size: int, watches: Any) -> int:
    """Generate and ingest ``size`` pieces batch by batch; return how many were unchanged."""
    from insights.ingest import bulk_load

    with ExitStack() as load:
        with watches["ingest"].timing():
            load.enter_context(bulk_load(session, creator_id, size))
        unchanged = _ingest_batches(session, creator_id, size, batch_size, watches)
        with watches["ingest"].timing():
            load.close()  # as in demo enable: a deferred index is built here
    return unchanged


def _ingest_batches(
    session: Any, creator_id: uuid.UUID, size: int, batch_size: int, watches: Any
) -> int:
    from insights.ingest import ingest_records
    from simulator import SimulationConfig, iter_record_batches

    config = SimulationConfig(pieces=size, profile="mid")
    batches = iter_record_batches(config, seed=1, now=NOW, batch_size=batch_size)
    unchanged = 0
    while True:
        with watches["generate"].timing():
            batch = next(batches, None)
        if batch is None:
            return unchanged
        with watches["ingest"].timing():
            result = ingest_records(
                session, creator_id, batch, now=NOW, source="bench", refresh=False
            )
        unchanged += result.unchanged


def run_once(backend: str, size: int, batch_size: int, refresh_max: int) -> dict[str, Any]:
    """One measured run in this process (the worker side)."""
    from insights import refresh
    from storage import open_database
    from storage.creators import create_creator

    names = ("generate", "ingest", "refresh", "commit", "again", "again_generate")
    watches = {name: Stopwatch() for name in names}
    with database_url(backend) as url:
        db = open_database(url)
        session = db.session_factory()
        try:
            creator_id = create_creator(session, "bench", now=NOW).id
            stream(session, creator_id, size, batch_size, watches)
            pipeline_peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            if size <= refresh_max:
                with watches["refresh"].timing():
                    refresh.refresh_creator(session, creator_id, NOW)
            with watches["commit"].timing():
                session.commit()
        finally:
            session.close()
        if size <= REINGEST_MAX:
            again = {"generate": watches["again_generate"], "ingest": watches["again"]}
            with db.unit_of_work() as session:
                assert stream(session, creator_id, size, batch_size, again) == size
        db.dispose()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "backend": backend,
        "size": size,
        "batch_size": batch_size,
        **{f"{name}_s": round(w.wall, 2) for name, w in watches.items()},
        **{f"{name}_cpu_s": round(w.cpu, 2) for name, w in watches.items()},
        "pipeline_peak_rss_mb": round(pipeline_peak_kb / 1024),
        "peak_rss_mb": round(peak_kb / 1024),
        "refreshed": size <= refresh_max,
        "refresh_is_placeholder": "PLACEHOLDER" in (refresh.__doc__ or ""),
    }


def postgres_reachable() -> bool:
    """True when the benchmark's PostgreSQL answers."""
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except OperationalError:
        return False
    return True


def run_in_subprocess(backend: str, size: int, batch_size: int, refresh_max: int) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return its figures."""
    command = [sys.executable, "-m", "bench.ingest", "--worker", backend, str(size)]
    command += ["--batch-size", str(batch_size), "--refresh-max", str(refresh_max)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return figures


def markdown(rows: list[dict[str, Any]]) -> str:
    """The figures as a Markdown table."""
    lines = [
        "| backend | pieces | generate s | ingest s (CPU) | ingest pieces/s | refresh s | commit s "
        "| end to end s | end-to-end pieces/s | peak RSS MB before / after refresh "
        "| re-ingest unchanged s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        total = r["generate_s"] + r["ingest_s"] + r["refresh_s"] + r["commit_s"]
        refresh_s = f"{r['refresh_s']:.2f}" if r["refreshed"] else "not run"
        again = f"{r['again_s']:.2f}" if r["size"] <= REINGEST_MAX else "–"
        lines.append(
            f"| {r['backend']} | {r['size']:,} | {r['generate_s']:.2f} | {r['ingest_s']:.2f} "
            f"({r['ingest_cpu_s']:.2f}) | {r['size'] / r['ingest_s']:,.0f} | {refresh_s} "
            f"| {r['commit_s']:.2f} | {total:.2f} | {r['size'] / total:,.0f} "
            f"| {r['pipeline_peak_rss_mb']} / {r['peak_rss_mb']} | {again} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Parse arguments; run every size on every reachable backend; print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument(
        "--refresh-max",
        type=int,
        default=100_000,
        help="refresh the creator once at the end only up to this many pieces",
    )
    parser.add_argument("--worker", nargs=2, metavar=("BACKEND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        backend, size = args.worker[0], int(args.worker[1])
        print(json.dumps(run_once(backend, size, args.batch_size, args.refresh_max)))
        return
    backends = [b for b in args.backends if b != "postgresql" or postgres_reachable()]
    rows = []
    for backend in backends:
        for size in args.sizes:
            rows.append(run_in_subprocess(backend, size, args.batch_size, args.refresh_max))
            print(json.dumps(rows[-1]), file=sys.stderr)
    print(markdown(rows))
    placeholder = any(r["refresh_is_placeholder"] for r in rows)
    print(f"\nrefresh_creator: {'placeholder (stores nothing)' if placeholder else 'real'}")


if __name__ == "__main__":
    main()
