"""The bounded per-process store the refresh's memos keep their values in."""

from __future__ import annotations

import uuid

from storage.kept_per_process import KeptPerProcess


def _key(n: int) -> tuple[str, uuid.UUID]:
    return ("sqlite:///x", uuid.UUID(int=n))


def test_past_its_count_the_least_recently_kept_goes_first() -> None:
    kept: KeptPerProcess[str] = KeptPerProcess(most=2)
    kept.put(_key(1), "a")
    kept.put(_key(2), "b")
    kept.put(_key(1), "a again")  # now the most recent
    kept.put(_key(3), "c")
    assert [kept.get(_key(n)) for n in (1, 2, 3)] == ["a again", None, "c"]


def test_past_its_budget_values_go_until_their_sizes_fit() -> None:
    kept: KeptPerProcess[list[int]] = KeptPerProcess(budget=5, size=len)
    kept.put(_key(1), [1, 2])
    kept.put(_key(2), [1, 2])
    kept.put(_key(3), [1, 2, 3])  # 7 > 5: the oldest goes, 5 fits
    assert [kept.get(_key(n)) for n in (1, 2, 3)] == [None, [1, 2], [1, 2, 3]]


def test_keeping_nothing_under_a_key_forgets_what_it_held() -> None:
    kept: KeptPerProcess[str] = KeptPerProcess()
    kept.put(_key(1), "a")
    kept.put(_key(1), None)
    kept.put(_key(2), "b")
    kept.clear()
    assert kept.get(_key(1)) is None and kept.get(_key(2)) is None
