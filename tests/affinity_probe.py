"""Run as ``python -m tests.affinity_probe``: pin this process as the bot does, print what each
thread and a chart worker may use, as JSON (a child process, so the test runner stays unpinned)."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from typing import TypeVar

from bot.charts.pool import ChartPool
from bot.cpu_affinity import pin_threads_to_one_cpu, use_every_cpu
from context.charts import plan_progress
from context.reply import ChartSpec

T = TypeVar("T")


def in_a_thread(work: Callable[[], T]) -> T:
    """Run ``work`` in a new thread and return its result."""
    result: list[T] = []
    thread = threading.Thread(target=lambda: result.append(work()))
    thread.start()
    thread.join()
    return result[0]


def affinity_as_png(spec: ChartSpec) -> bytes:
    """A stand-in chart renderer: the worker's CPU set, where a PNG would be."""
    return json.dumps(sorted(os.sched_getaffinity(0))).encode()


def cpus() -> list[int]:
    """The calling thread's CPU set."""
    return sorted(os.sched_getaffinity(0))


def main() -> None:
    """Start a thread, pin, and report every thread's CPU set and a chart worker's."""
    release, seen = threading.Event(), []
    earlier = threading.Thread(target=lambda: (release.wait(), seen.append(cpus())))
    earlier.start()
    allowed = cpus()
    cpu = pin_threads_to_one_cpu()
    release.set()
    earlier.join()
    pool = ChartPool(workers=1, cache_bytes=0, renderer=affinity_as_png)
    try:
        worker = json.loads(pool(plan_progress(["a"], [50.0])))
    finally:
        pool.close()
    report = {
        "allowed": allowed,
        "cpu": cpu,
        "main": cpus(),
        "started_before": seen[0],
        "started_after": in_a_thread(cpus),
        "released": in_a_thread(lambda: (use_every_cpu(), cpus())[1]),
        "chart_worker": worker,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
