"""Insight truth: does the engine find what the simulator planted, and nothing else?

Run: .venv/bin/python -m bench.insight_truth [--runs 100] [--null-runs 200] [--sizes 40 200 1000]
     [--fdr-method two-stage|bh] [--scenarios planted grown ...] [--no-replication]
     [--edge-correction trend|centred|off] [--window-check claimed|rescan] [--detrend on|off]
Prints a Markdown table for docs/PERFORMANCE.md ("Insight truth").

Scenarios: the seed's effects ("planted"), another best/poor window and theme order
("changed"), and every effect off ("null"); then the trap of real catalogues, a channel whose
views grow x3 over a year (a breakout mid-way) while its posting hours drift 8 hours later,
with the seed's effects ("grown") and without any ("grown null"). Recovery = the planted effect
is claimed with the right sign; a false claim = a claim whose group has no planted effect of
that sign.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from bench.truth import RunVerdict, grown_config, judge, planted_config
from insights import era, replication
from insights.findings import PatternConfig
from simulator import SimulationConfig

RUNS_AT = {40: 100, 200: 100, 1000: 30}


def _share(verdicts: list[RunVerdict], test: Callable[[RunVerdict], bool]) -> str:
    return f"{100 * sum(map(test, verdicts)) / len(verdicts):.0f} %"


def _row(name: str, n: int, verdicts: list[RunVerdict], seconds: float) -> str:
    claims = sum(v.claims for v in verdicts)
    false = sum(len(v.false_claims) for v in verdicts)
    agreement = [v.category_agreement for v in verdicts]
    cells = [
        name,
        str(n),
        str(len(verdicts)),
        f"{100 * statistics.mean(agreement):.1f} / {100 * min(agreement):.1f} %",
        _share(verdicts, lambda v: v.good_window),
        _share(verdicts, lambda v: v.poor_window),
        _share(verdicts, lambda v: v.theme_order),
        _share(verdicts, lambda v: v.theme_medians_in_order),
        f"{claims / len(verdicts):.1f}",
        f"{100 * false / claims:.1f} %" if claims else "–",
        _share(verdicts, lambda v: bool(v.false_claims)),
        _share(verdicts, lambda v: v.claims > 0),
        _share(verdicts, _false_timing_or_theme),
        f"{100 * statistics.mean(v.under_oldest for v in verdicts):.1f} / "
        f"{100 * statistics.mean(v.under_newest for v in verdicts):.1f} %",
        f"{seconds / len(verdicts):.2f}",
    ]
    return "| " + " | ".join(cells) + " |"


def _false_timing_or_theme(verdict: RunVerdict) -> bool:
    return any(c.startswith(("slot:", "hours:", "days:", "theme:")) for c in verdict.false_claims)


HEADER = (
    "| scenario | n | runs | category agreement mean / min | good window found | "
    "poor window found | theme order claimed | theme medians in order | claims per run | "
    "false claims | runs with a false claim | runs with any claim | "
    "runs with a false timing or theme claim | underperforming, oldest / newest third | "
    "s per run |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def scenario(
    name: str,
    make: Callable[[int], SimulationConfig],
    n: int,
    runs: int,
    patterns: PatternConfig | None = None,
) -> tuple[str, Counter[str]]:
    """Judge ``runs`` seeds of one scenario; returns its table row and the false claims seen."""
    started = time.perf_counter()
    patterns = patterns or PatternConfig()
    verdicts = [judge(make(n), seed, patterns) for seed in range(runs)]
    seen: Counter[str] = Counter(c for v in verdicts for c in v.false_claims)
    return _row(name, n, verdicts, time.perf_counter() - started), seen


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line; the rule switches (edge correction, window check, detrend) are applied."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(RUNS_AT))
    parser.add_argument("--runs", type=int, help="seeds per planted scenario (default by size)")
    parser.add_argument("--null-runs", type=int, help="seeds per null scenario (default 2x)")
    parser.add_argument("--fdr-method", choices=("two-stage", "bh"), default="two-stage")
    parser.add_argument("--scenarios", nargs="+", help="only these scenarios (default: all)")
    parser.add_argument(
        "--no-replication", action="store_true", help="show claims without replication"
    )
    parser.add_argument(
        "--edge-correction",
        choices=("trend", "centred", "off"),
        default=era.EDGE_CORRECTION or "off",
        help="the era baselines' edge correction (docs/SCORING.md §1; off: the plain medians)",
    )
    parser.add_argument(
        "--window-check",
        choices=("claimed", "rescan"),
        default=replication.WINDOW_CHECK,
        help="how replication checks a posting window (docs/SCORING.md §3)",
    )
    parser.add_argument(
        "--detrend",
        choices=("on", "off"),
        default="on" if era.PATTERN_DETREND else "off",
        help="detrend the like-for-like views by their era over every piece (docs/SCORING.md §3)",
    )
    args = parser.parse_args(argv)
    era.PATTERN_DETREND = args.detrend == "on"
    replication.WINDOW_CHECK = args.window_check
    era.EDGE_CORRECTION = None if args.edge_correction == "off" else args.edge_correction
    return args


def main(argv: list[str] | None = None) -> None:
    """Run every scenario and print the table."""
    args = _arguments(argv)
    patterns = PatternConfig(fdr_method=args.fdr_method)
    if args.no_replication:
        patterns = replace(patterns, replication_share=0.0)
    makers: dict[str, Callable[[int], SimulationConfig]] = {
        "planted": planted_config,
        "changed": lambda n: planted_config(n, changed=True),
        "null": lambda n: SimulationConfig.null(pieces=n),
        "grown": grown_config,
        "grown null": lambda n: grown_config(n, planted=False),
    }
    print(HEADER)
    false_seen: Counter[str] = Counter()
    for n in args.sizes:
        for name, make in makers.items():
            if args.scenarios and name not in args.scenarios:
                continue
            runs = args.runs or RUNS_AT.get(n, 30)
            if name.endswith("null"):
                runs = args.null_runs or 2 * runs
            row, seen = scenario(name, make, n, runs, patterns)
            false_seen.update(
                f"{name}/{n}: {claim}" for claim, count in seen.items() for _ in range(count)
            )
            print(row, flush=True)
    print(
        "\nFalse claims seen:",
        ", ".join(f"{k} ×{c}" for k, c in false_seen.most_common()) or "none",
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
