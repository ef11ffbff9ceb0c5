"""The suite's pinned wall clock: this process and its Python children read the same instant."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import PINNED_AT

pytestmark = pytest.mark.skipif(PINNED_AT is None, reason="TEST_WALL_CLOCK=real: no pin")


def test_the_test_process_reads_the_pinned_instant() -> None:
    assert PINNED_AT is not None
    assert abs(datetime.now(UTC) - PINNED_AT) < timedelta(days=1)


def test_a_python_child_reads_the_same_wall_clock_as_its_parent() -> None:
    # Under xdist each worker is itself a moved child; its children must still agree with it.
    child = subprocess.run(
        [sys.executable, "-c", "import time; print(time.time())"],
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert abs(float(child.stdout) - time.time()) < 60
