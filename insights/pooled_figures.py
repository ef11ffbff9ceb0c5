"""A figure over a pool of tested pieces, worked out once for every group tested in it.

A family tests several groups of one pool on one figure (every theme, every window), and
families share figures (the themes' shown medians are the engagement family's tested outcome):
which pieces of the pool know the figure, the known values ranked, who was tested (``within``,
what replication reads) and a digest of the values for the pattern memo's keys. Each group then
costs only its own mask, not a gather and a hash of the whole pool.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from insights.fact_arrays import Column, Floats, Ints, Mask
from insights.mann_whitney import Ranked, ranked
from insights.pattern_memo import digest


@dataclass(frozen=True)
class Pooled:
    """``value`` over a pool: who of the pool knows it and their values, the tested pieces by
    position over all facts, and the values' digest."""

    known: Mask  # by place in the pool
    values: Floats  # the known values, in the pool's order
    within: Mask  # by position in the facts: read only, shared by every finding of the pool
    key: bytes

    @cached_property
    def sample(self) -> Ranked:
        """The known values ranked: only once a group of them is tested (none may be known)."""
        return ranked(self.values)

    def medians(self, inside: Mask) -> tuple[float, float]:
        """``np.median`` of the known values ``inside`` the group and of the others."""
        if not self.values.size:  # NaN, as np.median of nothing (without its warning)
            return math.nan, math.nan
        return self.sample.medians(inside)


def pooled(size: int, pool: Ints, value: Column) -> Pooled:
    """``value`` over ``pool`` (positions among ``size`` facts)."""
    known = value[1][pool]
    sample = value[0][pool][known]
    within = np.zeros(size, dtype=bool)
    within[pool] = known
    within.flags.writeable = False
    return Pooled(known, sample, within, digest("pooled", sample))
