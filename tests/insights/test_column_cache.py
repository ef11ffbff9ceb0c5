"""The columns a refresh keeps equal what ``load_columns`` reads, whatever was written before.

Random sequences of imports, metric edits, hidden views, deletions, theme choices and days
passing (the steps of tests/insights/test_incremental_refresh.py), each followed by
``refresh_creator``: after each, the columns this process kept for the creator equal a fresh
``load_columns`` (every array, order included), and most refreshes spliced the pieces written
into the kept columns rather than reading every piece. A write made by another process (not
through this process's memory) is seen: the stamp differs, so every piece is read; so is
every piece after a rolled-back savepoint, and nothing is kept until the transaction ends.
Score updates written outside a refresh (``rescore_creator``) are applied as sent, unread.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from insights import column_cache, factor_memo, score_baselines
from insights import refresh as refresh_module
from insights import score_columns as score_columns_module
from insights.column_facts import LOGGED_RATIOS, column_fact_arrays
from insights.column_memo import ColumnMemo
from insights.ingest import ingest_records
from insights.piece_columns import PieceColumns, load_columns, stored_codes
from insights.refresh import refresh_creator
from insights.score_columns import score_columns
from insights.scoring import DEFAULT_SCORING, rescore_creator
from insights.uuid_array import UuidArray
from storage import Database, stamp_chain
from tests.insights.test_incremental_refresh import (
    NOW,
    Catalogue,
    days,
    deletions,
    hides,
    imports,
    themes,
    young,
)

# Figures scaled up only: scaled down, the views could fall below the stored views_24h.
edits = st.tuples(st.just("edit"), st.integers(0, 10_000), st.sampled_from([1.5, 6.0]))
steps = st.lists(
    st.one_of(imports, young, edits, hides, deletions, days, themes), min_size=1, max_size=4
)


def assert_same_columns(kept: PieceColumns | None, loaded: PieceColumns) -> None:
    """Every array and list equal, in the same order (NaN equal to NaN)."""
    assert kept is not None
    assert kept.objects == loaded.objects
    assert np.array_equal(kept.stored_codes, loaded.stored_codes)
    assert kept.stored_codes.dtype == loaded.stored_codes.dtype
    for name in ("figures", "flags"):
        ours, theirs = getattr(kept, name), getattr(loaded, name)
        assert ours.keys() == theirs.keys()
        for key, values in ours.items():
            assert values.dtype == theirs[key].dtype, key
            assert np.array_equal(values, theirs[key], equal_nan=values.dtype.kind == "f"), key
    assert np.array_equal(kept.content_ids.values, loaded.content_ids.values)
    assert np.array_equal(kept.performance_ids.values, loaded.performance_ids.values)
    assert np.array_equal(kept.published_us, loaded.published_us)
    if kept.id_order is not None:  # the id order handed on, as if made anew
        assert np.array_equal(kept.id_order, loaded.by_id())
    for name, codes in kept.codes.items():  # numbered text columns handed on, as if made anew
        made = loaded.numbered(name)
        assert codes.names == made.names and codes.codes.dtype == made.codes.dtype, name
        assert np.array_equal(codes.codes, made.codes), name


def assert_same_results(kept: PieceColumns | None, loaded: PieceColumns, now: datetime) -> None:
    """Scores and fact arrays computed through the per-piece results kept with the columns
    (insights.column_memo) equal, bit for bit, those computed for every piece afresh."""
    assert kept is not None and kept.memo is not None
    assert len(kept.memo) == 17  # four logs of ratios, five exponentials, a log, the offsets,
    # the baselines, the places by deviation, the scores, the three ratios the pattern tests log
    tz = ZoneInfo("Europe/Berlin")
    remembered = column_cache._replaced(kept, memo=kept.memo.copy())
    ours, theirs = (
        score_columns(remembered, now, DEFAULT_SCORING),
        score_columns(loaded, now, DEFAULT_SCORING),
    )
    for field in fields(ours):
        assert_identical(getattr(ours, field.name), getattr(theirs, field.name))
    our_facts = column_fact_arrays(remembered, ours, tz)
    their_facts = column_fact_arrays(loaded, theirs, tz)
    for field in fields(our_facts):
        if field.name != "logged":  # made beforehand from the memo, or when first asked for
            assert_identical(getattr(our_facts, field.name), getattr(their_facts, field.name))
    for name in LOGGED_RATIOS:
        assert_identical(our_facts.log_ratio(name), their_facts.log_ratio(name))


def assert_identical(ours: Any, theirs: Any) -> None:
    """Equal, arrays to the bit (a NaN equal to the same NaN)."""
    if isinstance(ours, np.ndarray):
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        assert ours.tobytes() == theirs.tobytes()
    elif isinstance(ours, dict):
        assert ours.keys() == theirs.keys()
        for key, value in ours.items():
            assert_identical(value, theirs[key])
    elif isinstance(ours, tuple):
        assert len(ours) == len(theirs)
        for one, other in zip(ours, theirs, strict=True):
            assert_identical(one, other)
    elif hasattr(ours, "codes"):  # insights.fact_arrays.Codes
        assert_identical(ours.codes, theirs.codes)
        assert ours.names == theirs.names
    else:
        assert list(ours) == list(theirs)


@contextmanager
def counting_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """Count the cache's reads: of some pieces (a splice) and of every piece."""
    counts = {"spliced": 0, "whole": 0}
    original = column_cache.load_columns

    def counted(session: Session, creator_id: uuid.UUID, pieces: Any = None) -> PieceColumns:
        counts["whole" if pieces is None else "spliced"] += 1
        return original(session, creator_id, pieces)

    with monkeypatch.context() as patch:
        patch.setattr(column_cache, "load_columns", counted)
        yield counts


