"""Chart rendering time per kind (empty, tiny, 10,000 pieces), the chart workers against threads,
and edge-module import costs.

Run: .venv/bin/python -m bench.charts [--repeat 7] [--charts 12]
Prints Markdown tables for docs/PERFORMANCE.md.

The workers table draws ``--charts`` distinct 10,000-piece top/bottom charts, requested at once
from an event loop through ``asyncio.to_thread`` (as the front-ends do), three ways: rendered in
the threads themselves, by ``ChartPool`` (two worker processes, cache off), and by the pool with
every chart already cached. Beside charts/s it shows how late a 1 ms ticker on the same event loop
ran meanwhile (the other chats' updates wait that long).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from bot.charts.pool import ChartPool
from bot.charts.render import render_chart
from context.charts import CHART_KINDS
from context.reply import ChartSpec
from tests.support.chart_specs import spec_of

SIZES = (0, 3, 10_000)
IMPORT_PROBES = {
    "bot.console.frontend + bot.charts.render + context.llm.agent (no matplotlib/langchain)": (
        "import bot.console.frontend, bot.charts.render, context.llm.agent, context.llm.prompting"
    ),
    "matplotlib Agg + first chart": (
        "from bot.charts.render import render_chart; from context.charts import plan_progress; "
        "render_chart(plan_progress(['a'], [50.0]))"
    ),
    "langchain_openai + ChatOpenAI": (
        "from langchain_openai import ChatOpenAI; "
        "ChatOpenAI(model='m', base_url='http://127.0.0.1:9/v1', api_key='k')"
    ),
}


def time_render(kind: str, size: int, repeat: int) -> tuple[float, float, int]:
    """Median and max milliseconds to render, and the PNG size in bytes."""
    spec = spec_of(kind, size)
    timings = []
    png = b""
    for _ in range(repeat):
        started = time.perf_counter()
        png = render_chart(spec)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings), len(png)


def time_import(code: str, repeat: int) -> float:
    """Median wall-clock milliseconds of a fresh interpreter running ``code``."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


async def _ticker(lateness: list[float], done: asyncio.Event) -> None:
    """Sleep 1 ms at a time, recording how late each wake-up came."""
    while not done.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0.001)
        lateness.append((time.perf_counter() - started - 0.001) * 1000)


async def time_many(render: Callable[[ChartSpec], bytes], specs: list[ChartSpec]) -> str:
    """Charts/s and the event loop's lateness while ``specs`` are drawn at once."""
    lateness: list[float] = []
    done = asyncio.Event()
    ticker = asyncio.create_task(_ticker(lateness, done))
    started = time.perf_counter()
    await asyncio.gather(*(asyncio.to_thread(render, spec) for spec in specs))
    elapsed = time.perf_counter() - started
    done.set()
    await ticker
    cuts = statistics.quantiles(lateness, n=100, method="inclusive")
    return f"{len(specs) / elapsed:.1f} | {cuts[94]:.1f} | {max(lateness):.0f}"


def workers_table(count: int) -> None:
    """Threads against the chart workers, with and without the cache."""
    base = spec_of("top_bottom", 10_000)
    specs = [ChartSpec(base.kind, f"{base.title} {i}", base.data) for i in range(count)]
    print("| drawn by | charts | charts/s | loop late p95 ms | loop late max ms |")
    print("|---|---:|---:|---:|---:|")
    print(f"| threads (in-process) | {count} | {asyncio.run(time_many(render_chart, specs))} |")
    pool = ChartPool(cache_bytes=0)
    try:
        pool.warm()  # spawn and warm both workers before timing
        print(f"| ChartPool, 2 workers | {count} | {asyncio.run(time_many(pool, specs))} |")
    finally:
        pool.close()
    cached = ChartPool(workers=0)
    for spec in specs:
        cached(spec)
    print(f"| ChartPool, cached | {count} | {asyncio.run(time_many(cached, specs))} |")


def main() -> None:
    """Print the figures as Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--charts", type=int, default=12)
    args = parser.parse_args()
    repeat = args.repeat
    render_chart(spec_of("plan_progress", 3))  # warm up matplotlib's font cache
    print("| kind | pieces | median ms | max ms | PNG KiB |")
    print("|---|---:|---:|---:|---:|")
    for kind in CHART_KINDS:
        for size in SIZES:
            median, worst, size_bytes = time_render(kind, size, repeat)
            print(f"| {kind} | {size:,} | {median:.0f} | {worst:.0f} | {size_bytes / 1024:.0f} |")
    print()
    workers_table(args.charts)
    print()
    print("| fresh interpreter | median ms |")
    print("|---|---:|")
    print(f"| python -c pass | {time_import('pass', repeat):.0f} |")
    for label, code in IMPORT_PROBES.items():
        print(f"| {label} | {time_import(code, repeat):.0f} |")


if __name__ == "__main__":
    main()
