"""The window scan's null: exact shuffles against their normal limit, on the same posts.

Run: .venv/bin/python -m bench.scan_null [--sizes 500 2000 10000] [--runs 200]
Prints a Markdown table for docs/SCORING.md ("Tests", the null of the window scan).

Each run draws posts at a creator's habits (most at a few evening hours, weekdays favoured) with
outcomes of pure noise ("null") or with one planted good window ("planted", +0.3 standard
deviations, Tue and Fri 18-21 h), then scans them twice: the null from shuffling every score
(``timing.NORMAL_FROM`` out of reach) and from the sums' normal limit (``insights.null_sums``).
Reported per size: how often each rejects at 0.05 and 0.01 (on null data both should be near 5 %
and 1 %), the mean and largest difference between the two p-values of a search, the share of
searches whose decision at 0.05 differs, and the seconds a scan takes each way. Two exact scans
with other seeds differ too (Monte Carlo error): their difference is the yardstick.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import numpy as np

from insights import timing

Array = np.ndarray


def posts(n: int, rng: np.random.Generator) -> Array:
    """Week-hours of ``n`` posts at a creator's habits."""
    day = rng.choice(7, n, p=[0.17, 0.17, 0.17, 0.17, 0.17, 0.08, 0.07])
    hour = np.clip(np.round(rng.normal(18.5, 2.5, n)), 0, 23).astype(np.int64)
    anywhere = rng.random(n) < 0.1
    hour[anywhere] = rng.integers(0, 24, int(anywhere.sum()))
    week_hours: Array = day * 24 + hour
    return week_hours


def outcomes(week_hours: Array, planted: bool, rng: np.random.Generator) -> Array:
    """Noise, and a good window on Tue and Fri 18-21 h when ``planted``."""
    found: Array = rng.normal(size=len(week_hours))
    if planted:
        hour, day = week_hours % 24, week_hours // 24
        found += 0.3 * (np.isin(day, [1, 4]) & (hour >= 18) & (hour < 21))
    return found


@contextmanager
def null_from(n: int) -> Iterator[None]:
    """Scans with the normal null from ``n`` posts."""
    with mock.patch.object(timing, "NORMAL_FROM", n):
        yield


def timed_scan(
    week_hours: Array, found: Array, normal: bool, seed: int = 0
) -> tuple[dict[int, float], float]:
    """p-value by search, and the seconds the scan took."""
    with null_from(0 if normal else 1 << 62), mock.patch.object(timing, "NULL_SEED", seed):
        start = time.perf_counter()
        results = timing.scan_windows(week_hours, found)
        seconds = time.perf_counter() - start
    return {r.search: r.p_value for r in results}, seconds


def row(n: int, runs: int, planted: bool) -> list[str]:
    """One size and kind of data: rejection rates, p-value differences, seconds."""
    pairs, seconds = [], np.zeros(2)
    for run in range(runs):
        rng = np.random.default_rng([n, run, planted])
        week_hours = posts(n, rng)
        found = outcomes(week_hours, planted, rng)
        exact, t_exact = timed_scan(week_hours, found, normal=False)
        normal, t_normal = timed_scan(week_hours, found, normal=True)
        again = timed_scan(week_hours, found, normal=False, seed=1)[0]
        seconds += (t_exact, t_normal)
        pairs += [(exact[k], normal[k], again[k]) for k in exact.keys() & normal.keys()]
    p = np.array(pairs)
    differ, noise = np.abs(p[:, 0] - p[:, 1]), np.abs(p[:, 0] - p[:, 2])
    rates = [f"{100 * np.mean(p[:, i] <= a):.1f} %" for a in (0.05, 0.01) for i in (0, 1)]
    flips = np.mean((p[:, 0] <= 0.05) != (p[:, 1] <= 0.05))
    return [
        f"{n:,}",
        "planted" if planted else "null",
        str(len(p)),
        *rates,
        f"{differ.mean():.4f} / {differ.max():.3f}",
        f"{noise.mean():.4f} / {noise.max():.3f}",
        f"{100 * flips:.1f} %",
        f"{seconds[0] / runs:.3f} / {seconds[1] / runs:.3f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    print(
        "| posts | data | searches | p ≤ 0.05 exact | p ≤ 0.05 normal | p ≤ 0.01 exact "
        "| p ≤ 0.01 normal | Δp exact vs normal, mean / max "
        "| Δp exact vs exact (another seed), mean / max | decision at 0.05 differs "
        "| s per scan exact / normal |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|---|---:|---|")
    for n in args.sizes:
        for planted in (False, True):
            print("| " + " | ".join(row(n, args.runs, planted)) + " |", flush=True)


if __name__ == "__main__":
    main()
