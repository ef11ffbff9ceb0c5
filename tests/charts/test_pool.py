"""The chart pool draws in worker processes, caches PNGs by spec and leaves no process behind."""

from __future__ import annotations

import multiprocessing

import pytest

from bot.charts.pool import ChartPool, PngCache, spec_key
from bot.charts.render import render_chart
from context.reply import ChartSpec
from storage.errors import InvalidInput
from tests.support.chart_specs import spec_of


def test_the_cache_keeps_the_most_recently_used_within_its_bytes() -> None:
    cache = PngCache(max_bytes=10)
    cache.put("a", b"1234")
    cache.put("b", b"5678")
    assert cache.get("a") == b"1234"  # "a" is now the most recent; "b" goes first
    cache.put("c", b"90ab")
    assert cache.get("b") is None and cache.get("a") == b"1234" and cache.get("c") == b"90ab"
    assert cache.size == 8 and len(cache) == 2
    cache.put("a", b"12")
    assert cache.size == 6
    cache.put("huge", b"x" * 11)
    assert cache.get("huge") is None and len(cache) == 2


def test_the_key_covers_kind_title_and_data() -> None:
    base = spec_of("theme_bars", 3)
    assert spec_key(base) == spec_key(ChartSpec(base.kind, base.title, dict(base.data)))
    assert spec_key(base) != spec_key(ChartSpec(base.kind, base.title + "!", base.data))
    assert spec_key(base) != spec_key(spec_of("theme_bars", 10))


def test_workers_draw_the_same_png_and_stop_on_close() -> None:
    pool = ChartPool(workers=2)
    spec = spec_of("plan_progress", 3)
    try:
        pool.warm()
        assert len(multiprocessing.active_children()) == 2, "both workers start at once"
        png = pool(spec)
        assert pool.started
        assert png == render_chart(spec)
        assert pool(spec) is png, "the second request is served from the cache"
    finally:
        pool.close()
    assert not pool.started and not multiprocessing.active_children()
    assert pool(spec_of("plan_progress", 10)).startswith(b"\x89PNG"), "closed: drawn in-process"
    assert not pool.started


def test_an_unknown_kind_is_refused_without_starting_workers() -> None:
    pool = ChartPool(workers=1)
    with pytest.raises(InvalidInput, match="Unknown chart kind"):
        pool(ChartSpec("pie", "x"))
    assert not pool.started
    pool.close()


def test_when_a_worker_dies_the_chart_is_drawn_in_process_and_the_pool_restarts() -> None:
    pool = ChartPool(workers=1, cache_bytes=0)
    try:
        pool.warm()
        for process in multiprocessing.active_children():
            process.kill()  # as the out-of-memory killer would
        assert pool(spec_of("plan_progress", 3)).startswith(b"\x89PNG")
        assert not pool.started, "the broken pool was dropped"
        assert pool(spec_of("plan_progress", 10)).startswith(b"\x89PNG") and pool.started
    finally:
        pool.close()
    assert not multiprocessing.active_children()
