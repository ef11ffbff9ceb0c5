"""Where the refresh after a write spends its time: each stage of ``refresh_creator``, timed.

Run: .venv/bin/python -m bench.refresh_split --size 10000 --kind uploads --backend sqlite

The same import as ``bench.refresh`` (a demo creator of ``--size`` pieces, then 100 new pieces of
``--kind`` in one unit of work), with every stage ``insights.refresh`` calls timed while the
import's refresh runs: CPU ms of this process and wall ms (on PostgreSQL the server's work shows
only in the wall figure). Each figure is the least of ``--repeat`` imports into fresh databases;
stages are listed largest first (``scores_stored`` is the day cells' update), and what no stage
covers is the refresh's own bookkeeping. Below the refresh: the whole import (validation, upsert,
refresh, commit) and how much of it was spent inside the database driver's calls (statements and
the commit: on SQLite its own writing of pages, on PostgreSQL the round trips to the server),
which no change to this process's Python can shorten, only writing less. ``--serial``: the
pattern tests run in the calling thread, before the writes, so that no stage (nor the
driver's figure) counts the time it waited for the other thread to release the GIL.
``--tables``: the driver's time by the table each statement wrote, and on SQLite the log's pages
by the table or index owning them (bench.write_split): which rows the writes' cost comes from.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import ExitStack, contextmanager
from functools import partial
from typing import Any
from unittest import mock

from bench import write_split
from bench.ingest import NOW
from bench.refresh import KINDS, demo_catalogue, new_records

# The names ``insights.refresh`` calls its stages by (patched there, where they are looked up).
STAGES = (
    "assign_themes",
    "resident_columns",
    "score_columns",
    "write_column_scores",
    "refresh_themes",
    "scores_stored",
    "column_fact_arrays",
    "discover_in_arrays",
    "read_unscored",
    "column_gaps",
    "sync_creator_rows",
    "drop_unscored_rows",
    "sync_piece_rows",
    "stamp_if_written",
    "remember_factors",
    "keep_columns",
    "after_refresh",
)
# The dialect's calls into the driver (SQLAlchemy's ``DefaultDialect``): every statement and commit.
DRIVER_CALLS = ("do_execute", "do_execute_no_params", "do_executemany", "do_commit")
Figures = dict[str, list[float]]


@contextmanager
def patched(owner: Any, name: str, label: str, figures: Figures) -> Iterator[None]:
    """Time every call of ``owner.name`` into ``figures[label]`` (CPU s, wall s) while inside."""
    original: Callable[..., Any] = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            figures[label][0] += time.process_time() - cpu
            figures[label][1] += time.perf_counter() - wall

    setattr(owner, name, timed)
    try:
        yield
    finally:
        setattr(owner, name, original)


class InThread:
    """Stands in for ``insights.refresh``'s executor (``--serial``): a submitted call is made
    at once, in the submitting thread (the pattern tests then run before the writes, not beside
    them; they read the computed scores, not the stored ones, either way)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __enter__(self) -> InThread:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def submit(self, call: Callable[..., Any], *args: Any) -> Future[Any]:
        """The call's result, made now."""
        made: Future[Any] = Future()
        made.set_result(call(*args))
        return made


def one_split(
    backend: str, size: int, kind: str, serial: bool = False, tables: Figures | None = None
) -> tuple[Figures, int | None, Counter[str]]:
    """Build a ``size``-piece creator, import 100 new pieces; seconds per stage, the pages the
    import wrote to SQLite's log (None on PostgreSQL) and, with ``tables`` (the driver's time by
    table, filled in), those pages by owner."""
    from insights import refresh
    from insights.factor_choice import FactorChoice
    from insights.ingest import ingest_records

    records = new_records(kind)
    figures: Figures = defaultdict(lambda: [0.0, 0.0])
    catalogue = demo_catalogue(backend, size, kind == "inferred")
    with catalogue as (db, creator_id), ExitStack() as stack:
        if serial:
            stack.enter_context(mock.patch.object(refresh, "ThreadPoolExecutor", InThread))
        for name in STAGES:
            stack.enter_context(patched(refresh, name, name, figures))
        stack.enter_context(patched(FactorChoice, "rows_of", "factor choice", figures))
        stack.enter_context(patched(refresh, "refresh_creator", "TOTAL", figures))
        with ExitStack() as driver:  # the import's own calls only, not a later checkpoint's
            for name in DRIVER_CALLS:
                driver.enter_context(patched(type(db.engine.dialect), name, "DRIVER", figures))
            if tables is not None:
                driver.enter_context(write_split.timed_by_table(type(db.engine.dialect), tables))
            cpu, wall = time.process_time(), time.perf_counter()
            with db.unit_of_work() as s:
                ingest_records(s, creator_id, records, now=NOW, source="bench")
            figures["IMPORT"] = [time.process_time() - cpu, time.perf_counter() - wall]
        owners = Counter[str]()
        if tables is not None and db.engine.dialect.name == "sqlite":
            owners = write_split.log_pages_by_table(str(db.engine.url.database))
        return figures, log_pages(db.engine), owners


def log_pages(engine: Any) -> int | None:
    """How many pages SQLite's write-ahead log holds (None: not SQLite). The demo's log was
    copied before the import (``demo_catalogue``), so the import's writes started it again: these
    are the pages the import wrote, whether or not they have been copied back since."""
    if engine.dialect.name != "sqlite":
        return None
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()[1])


def table(runs: list[Figures], pages: list[int | None]) -> str:
    """The least CPU and wall ms of every stage over the runs, largest first."""
    least = {k: [min(r[k][i] for r in runs) * 1000 for i in (0, 1)] for k in runs[0]}
    total, whole, driver = (least.pop(key) for key in ("TOTAL", "IMPORT", "DRIVER"))
    staged = [sum(v[i] for v in least.values()) for i in (0, 1)]
    least["(refresh's own)"] = [max(0.0, total[i] - staged[i]) for i in (0, 1)]
    lines = ["| stage | CPU ms | wall ms |", "|---|---:|---:|"]
    for name, (cpu, wall) in sorted(least.items(), key=lambda item: -item[1][0]):
        lines.append(f"| {name} | {cpu:.1f} | {wall:.1f} |")
    lines.append(f"| **refresh** | **{total[0]:.1f}** | **{total[1]:.1f}** |")
    lines.append(f"| **import, end to end** | **{whole[0]:.1f}** | **{whole[1]:.1f}** |")
    lines.append(f"| of it in the database driver | {driver[0]:.1f} | {driver[1]:.1f} |")
    written = sorted({n for n in pages if n is not None})
    if written:
        lines.append(f"\npages the import wrote to SQLite's log: {', '.join(map(str, written))}")
    return "\n".join(lines)


def main() -> None:
    """Time the stages of ``--repeat`` imports and print the table with the load average."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--kind", default="uploads", choices=KINDS)
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--serial", action="store_true", help="pattern tests in the same thread")
    parser.add_argument("--tables", action="store_true", help="the writes by table")
    args = parser.parse_args()
    by_table: list[Figures] = [{} for _ in range(args.repeat)]
    split = partial(one_split, args.backend, args.size, args.kind, args.serial)
    made = [split(tables=found if args.tables else None) for found in by_table]
    runs, pages, owners = zip(*made, strict=True)
    threads = "one thread" if args.serial else "patterns beside the writes"
    print(f"{args.backend}, {args.kind}, 100 new into {args.size:,} ({threads})")
    print(table(list(runs), list(pages)))
    if args.tables:
        print("\n" + write_split.table(by_table, list(owners)))
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
