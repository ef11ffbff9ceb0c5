"""The same seed, configuration and 'now' give the same pieces, however they are batched."""

from __future__ import annotations

from datetime import timedelta

import pytest

import simulator.generate as generate_module
from simulator import SimulationConfig, generate_pieces, iter_piece_batches, iter_record_batches
from simulator.demo import default_piece_count
from simulator.generate import resolve_profile
from tests.support.simulated_data import NOW

CONFIG = SimulationConfig(pieces=120, niche="gaming", timezone="Europe/Paris")


def test_same_seed_same_pieces() -> None:
    assert generate_pieces(CONFIG, seed=9, now=NOW) == generate_pieces(CONFIG, seed=9, now=NOW)


def test_other_seed_other_pieces() -> None:
    first = generate_pieces(CONFIG, seed=9, now=NOW)
    second = generate_pieces(CONFIG, seed=10, now=NOW)
    assert [p.record.title for p in first] != [p.record.title for p in second]
    assert {p.record.platform_id for p in first}.isdisjoint(p.record.platform_id for p in second)


def test_now_shifts_the_window() -> None:
    later = NOW + timedelta(days=7)
    first = generate_pieces(CONFIG, seed=9, now=NOW)
    second = generate_pieces(CONFIG, seed=9, now=later)
    assert [p.record.published_at + timedelta(days=7) for p in first] == [
        p.record.published_at for p in second
    ]


@pytest.mark.parametrize("batch_size", [1, 7, 50, 1000])
def test_batching_does_not_change_the_pieces(
    batch_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generate_module, "BLOCK", 40)  # several generation blocks, cheaply
    whole = generate_pieces(CONFIG, seed=4, now=NOW)
    batches = list(iter_piece_batches(CONFIG, seed=4, now=NOW, batch_size=batch_size))
    assert [p for batch in batches for p in batch] == whole
    assert all(len(batch) == batch_size for batch in batches[:-1])
    assert 1 <= len(batches[-1]) <= batch_size
    records = list(iter_record_batches(CONFIG, seed=4, now=NOW, batch_size=batch_size))
    assert records == [[p.record for p in batch] for batch in batches]


def test_auto_profile_and_default_count_come_from_the_seed() -> None:
    profiles = {resolve_profile("auto", seed) for seed in range(40)}
    assert profiles == {"small", "mid", "large"}
    assert resolve_profile("auto", 17) == resolve_profile("auto", 17)
    counts = {default_piece_count(seed) for seed in range(200)}
    assert min(counts) == 30 and max(counts) == 50
