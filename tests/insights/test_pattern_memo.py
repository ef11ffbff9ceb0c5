"""Pattern computations are looked up, not computed again, while the tested pieces stay the same.

New young pieces (an hourly sync) leave every tested figure as it was: the outcomes, the
posting-window scans and the group comparisons are looked up, and the refresh stores what a full
refresh computes. A changed mature figure computes them again; a full refresh never looks up.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest

from insights import pattern_lookups
from insights.ingest import ingest_records
from insights.pattern_memo import MEMO, PatternMemo, digest, fresh_patterns
from insights.records import PieceRecord
from insights.refresh import refresh_all, refresh_creator
from simulator import SimulationConfig, generate_pieces
from storage import Database
from tests.insights.simulated import simulated_creator
from tests.insights.test_refresh_memo import refreshed_equal_to_full
from tests.support.builders import NOW


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many posts each computed (not looked up) posting-window scan ran over."""
    ran: list[int] = []
    original = pattern_lookups.scan_windows

    def counting(week_hours: np.ndarray, outcomes: np.ndarray, *, min_size: int) -> object:
        ran.append(len(outcomes))
        return original(week_hours, outcomes, min_size=min_size)

    monkeypatch.setattr(pattern_lookups, "scan_windows", counting)
    MEMO.clear()
    yield ran


def young_records(count: int, seed: int) -> list[PieceRecord]:
    """``count`` new pieces published in the last day (provisional: tested by no family)."""
    config = SimulationConfig(pieces=count, timezone="Europe/Berlin")
    records = [p.record for p in generate_pieces(config, seed=seed, now=NOW)]
    return [
        replace(r, platform_id=f"young-{seed}-{i}", published_at=NOW - timedelta(hours=2 + i))
        for i, r in enumerate(records)
    ]


def test_young_pieces_leave_the_scan_looked_up_and_the_result_equal_to_a_full_refresh(
    db: Database, scans: list[int]
) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.unit_of_work() as s:
        refresh_creator(s, creator, NOW)
    computed = len(scans)
    with db.unit_of_work() as s:
        ingest_records(s, creator, young_records(5, seed=3), now=NOW, source="test")
    refreshed_equal_to_full(db, creator, NOW)
    assert computed >= 1
    # The ingest's refresh looked the scan up; the full refresh in the check computed it.
    assert len(scans) == computed + 1


def test_a_changed_mature_figure_computes_the_scan_again(db: Database, scans: list[int]) -> None:
    creator = simulated_creator(db, pieces=120)
    config = SimulationConfig(pieces=120, timezone="Europe/Berlin")
    oldest = next(p.record for p in generate_pieces(config, seed=1, now=NOW))
    views = (oldest.metrics.views or 0) * 5 + 1
    changed = replace(oldest, metrics=replace(oldest.metrics, views=views))
    with db.unit_of_work() as s:
        refresh_creator(s, creator, NOW)
    computed = len(scans)
    with db.unit_of_work() as s:
        ingest_records(s, creator, [changed], now=NOW, source="test")
    assert len(scans) == computed + 1


def test_a_full_refresh_computes_even_what_is_remembered(db: Database, scans: list[int]) -> None:
    creator = simulated_creator(db, pieces=120)
    computed = len(scans)
    with db.unit_of_work() as s:
        refresh_all(s, creator, NOW)
        refresh_all(s, creator, NOW)
    assert len(scans) == computed + 2 and scans[-1] == scans[-2] > 0


def test_a_remembered_result_is_returned_without_computing_again() -> None:
    memo, calls = PatternMemo(), []

    def compute() -> list[int]:
        calls.append(1)
        return [len(calls)]

    first = memo.get(b"k", compute, lambda _: 10)
    assert memo.get(b"k", compute, lambda _: 10) is first
    with fresh_patterns():
        assert memo.get(b"k", compute, lambda _: 10) == [2]
    assert memo.get(b"k", compute, lambda _: 10) == [2]
    assert len(calls) == 2


def test_past_its_bound_the_memo_drops_the_least_recently_used_first() -> None:
    memo = PatternMemo(max_bytes=30)
    for key in (b"a", b"b", b"c"):
        memo.get(key, functools.partial(bytes, key), lambda _: 10)
    memo.get(b"a", lambda: b"new a", lambda _: 10)  # used: now the most recent
    memo.get(b"d", lambda: b"d", lambda _: 10)
    assert memo.get(b"b", lambda: b"computed", lambda _: 10) == b"computed"
    assert memo.get(b"a", lambda: b"computed", lambda _: 10) == b"a"


def test_a_result_larger_than_the_bound_is_not_kept() -> None:
    memo = PatternMemo(max_bytes=100)
    memo.get(b"big", lambda: 1, lambda _: 101)
    assert memo.get(b"big", lambda: 2, lambda _: 1) == 2


@pytest.mark.parametrize(
    "other",
    [
        np.array([1, 2, 3], dtype=np.int32),
        np.array([[1, 2, 3]], dtype=np.int64),
        np.array([1, 2, 4], dtype=np.int64),
        np.array([1.0, 2.0, 3.0]),
    ],
)
def test_a_digest_tells_apart_values_types_and_shapes(other: np.ndarray) -> None:
    same = digest("k", np.array([1, 2, 3], dtype=np.int64))
    assert digest("k", np.array([1, 2, 3], dtype=np.int64)) == same
    assert digest("k", other) != same


def test_a_digest_tells_apart_the_kind_and_the_plain_values() -> None:
    values = np.arange(4)
    assert digest("scan", 3, values) != digest("observed", 3, values)
    assert digest("scan", 3, values) != digest("scan", 4, values)
    assert digest("scan", values[:2], values[2:]) != digest("scan", values[:3], values[3:])


def test_two_creators_with_the_same_tested_figures_compute_the_scan_once(
    db: Database, scans: list[int]
) -> None:
    simulated_creator(db, pieces=120, handle="first")
    simulated_creator(db, pieces=120, handle="second")
    assert len(scans) == 1
