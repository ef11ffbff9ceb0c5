"""Where the refresh after a write spends its time: each stage of ``refresh_creator``, timed.

Run: .venv/bin/python -m bench.refresh_split --size 10000 --kind uploads --backend sqlite

The same import as ``bench.refresh`` (a demo creator of ``--size`` pieces, then 100 new pieces of
``--kind`` in one unit of work), with every stage ``insights.refresh`` calls timed while the
import's refresh runs: CPU ms of this process and wall ms (on PostgreSQL the server's work shows
only in the wall figure). Each figure is the least of ``--repeat`` imports into fresh databases;
stages are listed largest first (``scores_stored`` is the day cells' update), and what no stage
covers is the refresh's own bookkeeping.
"""

from __future__ import annotations

import argparse
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

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


def one_split(backend: str, size: int, kind: str) -> Figures:
    """Build a ``size``-piece creator, import 100 new pieces; seconds per stage."""
    from insights import refresh
    from insights.factor_choice import FactorChoice
    from insights.ingest import ingest_records

    records = new_records(kind)
    figures: Figures = defaultdict(lambda: [0.0, 0.0])
    catalogue = demo_catalogue(backend, size, kind == "inferred")
    with catalogue as (db, creator_id), ExitStack() as stack:
        for name in STAGES:
            stack.enter_context(patched(refresh, name, name, figures))
        stack.enter_context(patched(FactorChoice, "rows_of", "factor choice", figures))
        stack.enter_context(patched(refresh, "refresh_creator", "TOTAL", figures))
        with db.unit_of_work() as s:
            ingest_records(s, creator_id, records, now=NOW, source="bench")
    return figures


def table(runs: list[Figures]) -> str:
    """The least CPU and wall ms of every stage over the runs, largest first."""
    least = {k: [min(r[k][i] for r in runs) * 1000 for i in (0, 1)] for k in runs[0]}
    total = least.pop("TOTAL")
    staged = [sum(v[i] for v in least.values()) for i in (0, 1)]
    least["(refresh's own)"] = [max(0.0, total[i] - staged[i]) for i in (0, 1)]
    lines = ["| stage | CPU ms | wall ms |", "|---|---:|---:|"]
    for name, (cpu, wall) in sorted(least.items(), key=lambda item: -item[1][0]):
        lines.append(f"| {name} | {cpu:.1f} | {wall:.1f} |")
    lines.append(f"| **refresh** | **{total[0]:.1f}** | **{total[1]:.1f}** |")
    return "\n".join(lines)


def main() -> None:
    """Time the stages of ``--repeat`` imports and print the table with the load average."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--kind", default="uploads", choices=KINDS)
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [one_split(args.backend, args.size, args.kind) for _ in range(args.repeat)]
    print(f"{args.backend}, {args.kind}, 100 new into {args.size:,}")
    print(table(runs))
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
