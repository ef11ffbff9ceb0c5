"""Action plans at chat speed: list, show, complete and what-is-due for a creator with many plans.

Run: .venv/bin/python -m bench.plans [--plans 200] [--items 10] [--repeat 30] [--postgres URL]
Prints a Markdown table for docs/PERFORMANCE.md. SQLite uses a temporary file; PostgreSQL (if a
URL is given) a fresh schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from plans import (
    ItemSpec,
    complete_item,
    create_plan,
    due_items,
    get_plan,
    list_plans,
    uncomplete_item,
)
from storage import Database, open_database
from storage.creators import create_creator
from tests.support.pg_schema import throwaway_schema

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def populate(db: Database, plans: int, items: int) -> uuid.UUID:
    """One creator with ``plans`` plans of ``items`` dated items each."""
    with db.unit_of_work() as session:
        creator_id = create_creator(session, "bench", timezone="Europe/Berlin", now=NOW).id
        for p in range(plans):
            specs = [
                ItemSpec(
                    f"item {i}",
                    due_date=NOW + timedelta(days=(p + i) % 30 - 5),
                    estimated_hours=1.0,
                )
                for i in range(items)
            ]
            create_plan(session, creator_id, name=f"plan {p}", goal="g", items=specs, now=NOW)
    return creator_id


def timed(db: Database, repeat: int, work: Callable[[int], object]) -> tuple[float, float]:
    """Median and 95th-percentile milliseconds of ``work(n)``, each in its own unit of work."""
    timings = []
    for n in range(repeat):
        started = time.perf_counter()
        work(n)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[min(len(timings) - 1, int(0.95 * len(timings)))]


def measure(db: Database, plans: int, items: int, repeat: int) -> dict[str, tuple[float, float]]:
    """The figures of one backend."""
    creator = populate(db, plans, items)

    def in_uow(call: Callable[..., object]) -> Callable[[int], object]:
        def run(n: int) -> object:
            with db.unit_of_work() as session:
                return call(session, n)

        return run

    until = NOW + timedelta(days=1)
    return {
        "list_plans (all)": timed(
            db, repeat, in_uow(lambda s, n: list_plans(s, creator, status="all", now=NOW))
        ),
        "get_plan": timed(
            db, repeat, in_uow(lambda s, n: get_plan(s, creator, 1 + n % plans, now=NOW))
        ),
        "complete_item": timed(
            db,
            repeat,
            in_uow(
                lambda s, n: complete_item(s, creator, f"{1 + n % plans}.{1 + n % items}", now=NOW)
            ),
        ),
        "uncomplete_item": timed(
            db,
            repeat,
            in_uow(
                lambda s, n: uncomplete_item(
                    s, creator, f"{1 + n % plans}.{1 + n % items}", now=NOW
                )
            ),
        ),
        "due_items (next 24 h)": timed(
            db, repeat, in_uow(lambda s, n: due_items(s, creator, until=until, now=NOW))
        ),
    }


@contextmanager
def backends(postgres: str | None) -> Iterator[list[tuple[str, Database]]]:
    """A fresh SQLite file and, if asked, a fresh PostgreSQL schema."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        urls = [("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}")]
        if postgres:
            urls.append(("PostgreSQL", stack.enter_context(throwaway_schema(postgres, "bench"))))
        opened = [(name, open_database(url)) for name, url in urls]
        try:
            yield opened
        finally:
            for _, db in opened:
                db.dispose()


def main() -> None:
    """Print the figures as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL (optional)")
    args = parser.parse_args()
    with backends(args.postgres) as dbs:
        results = {name: measure(db, args.plans, args.items, args.repeat) for name, db in dbs}
    print(f"{args.plans} plans × {args.items} items, {args.repeat} runs each\n")
    print("| operation | " + " | ".join(f"{n} median ms | {n} p95 ms" for n in results) + " |")
    print("|---|" + "---:|---:|" * len(results))
    for op in next(iter(results.values())):
        cells = " | ".join(f"{r[op][0]:.1f} | {r[op][1]:.1f}" for r in results.values())
        print(f"| {op} | {cells} |")


if __name__ == "__main__":
    main()
