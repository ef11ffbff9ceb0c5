"""Positions by value of a column numbered once, then of the few values read after it."""

from __future__ import annotations

from insights.fact_arrays import first_codes, positions_of


def test_positions_follow_the_values_first_appearance_with_the_later_values_after() -> None:
    found = positions_of(first_codes(["b", None, "a", "b"]), ["c", "a", None])
    assert list(found) == ["b", "a", "c"]
    assert {value: at.tolist() for value, at in found.items()} == {
        "b": [0, 3],
        "a": [2, 5],
        "c": [4],
    }


def test_no_values_give_no_positions() -> None:
    assert positions_of(first_codes([])) == {}
    assert list(positions_of(first_codes([]), ["x"])) == ["x"]
