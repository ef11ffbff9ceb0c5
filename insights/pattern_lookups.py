"""The pattern computations a refresh looks up (insights.pattern_memo): keys and wrappers.

Each key holds every input its computation reads, in the order it reads them: the outcomes read
the tested pieces' figures (never a provisional piece's), a scan its posts' week-hours and
outcomes, a comparison its pooled sample and its group (``insights.pooled_figures``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from insights.fact_arrays import FactArrays, Floats
from insights.findings import OutcomeArrays, outcome_arrays
from insights.pattern_memo import MEMO, arrays_size, digest, digest_of, small
from insights.stats import GroupTest
from insights.timing import ScanResult, observed_windows, scan_windows
from insights.windows import Window

_OUTCOME_FIELDS = ("raw", "adjusted", "timing", "versus_platform", "versus_all")


def _outcome_key(facts: FactArrays, k: int) -> bytes:
    return digest_of("outcomes", _outcome_parts(facts, k))


def _outcome_parts(facts: FactArrays, k: int) -> Iterator[object]:
    """The outcomes' inputs, each gathered when it is hashed (``digest_of``)."""
    t = facts.tested
    yield k
    for values in (facts.view_ratio, facts.log_views, facts.published_us):
        yield values[t]
    for codes in (facts.theme.codes, facts.platform.codes):
        yield codes[t]
    for name in ("engagement_ratio", "retention_ratio"):
        yield from (part[t] for part in facts.column(name))


def remembered_outcomes(facts: FactArrays, k: int) -> OutcomeArrays:
    """``outcome_arrays(facts, k)``, looked up when the tested pieces' figures did not move."""
    tested = facts.tested

    def compute() -> tuple[Floats, ...]:
        found = outcome_arrays(facts, k)
        return tuple(getattr(found, name)[tested] for name in _OUTCOME_FIELDS)

    values = MEMO.get(_outcome_key(facts, k), compute, arrays_size)
    spread = []
    for part in values:  # only the tested positions hold an outcome; the rest are 0
        full = np.zeros(len(facts))
        full[tested] = part
        spread.append(full)
    return OutcomeArrays(*spread)


def remembered_scan(
    week_hours: np.ndarray[Any, Any], outcomes: Floats, min_size: int
) -> list[ScanResult]:
    """``scan_windows``, looked up by its posts' week-hours and outcomes."""
    key = digest("scan", min_size, week_hours, outcomes)
    found = MEMO.get(key, lambda: scan_windows(week_hours, outcomes, min_size=min_size), small)
    return list(found)


def remembered_observed(
    week_hours: np.ndarray[Any, Any], outcomes: Floats, min_size: int
) -> dict[int, tuple[Window, float]]:
    """``observed_windows``, looked up by its posts' week-hours and outcomes."""
    key = digest("observed", min_size, week_hours, outcomes)
    found = MEMO.get(key, lambda: observed_windows(week_hours, outcomes, min_size=min_size), small)
    return dict(found)


def remembered_within(
    sample: bytes, inside: np.ndarray[Any, Any], compute: Callable[[], GroupTest | None]
) -> GroupTest | None:
    """``compare_within`` of the group ``inside`` a sample, looked up by the sample's digest
    (``insights.pooled_figures``) and the group's mask, which tell its two samples apart
    without gathering and hashing them for every group."""
    return MEMO.get(digest("compare within", sample, inside), compute, small)
