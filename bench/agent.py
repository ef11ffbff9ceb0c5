"""Agent turn latency (rules engine, in-process), `whatsworking ask` cold start, chart rendering.

Run: .venv/bin/python -m bench.agent [--sizes 1000 10000] [--repeat 30] [--backends sqlite]
Prints Markdown tables for docs/PERFORMANCE.md ("Agent").

- turns: a demo creator with N simulated pieces (stored through the real pipeline); each phrase
  is one whole `Agent.handle` turn as a front-end makes it (account lookup, conversation and
  message storage, the tool, the answer stored), p50 / p95 over ``--repeat`` turns after two
  warm-up turns. "done 1" / "undo 1" alternate so every turn writes. The dashboard, a piece's
  baseline, the posting heatmap and title searches are cached per creator until its data
  changes; with ``--cold-caches`` those caches are emptied before every timed turn (the first
  turn after a write), without it a repeated phrase hits them.
- cold start: `whatsworking ask "/help"` and `"what's working?"` in a fresh process (wall and CPU),
  beside `python -c pass` and `whatsworking --help`.
- charts: every chart kind drawn from the creator's own data (`chart_for` + `render_chart`), and
  the synthetic sizes of `bench/charts.py` through its ``time_render``.
"""

from __future__ import annotations

import argparse
import functools
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.charts import time_render
from bench.ingest import database_url, postgres_reachable
from bot.charts.render import render_chart
from context.agent import Agent
from context.chart_data import HEATMAP_CACHE, chart_for
from context.charts import CHART_KINDS
from context.reply import ChatRequest
from context.tools.title_search import TITLE_CACHE
from insights.cadence import CADENCE_CACHE
from insights.comparison import BASELINE_CACHE
from insights.content import DETAIL_CACHE
from insights.dashboard import DASHBOARD_CACHE
from insights.figure_change import CHANGE_CACHE
from insights.formats import FORMATS_CACHE
from insights.monthly import MONTHLY_CACHE
from insights.next_piece import NEXT_PIECE_CACHE
from insights.platform_themes import PLATFORM_THEMES_CACHE
from insights.platform_timing import PLATFORM_TIMING_CACHE
from insights.recent_run import RECENT_CACHE
from insights.theme_platforms import THEME_PLATFORMS_CACHE
from insights.title_features import TITLES_CACHE
from simulator import enable_demo
from storage import Database, open_database
from storage.clock import FixedClock
from storage.creators import find_creator, link_identity

PHRASES = (
    "/help",
    "what's working?",
    "/top",
    "/attention",
    "/themes",
    "/platforms",
    "when should I post",
    "how often should I post",
    "/formats",
    "/advice",
    "what should I post on tiktok",
    "did my last 5 videos do better than usual",
    "do longer titles do better",
    "tell me about #12",
    "why did my iPhone review do so well",
    "list my videos",
    "my average engagement this month",
    "why are my views down",
    "why is my engagement down",
    "give me a video idea",
    "is now a good time to post",
    "where should I post my vlogs",
    "what was my best month",
    "total views on tiktok last 90 days",
    "my most viewed tiktok",
    "/plans",
    "done 1",
)
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
WHATSWORKING = str(Path(sys.executable).with_name("whatsworking"))


def percentiles(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank)."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[
        min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))
    ]


def seed(db: Database, pieces: int) -> str:
    """A demo creator with ``pieces`` pieces and a console identity; returns its external id."""
    with db.unit_of_work() as session:
        enable_demo(
            session,
            handle="bench",
            niche="tech_reviews",
            profile="large",
            pieces=pieces,
            seed=1,
            now=NOW,
        )
    with db.unit_of_work() as session:
        creator = find_creator(session, "bench")
        assert creator is not None
        link_identity(session, creator, "console", "bench", "bench", now=NOW)
    return "bench"


def clear_view_caches() -> None:
    """Forget every cached view (what the first turn after a write of the creator's data sees)."""
    caches = (DASHBOARD_CACHE, BASELINE_CACHE, DETAIL_CACHE, HEATMAP_CACHE, TITLE_CACHE)
    views = (CADENCE_CACHE, CHANGE_CACHE, FORMATS_CACHE, PLATFORM_THEMES_CACHE, RECENT_CACHE)
    others = (MONTHLY_CACHE, NEXT_PIECE_CACHE, PLATFORM_TIMING_CACHE, THEME_PLATFORMS_CACHE)
    others += (TITLES_CACHE,)
    for cache in (*caches, *views, *others):
        cache.clear()


