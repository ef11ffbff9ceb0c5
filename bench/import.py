"""Import speed: rows per second for a generic CSV, parsed and imported on SQLite and PostgreSQL.

Run: .venv/bin/python -m bench.import [--rows 100000] [--backend sqlite postgresql]
     .venv/bin/python -m bench.import --real [--backend ...]   (real layouts: bench/import_real.py)
Prints a Markdown table for docs/PERFORMANCE.md ("Import").

Steps, each on the same file: parse and validate only (no database); the first import (inserts,
rescoring, one transaction); a re-import of the same file (all unchanged); a newer export (every
piece's views changed); a dry run of that newer export (rolled back).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from bench.import_real import run_all
from insights import refresh
from insights.importing import import_file
from insights.importing.generic import COLUMNS
from insights.importing.parse import parse_import
from storage import Database, open_database
from storage.creators import create_creator
from tests.support.pg_schema import throwaway_schema

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PLATFORMS = ("youtube", "instagram", "tiktok")
TYPES = {
    "youtube": ("video", "short"),
    "instagram": ("reel", "post", "carousel"),
    "tiktok": ("video",),
}


def generic_file(rows: int, *, views_bump: int = 0, seed: int = 7) -> bytes:
    """A generic CSV of ``rows`` pieces with the quirks real files have (separators, quotes)."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in COLUMNS])
    start = datetime(2019, 1, 1, tzinfo=UTC)
    for n in range(rows):
        writer.writerow(_row(rng, n, start, views_bump))
    return buffer.getvalue().encode("utf-8-sig")


def _row(rng: random.Random, n: int, start: datetime, views_bump: int) -> list[str]:
    platform = PLATFORMS[n % 3]
    content_type = rng.choice(TYPES[platform])
    published = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 7))
    views = rng.randrange(100, 2_000_000) + views_bump
    when = published.date().isoformat() if n % 10 == 0 else published.isoformat()
    values = {
        "platform": platform,
        "platform_id": f"{platform[:2]}{n:09d}",
        "content_type": content_type,
        "title": f'Piece {n}: "how I do it", part {n % 7}',
        "published_at": when,
        "duration": f"{rng.randrange(0, 20)}:{rng.randrange(0, 60):02d}",
        "views": f"{views:,}",
        "likes": str(rng.randrange(0, views // 10)),
        "comments": str(rng.randrange(0, 500)),
        "shares": str(rng.randrange(0, 300)),
        "saves": str(rng.randrange(0, 300)),
        "reach": str(views // 2) if platform == "instagram" else "",
        "avg_percent_viewed": f"{rng.uniform(10, 90):.1f}",
        "theme": rng.choice(("editing", "gear", "travel", "vlog")),
        "tags": "a|b",
    }
    return [values.get(c.name, "") for c in COLUMNS]


@contextmanager
def database(backend: str) -> Iterator[Database]:
    """A fresh, migrated database: a temporary SQLite file or a throwaway PostgreSQL schema."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            db = open_database(f"sqlite:///{folder}/bench.db")
            yield db
            db.dispose()
        return
    with throwaway_schema(POSTGRES_URL, "bench") as url:
        db = open_database(url)
        yield db
        db.dispose()


def timed(step: Callable[[], object]) -> float:
    """Seconds one call takes."""
    began = time.perf_counter()
    step()
    return time.perf_counter() - began


def peak_mib() -> float:
    """The process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class RescoreTimer:
    """Wraps the pipeline's refresh hook to tell rescoring time apart from the import's own."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._original = refresh.refresh_creator

    def __call__(self, session: Session, creator_id: uuid.UUID, now: datetime) -> None:
        """Run and time the real refresh."""
        began = time.perf_counter()
        self._original(session, creator_id, now)
        self.seconds += time.perf_counter() - began

    def take(self) -> float:
        """Seconds spent rescoring since the last call."""
        seconds, self.seconds = self.seconds, 0.0
        return seconds


def report(step: str, rows: int, seconds: float, rescoring: float | None) -> None:
    """Print one table row as soon as the step is done."""
    rescored = "–" if rescoring is None else f"{rescoring:.1f}"
    print(
        f"| {step} | {rows:,} | {seconds:.1f} | {rows / seconds:,.0f} | {rescored} | "
        f"{peak_mib():.0f} MiB |",
        flush=True,
    )


def measure(backend: str, rows: int, files: list[bytes], timer: RescoreTimer) -> None:
    """Run and report every step on one backend."""
    with database(backend) as db:
        with db.unit_of_work() as session:
            creator_id = create_creator(session, "bench", timezone="Europe/Berlin", now=NOW).id

        def run(data: bytes, dry_run: bool = False) -> None:
            with db.unit_of_work() as session:
                summary = import_file(
                    session, creator_id, data, "bench.csv", now=NOW, dry_run=dry_run
                )
            assert summary.rows == rows

        first, newer, newest = files
        for step, call in (
            ("first import", lambda: run(first)),
            ("re-import, unchanged", lambda: run(first)),
            ("newer export, all updated", lambda: run(newer)),
            ("dry run of a newer export", lambda: run(newest, True)),
        ):
            seconds = timed(call)
            report(f"{backend}: {step}", rows, seconds, timer.take())


def main() -> None:
    """Measure and print the Markdown table, row by row."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--backend", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--real", action="store_true", help="the real-layout cases instead")
    args = parser.parse_args()
    if args.real:
        run_all(args.backend)
        return
    files = [generic_file(args.rows, views_bump=bump) for bump in (0, 1, 2)]
    print(f"file: {args.rows:,} rows, {len(files[0]) / 1e6:.1f} MB", flush=True)
    print("| step | rows | seconds | rows per second | of which rescoring (s) | peak memory |")
    print("|---|---|---|---|---|---|", flush=True)
    seconds = timed(lambda: parse_import(files[0], timezone="Europe/Berlin", now=NOW))
    report("parse and validate only", args.rows, seconds, None)
    timer = RescoreTimer()
    refresh.refresh_creator = timer
    for backend in args.backend:
        measure(backend, args.rows, files, timer)


if __name__ == "__main__":
    main()
