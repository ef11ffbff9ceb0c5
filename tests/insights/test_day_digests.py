"""Per-day digests of the rows the day cells sum (insights/day_digests.py): which days can have
changed cells, found without summing the days nothing touched."""

from __future__ import annotations

from typing import Any

import numpy as np

from insights.day_digests import (
    DAY_US,
    DayDigests,
    changed_days,
    codes_hashed,
    day_digests,
    labels_hashed,
    row_hashes,
)
from insights.fact_arrays import first_codes

DAYS = np.array([3, 3, 3, 5, 5, 9], dtype=np.int64)


def rows(**changes: Any) -> tuple[np.ndarray, list[list[Any]], list[np.ndarray]]:
    """Six rows over days 3, 5 and 9: instants, (platform, theme) labels, (views, rate)."""
    published = DAYS * DAY_US + np.arange(6) * 1_000
    platforms: list[Any] = ["youtube"] * 3 + ["tiktok"] * 3
    keys = [platforms, ["Talks", "Misc", None, "Talks", "Talks", "Misc"]]
    figures = [np.arange(6, dtype=float) * 100, np.array([0.1, np.nan, 0.3, 0.4, 0.5, 0.6])]
    for name, value in changes.items():
        kind, row = name.split("_")
        if kind == "views":
            figures[0][int(row)] = value
        elif kind == "theme":
            keys[1][int(row)] = value
        elif kind == "day":
            published[int(row)] = value * DAY_US
    return published, keys, figures


def digests(**changes: Any) -> DayDigests:
    published, keys, figures = rows(**changes)
    return day_digests(published, row_hashes(published, [labels_hashed(k) for k in keys], figures))


def test_the_same_rows_give_the_same_digests() -> None:
    assert changed_days(digests(), digests()).tolist() == []
    assert digests().days.tolist() == [3, 5, 9]


def test_a_changed_figure_moves_only_its_days_digest() -> None:
    assert changed_days(digests(), digests(views_4=401.0)).tolist() == [5]


def test_a_changed_label_moves_only_its_days_digest() -> None:
    assert changed_days(digests(), digests(theme_0="Misc")).tolist() == [3]


def test_a_row_moved_to_another_day_changes_both_days() -> None:
    assert changed_days(digests(), digests(day_5=4)).tolist() == [4, 9]


def test_a_day_left_without_rows_or_gaining_its_first_counts_as_changed() -> None:
    published, keys, figures = rows()
    fewer = day_digests(
        published[:5],
        row_hashes(published[:5], [labels_hashed(k[:5]) for k in keys], [f[:5] for f in figures]),
    )
    assert changed_days(digests(), fewer).tolist() == [9]
    assert changed_days(fewer, digests()).tolist() == [9]


def test_rows_in_any_order_give_the_same_digests() -> None:
    published, keys, figures = rows()
    order = np.array([5, 2, 4, 0, 3, 1])
    shuffled = day_digests(
        published[order],
        row_hashes(
            published[order],
            [labels_hashed([k[i] for i in order]) for k in keys],
            [f[order] for f in figures],
        ),
    )
    assert changed_days(digests(), shuffled).tolist() == []


def test_values_swapped_between_rows_of_a_day_change_its_digest() -> None:
    published, keys, figures = rows()
    figures[0][[0, 1]] = figures[0][[1, 0]]  # the same values on the day, not the same rows
    swapped = day_digests(
        published, row_hashes(published, [labels_hashed(k) for k in keys], figures)
    )
    assert changed_days(digests(), swapped).tolist() == [3]


def test_every_not_a_number_is_one_value() -> None:
    published, keys, figures = rows()
    other_nan = np.frombuffer(np.uint64(0x7FF8_0000_0000_0001).tobytes(), np.float64)[0]
    figures[1][1] = other_nan
    assert (
        changed_days(
            digests(),
            day_digests(
                published, row_hashes(published, [labels_hashed(k) for k in keys], figures)
            ),
        ).size
        == 0
    )


def test_labels_hash_alike_numbered_or_not() -> None:
    labels = ["Talks", None, "Misc", "Talks"]
    assert codes_hashed(first_codes(labels)).tolist() == labels_hashed(labels).tolist()
    assert codes_hashed(first_codes([])).size == 0