def turn_timings(
    db: Database, external_id: str, repeat: int, *, cold_caches: bool = False
) -> dict[str, list[float]]:
    """Milliseconds per whole turn, per phrase."""
    agent = Agent(db, FixedClock(NOW))

    def say(text: str) -> None:
        agent.handle(ChatRequest("console", external_id, external_id, text=text))

    # A plan for "done 1" / "undo 1", from the best piece (it has success factors to repeat,
    # which #12 of a 10,000-piece creator had not: the row timed "no active plan").
    say("more like my best video")
    saved = agent.handle(ChatRequest("console", external_id, external_id, text="yes"))
    assert "Saved as plan" in str(saved), "no plan to tick: done 1 / undo 1 would time an error"
    timings: dict[str, list[float]] = {}
    for phrase in PHRASES:
        texts = ["done 1", "undo 1"] if phrase == "done 1" else [phrase]
        for i in range(2):
            say(texts[i % len(texts)])
        samples = []
        for i in range(repeat):
            if cold_caches:
                clear_view_caches()
            started = time.perf_counter()
            say(texts[i % len(texts)])
            samples.append(1000 * (time.perf_counter() - started))
        timings[phrase] = samples
    return timings


def cold_start(url: str, runs: int) -> list[tuple[str, float, float]]:
    """(what, median wall ms, median CPU ms) of fresh processes."""
    commands = {
        "`python -c pass`": [sys.executable, "-c", "pass"],
        "`whatsworking --help`": [WHATSWORKING, "--help"],
        '`whatsworking ask "/help"`': [WHATSWORKING, "ask", "/help", "--db", url],
        '`whatsworking ask "what\'s working?"` (rules engine)': [
            WHATSWORKING,
            "ask",
            "what's working?",
            "--db",
            url,
        ],
    }
    return [(label, *_process_times(argv, runs)) for label, argv in commands.items()]


def _process_times(argv: list[str], runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        walls.append(1000 * (time.perf_counter() - started))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(1000 * (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
    return statistics.median(walls), statistics.median(cpus)


def chart_timings(db: Database, repeat: int) -> dict[str, float]:
    """Median ms to draw each chart kind from the creator's own data (query + render)."""
    with db.read() as session:
        creator = find_creator(session, "bench")
        assert creator is not None
        creator_id = creator.id

    def draw(kind: str) -> bytes:
        with db.read() as session:
            # The growth chart is of one piece: the first, which every demo creator has.
            return render_chart(chart_for(session, creator_id, kind, now=NOW, piece=1))

    draw("plan_progress")  # warm up matplotlib
    return {
        kind: statistics.median(_timed(functools.partial(draw, kind), repeat))
        for kind in CHART_KINDS
    }


def _timed(call: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(1000 * (time.perf_counter() - started))
    return samples


def print_turns(backend: str, size: int, timings: dict[str, list[float]]) -> None:
    """One row per phrase and one for all turns together."""
    for phrase, samples in timings.items():
        p50, p95 = percentiles(samples)
        print(f"| {backend} | {size:,} | {phrase} | {p50:.1f} | {p95:.1f} |")
    p50, p95 = percentiles([s for samples in timings.values() for s in samples])
    print(f"| {backend} | {size:,} | **all turns** | {p50:.1f} | {p95:.1f} |")


def print_cold(rows: list[tuple[str, float, float]]) -> None:
    """The cold-start table."""
    print("\n| fresh process | median wall ms | median CPU ms |\n|---|---:|---:|")
    for label, wall, cpu in rows:
        print(f"| {label} | {wall:.0f} | {cpu:.0f} |")


def print_charts(size: int, own: dict[str, float], repeat: int) -> None:
    """Charts from the creator's data, then the synthetic 10,000-piece specs."""
    print(f"\n| chart from the creator's data ({size:,} pieces) | median ms |\n|---|---:|")
    for kind, ms in own.items():
        print(f"| {kind} | {ms:.0f} |")
    print("\n| chart kind | synthetic pieces | median ms | max ms |\n|---|---:|---:|---:|")
    for kind in CHART_KINDS:
        median, worst, _ = time_render(kind, 10_000, repeat)
        print(f"| {kind} | 10,000 | {median:.0f} | {worst:.0f} |")


def main() -> None:
    """Run everything and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--chart-repeat", type=int, default=3)
    parser.add_argument(
        "--cold-caches", action="store_true", help="empty the view caches before every turn"
    )
    args = parser.parse_args()
    backends = [b for b in args.backends if b == "sqlite" or postgres_reachable()]
    print("| backend | pieces | phrase | p50 ms | p95 ms |\n|---|---:|---|---:|---:|")
    cold: list[tuple[str, float, float]] = []
    charts: dict[str, float] = {}
    for backend in backends:
        for size in args.sizes:
            with database_url(backend) as url:
                db = open_database(url)
                external_id = seed(db, size)
                timings = turn_timings(db, external_id, args.repeat, cold_caches=args.cold_caches)
                print_turns(backend, size, timings)
                if backend == "sqlite" and size == min(args.sizes):
                    cold = cold_start(url, args.cold)
                if backend == "sqlite" and size == max(args.sizes):
                    charts = chart_timings(db, args.chart_repeat)
                db.dispose()
    if cold:
        print_cold(cold)
    if charts:
        print_charts(max(args.sizes), charts, args.chart_repeat)


if __name__ == "__main__":
    main()
