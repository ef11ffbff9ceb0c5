"""64-bit hashes mixed in numpy: the digests the refresh compares instead of rows.

The factor digests (insights.factor_rows, insights.factor_choice) and the day cells' row digests
(insights.day_digests) fold many values into one 64-bit hash per piece or row. ``mixed`` is
SplitMix64's finaliser; ``FOLD`` (the golden ratio's 64 bits, odd) weighs the running hash before
the next value joins it, so the order of the values counts.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Hashes = NDArray[np.uint64]
FOLD = np.uint64(0x9E3779B97F4A7C15)


def mixed(values: Hashes) -> Hashes:
    """splitmix64's finaliser: every output bit depends on every input bit."""
    with np.errstate(over="ignore"):
        x = values ^ (values >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        found: Hashes = x ^ (x >> np.uint64(31))
    return found
