"""Era baselines: which comparison set scores a growing channel's pieces by their own merit?

Run: .venv/bin/python -m bench.era_baseline [--runs 30] [--pieces 200 600] [--null]
Prints a Markdown table for docs/SCORING.md §1 (how the era baseline was chosen).

Each strategy scores the same simulated catalogues: the seed's planted categories (20/60/20),
channel growth x3 over the window ("steady" or "breakout") and a posting schedule that drifts
8 hours later. Reported: agreement of the scored category with the planted one, and the
underperforming share of the oldest and the newest third (planted: 20 % in both; with --null no
effect or category is planted, so both should be near 0), and their ratio by issue #19's rule
(``edge_ratio``). Strategies: the whole history (earlier versions), the k pieces nearest in time
(k = 16 ... 48) without and with the edge trend correction ("+ trend", ``insights.era``), the k
nearest cut to a window centred on the piece ("centred k"), and a rolling window of +/- d days
(at least ``min_group_size`` pieces, the nearest ones when fewer fall in it).
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from unittest import mock

import numpy as np

from bench.truth import score_simulated, under_share_by_third
from insights import baseline, era
from insights.era import Array, nearest_in_time, row_medians
from insights.score_math import ScoringConfig
from simulator import SimulationConfig

DAY = 86_400.0
# A rolling window looks at most this many nearest pieces (a bound for the measurement only).
WINDOW_CAP = 400
# The share added to each third's before the ratio of the edges is taken (one point).
EDGE_FLOOR = 0.01


def rolling_medians(days: float, floor: int) -> Callable[..., Array]:
    """era_medians over the pieces within +/- ``days``, or the ``floor`` nearest when fewer."""

    def medians(pool_times: Array, pool_values: Array, query_times: Array, *_: object) -> Array:
        rows = nearest_in_time(pool_times, query_times, WINDOW_CAP)
        distance = np.abs(pool_times[rows] - query_times[:, None])
        rank = np.argsort(np.argsort(distance, axis=1), axis=1)
        keep = (distance <= days * DAY) | (rank < floor)
        return row_medians(np.where(keep, pool_values[rows], np.nan))

    return medians


@contextmanager
def strategy(name: str) -> Iterator[ScoringConfig]:
    """The scoring configuration (and the medians) of a strategy; "+ trend" corrects the edges."""
    config = ScoringConfig()
    corrected = "centred" if name.startswith("centred") else None
    corrected = "trend" if name.endswith("+ trend") else corrected
    with mock.patch.object(era, "EDGE_CORRECTION", corrected):
        if name == "whole history":
            yield replace(config, era_neighbours=None)
        elif name.startswith("k = "):
            yield replace(config, era_neighbours=int(name[4:].split()[0]))
        elif name.startswith("centred"):
            yield replace(config, era_neighbours=int(name.split()[-1]))
        else:
            days = float(name.split()[1])
            with mock.patch.object(
                baseline, "era_medians", rolling_medians(days, config.min_group_size)
            ):
                # Any k below the group size sends every group through the (patched) medians.
                yield replace(config, era_neighbours=1)


STRATEGIES = (
    "whole history",
    "k = 16",
    "k = 24",
    "k = 32",
    "k = 48",
    "k = 16 + trend",
    "k = 24 + trend",
    "k = 32 + trend",
    "k = 48 + trend",
    "centred k = 32",
    "centred k = 48",
    "+/- 14 days",
    "+/- 30 days",
)


def edge_ratio(oldest: float, newest: float) -> float:
    """How many times more often one edge third is underperforming than the other, each share
    counted one percentage point higher: meaningful when both are small (0.4 % against 0.1 % is
    1.3, not 4; 4.4 % against 0.1 % is 4.8). Done when at most 2 (issue #19)."""
    high, low = max(oldest, newest) + EDGE_FLOOR, min(oldest, newest) + EDGE_FLOOR
    return high / low


def measure(name: str, config: SimulationConfig, runs: int) -> str:
    """One table row: agreement mean / min, underperforming oldest vs newest third."""
    agreement, oldest, newest = [], [], []
    with strategy(name) as scoring:
        for seed in range(runs):
            pieces, _, results = score_simulated(config, seed, scoring)
            pairs = zip(results, pieces, strict=True)
            agreement.append(
                sum(r.performance_category == p.planted_category for r, p in pairs) / len(pieces)
            )
            old, new = under_share_by_third(pieces, results)
            oldest.append(old)
            newest.append(new)
    o, n = statistics.mean(oldest), statistics.mean(newest)
    ratio = edge_ratio(o, n)
    return (
        f"| {name} | {100 * statistics.mean(agreement):.1f} / {100 * min(agreement):.1f} % "
        f"| {100 * o:.1f} % | {100 * n:.1f} % | {ratio:.2f} |"
    )


def main(argv: list[str] | None = None) -> None:
    """Print one table per catalogue size and growth shape."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pieces", type=int, nargs="+", default=[200, 600])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--null", action="store_true", help="no planted effect or category")
    args = parser.parse_args(argv)
    for pieces in args.pieces:
        for shape in ("steady", "breakout"):
            make = SimulationConfig.null if args.null else SimulationConfig
            config = make(
                pieces=pieces,
                days=args.days,
                view_growth=3.0,
                growth_shape=shape,
                schedule_drift_hours=8,
            )
            print(
                f"\n{pieces} pieces over {args.days} days, views x3 ({shape}), drift +8 h, "
                f"{args.runs} seeds:\n"
            )
            print(
                "| baseline | category agreement mean / min | under, oldest third | "
                "under, newest third | ratio (+1 point) |\n|---|---|---|---|---|"
            )
            for name in STRATEGIES:
                print(measure(name, config, args.runs), flush=True)


if __name__ == "__main__":
    main()
