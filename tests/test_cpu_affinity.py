"""The bot keeps its threads on one CPU, while the chart workers it spawns use every CPU."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

ALLOWED = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
pytestmark = pytest.mark.skipif(len(ALLOWED) < 2, reason="needs Linux and two CPUs")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What a pinned process saw (in a child process: the test runner itself stays unpinned)."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.affinity_probe"],
        cwd=tmp_path_factory.mktemp("cwd"),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_every_thread_runs_on_the_one_allowed_cpu_picked(report: dict[str, Any]) -> None:
    assert report["allowed"] == ALLOWED and report["cpu"] in ALLOWED
    one = [report["cpu"]]
    assert report["main"] == report["started_before"] == report["started_after"] == one


def test_use_every_cpu_undoes_the_pin(report: dict[str, Any]) -> None:
    assert report["released"] == ALLOWED


def test_chart_workers_spawned_by_a_pinned_bot_use_every_cpu(report: dict[str, Any]) -> None:
    assert report["chart_worker"] == ALLOWED