def check_sequence(
    db: Database, seed: int, sequence: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = Catalogue(db, seed)
    for step in sequence:
        with counting_reads(monkeypatch) as counts, db.unit_of_work() as session:
            catalogue.apply(session, step)
            kept = column_cache.kept(session, catalogue.creator_id)
            loaded = load_columns(session, catalogue.creator_id)
            assert_same_columns(kept, loaded)
            assert_same_results(kept, loaded, catalogue.now)
        # A deletion is an ORM statement naming no piece: only it reads every piece.
        assert counts["whole"] == (step[0] == "delete")


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(1, 50), sequence=steps)
def test_kept_columns_equal_a_fresh_load_after_any_writes(
    db: Database, seed: int, sequence: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    check_sequence(db, seed, sequence, monkeypatch)


def test_imports_edits_and_theme_choices_are_spliced_in(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    sequence = [("import", 7), ("edit", 3, 6.0), ("theme", 5, "Talks"), ("young", 3)]
    sequence += [("later", 8), ("hide", 11), ("delete", 2), ("import", 4)]
    check_sequence(db, 11, sequence, monkeypatch)


@contextmanager
def as_another_process() -> Iterator[None]:
    """What this process remembers (stamps left, factors, columns), as before the block."""
    memories: list[Any] = [stamp_chain._LEFT, factor_memo._KEPT._entries, column_cache._ENTRIES]
    before = [dict(memory) for memory in memories]
    try:
        yield
    finally:
        for memory, was in zip(memories, before, strict=True):
            memory.clear()
            memory.update(was)


def test_a_write_by_another_process_is_read_whole(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = Catalogue(db, seed=5)
    new = catalogue.waiting[:3]
    first = catalogue.stored[0]
    edited = replace(first, metrics=replace(first.metrics, views=3 * (first.metrics.views or 1)))
    with as_another_process(), db.unit_of_work() as session:
        records = [*new, edited]
        ingest_records(session, catalogue.creator_id, records, now=NOW, source="t", refresh=False)
    with counting_reads(monkeypatch) as counts, db.unit_of_work() as session:
        refresh_creator(session, catalogue.creator_id, catalogue.now + timedelta(days=1))
        kept = column_cache.kept(session, catalogue.creator_id)
        loaded = load_columns(session, catalogue.creator_id)
        assert_same_columns(kept, loaded)
    assert counts == {"spliced": 0, "whole": 1}
    assert len(loaded) == len(catalogue.stored) + len(new)


def test_after_a_rolled_back_savepoint_nothing_is_kept_until_the_transaction_ends(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = Catalogue(db, seed=7)
    first, second, third, fourth = (catalogue.waiting[i : i + 2] for i in (0, 2, 4, 6))
    with counting_reads(monkeypatch) as counts, db.unit_of_work() as session:
        savepoint = session.begin_nested()
        ingest_records(session, catalogue.creator_id, first, now=NOW, source="t", refresh=False)
        savepoint.rollback()
        ingest_records(session, catalogue.creator_id, second, now=NOW, source="t")
        assert column_cache.kept(session, catalogue.creator_id) is None
    assert counts == {"spliced": 0, "whole": 1}
    for records, reads in (
        (third, {"spliced": 0, "whole": 1}),
        (fourth, {"spliced": 1, "whole": 0}),
    ):
        with counting_reads(monkeypatch) as counts, db.unit_of_work() as session:
            ingest_records(session, catalogue.creator_id, records, now=NOW, source="t")
            kept = column_cache.kept(session, catalogue.creator_id)
            assert_same_columns(kept, load_columns(session, catalogue.creator_id))
        assert counts == reads


def test_scores_written_outside_a_refresh_are_applied_as_sent(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = Catalogue(db, seed=9)
    later = NOW + timedelta(days=30)  # the young pieces come of age: their scores change
    with counting_reads(monkeypatch) as counts, db.unit_of_work() as session:
        assert rescore_creator(session, catalogue.creator_id, later) > 0
        refresh_creator(session, catalogue.creator_id, later)
        kept = column_cache.kept(session, catalogue.creator_id)
        assert_same_columns(kept, load_columns(session, catalogue.creator_id))
    assert counts == {"spliced": 0, "whole": 0}


def test_new_uploads_are_the_only_pieces_whose_per_piece_results_are_computed(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = Catalogue(db, seed=3)
    computed: dict[str, int] = {}
    original = ColumnMemo.computed

    def counting(self: ColumnMemo, name: str, inputs: np.ndarray, compute: Any) -> np.ndarray:
        def counted(values: np.ndarray) -> np.ndarray:
            computed[name] = computed.get(name, 0) + values.size
            return compute(values)  # type: ignore[no-any-return]

        return original(self, name, inputs, counted)

    asked: list[int] = []
    medians = score_baselines._medians

    def counted_medians(*args: Any) -> None:
        asked.append(int(args[3].sum()))  # the pieces whose baselines are looked up
        medians(*args)

    scored: list[int] = []
    mapped = score_columns_module.mapped

    def counted_mapped(function: Any, values: np.ndarray) -> np.ndarray:
        scored.append(values.size)
        return mapped(function, values)

    monkeypatch.setattr(ColumnMemo, "computed", counting)
    monkeypatch.setattr(score_baselines, "_medians", counted_medians)
    monkeypatch.setattr(score_columns_module, "mapped", counted_mapped)
    with db.unit_of_work() as session:
        catalogue.apply(session, ("young", 3))
    assert sum(asked) == 3  # the others' were kept: the pools they are scored against stood
    # The others scored as kept (insights.score_reuse): the three were scored on their own (their
    # logarithms of four ratios, where known, and five exponentials), and every step kept per
    # piece for the fact arrays (five) ran for them only.
    assert max(scored) == 3 and scored.count(3) >= 5
    assert computed == dict.fromkeys(computed, 3)
    assert len(computed) == 5


def test_an_upload_scores_its_own_pieces_and_every_score_equals_scoring_all_afresh(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The others score as the last refresh kept them (insights.score_reuse), to the bit."""
    catalogue = Catalogue(db, seed=3)
    seen: list[Any] = []
    again: list[int] = []
    scored, rescored = refresh_module.score_columns, score_columns_module._rescored

    def recorded(*args: Any) -> Any:
        seen.append(scored(*args))
        return seen[-1]

    def counted(kept: Any, *args: Any) -> Any:
        again.append(kept.todo.size)
        return rescored(kept, *args)

    monkeypatch.setattr(refresh_module, "score_columns", recorded)
    monkeypatch.setattr(score_columns_module, "_rescored", counted)
    with db.unit_of_work() as session:
        catalogue.apply(session, ("young", 3))
        fresh = load_columns(session, catalogue.creator_id)
    assert len(again) == 1 and 3 <= again[0] < len(fresh) // 2
    ours, theirs = seen[0], score_columns(fresh, catalogue.now, DEFAULT_SCORING)
    for field in fields(ours):
        assert_identical(getattr(ours, field.name), getattr(theirs, field.name))


def test_per_piece_results_past_their_bound_are_dropped_and_the_columns_kept(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(column_cache, "MAX_MEMO_PIECES", 100)
    first, second = Catalogue(db, seed=1), Catalogue(db, seed=2)  # 70 pieces each
    with db.unit_of_work() as session:
        older, newer = (column_cache.kept(session, c.creator_id) for c in (first, second))
    assert older is not None and newer is not None
    assert older.memo is None and newer.memo is not None
    with db.unit_of_work() as session:  # the older creator's next refresh computes them again
        first.apply(session, ("young", 2))
        again = column_cache.kept(session, first.creator_id)
        loaded = load_columns(session, first.creator_id)
        assert_same_columns(again, loaded)
        assert_same_results(again, loaded, first.now)


def columns_of(published: list[int], numbers: list[int]) -> PieceColumns:
    """Columns of pieces with these instants and numbers (in the order given), each piece's
    other columns telling it apart."""
    count = len(numbers)
    ids = UuidArray.joined(uuid.UUID(int=n + 1).bytes for n in numbers)
    return PieceColumns(
        objects={name: [labelled(name, n) for n in numbers] for name in PieceColumns().objects},
        stored_codes=stored_codes([None if n % 3 else "normal" for n in numbers]),
        figures={"number": np.array(numbers, float), "views": np.array(numbers, float) * 2},
        flags={"is_provisional": np.array([n % 2 == 0 for n in numbers], bool)},
        content_ids=ids,
        performance_ids=UuidArray(ids.values.copy()),
        published_us=np.array(published, dtype=np.int64)[:count],
    )


def labelled(name: str, number: int) -> str | None:
    """A text column's value for the piece numbered ``number``: a few values, some None."""
    return None if number % 7 == 3 else f"{name}{number % 4}"


def by_instant_and_number(pieces: list[tuple[int, int]]) -> PieceColumns:
    """Columns of (instant, number) pieces as ``load_columns`` orders them."""
    ordered = sorted(pieces)
    return columns_of([p for p, _ in ordered], [n for _, n in ordered])


@settings(max_examples=200, deadline=None)
@given(
    pieces=st.lists(st.integers(0, 5), min_size=1, max_size=30),
    kept=st.lists(st.booleans(), min_size=30, max_size=30),
    fresh=st.lists(st.integers(0, 5), max_size=10),
    numbers=st.permutations(range(40)),
)
def test_a_splice_orders_pieces_by_instant_then_number_ties_and_all(
    pieces: list[int], kept: list[bool], fresh: list[int], numbers: list[int]
) -> None:
    # Few instants: runs of ties among kept pieces only, fresh pieces only, and both, the
    # fresh pieces' numbers above, below and between the kept ones'.
    old = by_instant_and_number(list(zip(pieces, numbers, strict=False)))
    new = list(zip(fresh, numbers[len(pieces) :], strict=False))
    mask = np.array(kept[: len(pieces)])
    olds = zip(old.published_us.tolist(), old.figures["number"].tolist(), mask, strict=True)
    staying = [(at, int(number)) for at, number, stays in olds if stays]
    for name in old.objects:  # numbered, as a refresh leaves them: the splice hands them on
        old.numbered(name)
    old.by_id()  # so is their order by id
    merged = column_cache._merged(old, mask, by_instant_and_number(new))
    assert merged.id_order is not None
    assert_same_columns(merged, by_instant_and_number(staying + new))
