"""Chart rendering time per kind (empty, tiny, 10,000 pieces) and edge-module import costs.

Run: .venv/bin/python -m bench.charts [--repeat 7]
Prints a Markdown table for docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from bot.charts import render_chart
from context.charts import CHART_KINDS
from tests.charts.specs import spec_of

SIZES = (0, 3, 10_000)
IMPORT_PROBES = {
    "bot.console + bot.charts + context.llm_agent (no matplotlib/langchain)": (
        "import bot.console, bot.charts, context.llm_agent, context.prompting"
    ),
    "matplotlib Agg + first chart": (
        "from bot.charts import render_chart; from context.charts import plan_progress; "
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


def main() -> None:
    """Print the figures as Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    render_chart(spec_of("plan_progress", 3))  # warm up matplotlib's font cache
    print("| kind | pieces | median ms | max ms | PNG KiB |")
    print("|---|---:|---:|---:|---:|")
    for kind in CHART_KINDS:
        for size in SIZES:
            median, worst, size_bytes = time_render(kind, size, repeat)
            print(f"| {kind} | {size:,} | {median:.0f} | {worst:.0f} | {size_bytes / 1024:.0f} |")
    print()
    print("| fresh interpreter | median ms |")
    print("|---|---:|")
    print(f"| python -c pass | {time_import('pass', repeat):.0f} |")
    for label, code in IMPORT_PROBES.items():
        print(f"| {label} | {time_import(code, repeat):.0f} |")


if __name__ == "__main__":
    main()
