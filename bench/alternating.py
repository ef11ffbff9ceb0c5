"""What the size-against-size benchmarks share: their arguments, the reachable backends, and
runs whose sizes take turns.

On a shared machine whose speed drifts over minutes, a ratio of two sizes compares runs made in
the same minutes only when the sizes take turns (200, 10,000, 200, ...), not when the small
size's runs all come first.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator
from typing import Any

from bench.ingest import postgres_reachable

Figures = dict[str, float]


def size_arguments(description: str | None) -> argparse.ArgumentParser:
    """A parser with --sizes (200 and 10,000), --repeat and --backends (both databases)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 10_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    return parser


def reachable(backends: list[str]) -> Iterator[str]:
    """The backends that can run here (PostgreSQL is said skipped when unreachable)."""
    for backend in backends:
        if backend == "postgresql" and not postgres_reachable():
            print("PostgreSQL unreachable: skipped")
            continue
        yield backend


def least_in_turns(
    sizes: list[int], repeat: int, run: Callable[[int], Figures], **labels: str
) -> list[dict[str, Any]]:
    """A row per size, ``labels`` and the least of ``repeat`` runs for every figure, the sizes
    taking turns."""
    runs: dict[int, list[Figures]] = {size: [] for size in sizes}
    for _ in range(repeat):
        for size in sizes:
            runs[size].append(run(size))
    least = {size: {k: min(r[k] for r in runs[size]) for k in runs[size][0]} for size in sizes}
    return [labels | {"size": size} | least[size] for size in sizes]


def smallest_alike(rows: list[dict[str, Any]], *keys: str) -> Callable[[dict[str, Any]], Any]:
    """For a row, the row of the smallest size that shares its ``keys`` (its ratio's base)."""
    least = min(r["size"] for r in rows)
    smallest = {tuple(r[k] for k in keys): r for r in rows if r["size"] == least}
    return lambda row: smallest[tuple(row[k] for k in keys)]


def load_line() -> str:
    """The machine's load average, as each table is signed."""
    return "load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
