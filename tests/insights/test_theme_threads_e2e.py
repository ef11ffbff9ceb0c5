"""Theme inference runs k-means on one thread, even when scikit-learn first loads inside it."""

from __future__ import annotations

import subprocess
import sys

# A fresh interpreter: scikit-learn (and its OpenMP runtime) not loaded before the inference.
CHILD = """
import sys
import threadpoolctl
from insights import theme_inference

assert "sklearn" not in sys.modules
seen = []
real = theme_inference._infer

def spy(texts, previous):
    for pool in threadpoolctl.threadpool_info():
        if pool["user_api"] == "openmp":
            seen.append(pool["num_threads"])
    return real(texts, previous)

theme_inference._infer = spy
words = ["sourdough bread", "packing travel", "budget money", "garden compost"]
theme_inference.infer_themes([f"{words[n % 4]} tips {n}" for n in range(40)])
print(seen)
"""


def test_k_means_runs_on_one_thread_when_scikit_learn_loads_inside_the_inference() -> None:
    found = subprocess.run(
        [sys.executable, "-c", CHILD], check=True, capture_output=True, text=True, timeout=120
    )
    threads = found.stdout.strip().splitlines()[-1]
    assert threads != "[]"  # the OpenMP runtime k-means uses was loaded before the limit
    assert set(threads.strip("[]").split(", ")) == {"1"}
