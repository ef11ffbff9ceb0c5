"""A refresh after a write reads only the pieces whose factors changed, and only while nobody
else can have written since this process stored them; whatever happened, it stores what a full
refresh stores."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select, update

from insights import factor_memo, incremental_write
from insights import refresh as refresh_module
from insights.ingest import ingest_records
from insights.refresh import refresh_all
from insights.uuid_array import UuidArray, keys_at, uuids_of
from simulator import SimulationConfig, generate_pieces
from storage import Database
from storage.models import ContentInsight, ContentPiece, Creator
from tests.insights.simulated import simulated_creator
from tests.insights.test_incremental_refresh import assert_equal, full_refresh_of, snapshot
from tests.insights.test_pattern_memo import young_records
from tests.support.builders import NOW


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many pieces each read of stored factors asked for."""
    asked: list[int] = []
    original = incremental_write._stored

    def counting(session: Any, keys: Any, creator: uuid.UUID, ids: Sequence[Any] | None) -> Any:
        if ids is not None:
            asked.append(len(ids))
        return original(session, keys, creator, ids)

    monkeypatch.setattr(incremental_write, "_stored", counting)
    factor_memo.clear()
    yield asked


def upload_and_check(db: Database, creator: uuid.UUID, seed: int) -> None:
    """Ingest a few young pieces (its refresh runs), then compare with a full refresh."""
    with db.unit_of_work() as s:
        ingest_records(s, creator, young_records(3, seed=seed), now=NOW, source="test")
        incremental = snapshot(s, creator)
        full = full_refresh_of(s, creator, NOW)
    assert_equal(incremental, full)


def test_after_an_upload_only_the_pieces_whose_factors_changed_are_read(
    db: Database, reads: list[int]
) -> None:
    creator = simulated_creator(db, pieces=120)
    assert reads == [120]  # nothing remembered yet: every piece read
    upload_and_check(db, creator, seed=3)
    # Not the new pieces either: the memo knows they had no factor rows to read.
    assert sum(reads[1:]) < 120


def test_a_write_by_another_process_makes_the_next_refresh_read_every_piece(
    db: Database, reads: list[int]
) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.unit_of_work() as s:  # as another process: its own rows and stamp, no memo of ours
        connection = s.connection()
        table: Any = ContentInsight.__table__
        connection.execute(
            table.delete().where(table.c.creator_id == creator, table.c.content_id.is_not(None))
        )
        creators: Any = Creator.__table__
        connection.execute(
            update(creators).where(creators.c.id == creator).values(data_version=uuid.uuid4())
        )
    upload_and_check(db, creator, seed=3)
    assert reads[-1] == 123
    with db.unit_of_work() as s:
        factors = s.scalar(
            select(func.count())
            .select_from(ContentInsight)
            .where(ContentInsight.creator_id == creator, ContentInsight.content_id.is_not(None))
        )
    assert factors


def test_after_a_full_refresh_the_next_refresh_reads_every_piece(
    db: Database, reads: list[int]
) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.unit_of_work() as s:
        refresh_all(s, creator, NOW)
    upload_and_check(db, creator, seed=3)
    assert reads[-1] == 123


def test_a_rolled_back_refresh_leaves_nothing_trusted(db: Database, reads: list[int]) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.unit_of_work() as s:
        ingest_records(s, creator, young_records(2, seed=4), now=NOW, source="test")
        s.rollback()
    rolled_back = sum(reads[1:])
    upload_and_check(db, creator, seed=5)
    assert rolled_back < 122 and reads[-1] == 123


def test_two_uploads_in_a_row_each_read_only_their_changes(db: Database, reads: list[int]) -> None:
    creator = simulated_creator(db, pieces=120)
    upload_and_check(db, creator, seed=3)
    first = sum(reads[1:])
    upload_and_check(db, creator, seed=6)
    assert first < 123 and sum(reads[1:]) - first < 126


def test_a_piece_no_longer_scored_loses_its_factors_when_the_rest_is_trusted(
    db: Database, reads: list[int]
) -> None:
    creator = simulated_creator(db, pieces=120)
    config = SimulationConfig(pieces=120, timezone="Europe/Berlin")
    first = next(p.record for p in generate_pieces(config, seed=1, now=NOW))
    hidden = replace(first, metrics=replace(first.metrics, views=None, reach=None))
    with db.unit_of_work() as s:
        ingest_records(s, creator, [hidden], now=NOW, source="test")
        incremental = snapshot(s, creator)
        full = full_refresh_of(s, creator, NOW)
    assert_equal(incremental, full)
    assert sum(reads[1:]) < 119  # trusted: only the changed pieces were read


def factor_ids(session: Any, creator: uuid.UUID) -> set[uuid.UUID]:
    """The ids of the creator's stored factor rows."""
    rows = select(ContentInsight.id).where(
        ContentInsight.creator_id == creator, ContentInsight.content_id.is_not(None)
    )
    return set(session.scalars(rows))


def test_changed_factors_are_compared_with_the_memo_s_rows_and_the_rest_keep_their_ids(
    db: Database, reads: list[int]
) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.read() as s:
        ids = factor_ids(s, creator)
    config = SimulationConfig(pieces=40, timezone="Europe/Berlin")
    for seed in (11, 12):  # the second deletes rows by the ids the first one's inserts left
        older = [p.record for p in generate_pieces(config, seed=seed, now=NOW)]
        with db.unit_of_work() as s:  # across the history: the patterns move
            ingest_records(s, creator, older, now=NOW, source="test")
            incremental = snapshot(s, creator)
            full = full_refresh_of(s, creator, NOW)
            now_ids = factor_ids(s, creator)
        assert_equal(incremental, full)
        assert ids - now_ids and now_ids - ids and ids & now_ids  # deleted, inserted, kept
        ids = now_ids
    assert reads == [120]  # trusted: no stored factor row read after the first refresh


def test_the_memo_finds_each_piece_s_digest_by_its_id_s_sixteen_bytes() -> None:
    # Ids ending in zero bytes (the keys compare as the bytes do, none cut short), and ids
    # whose first 8 bytes are the same (found by those first, then checked whole).
    ids = [uuid.UUID(int=n << 8) for n in range(1, 30)] + [uuid.uuid4() for _ in range(40)]
    ids += [uuid.UUID(int=(5 << 64) | n) for n in (9, 3, 7, 1, 2, 11, 4, 8, 6, 10)]
    array = UuidArray.joined(i.bytes for i in ids)
    order = array.key_order(np.arange(len(ids)))
    keys = keys_at(array, order)
    assert uuids_of(keys) == sorted(ids) and keys_at(ids, order).tolist() == keys.tolist()
    digests = np.arange(len(ids), dtype=np.uint64) % np.uint64(3)  # every third: no factors
    inputs, counts = digests + np.uint64(7), (digests * np.uint64(2)).astype(np.uint8)
    hashes = np.arange(len(ids) * 6, dtype=np.uint64).reshape(-1, 6)
    rows = np.array([i.bytes for i in ids * 6], dtype="S16").reshape(6, -1).T
    known = factor_memo.Digests(
        keys[10:], digests[10:], inputs[10:], counts[10:], b"s", hashes[10:], rows[10:]
    )
    probe = keys[::-1]
    found = known.previous(probe)
    assert found.known.tolist() == [i >= 10 for i in range(len(ids))][::-1]
    for got, wanted in ((found.digests, digests), (found.inputs, inputs), (found.counts, counts)):
        assert got.tolist() == [int(d) if i >= 10 else 0 for i, d in enumerate(wanted)][::-1]
    assert found.take(np.array([0, 5])).inputs.tolist() == found.inputs[[0, 5]].tolist()
    # Each known piece's rows (hashes and ids by place) come along with it, none for the others.
    known_rows = [(hashes[i].tolist(), rows[i].tolist()) for i in range(10, len(ids))][::-1]
    got_rows = list(zip(found.hashes.tolist(), found.row_ids.tolist(), strict=True))
    assert got_rows[: len(ids) - 10] == known_rows
    assert not found.hashes[len(ids) - 10 :].any()
    still = np.sort(keys[20:30])
    gone = [i for i in range(10, len(ids)) if digests[i] and not 20 <= i < 30]
    assert known.gone(still).tolist() == keys[gone].tolist()
    assert known.gone(keys[:0]).tolist() == keys[10:][digests[10:] != 0].tolist()
    assert not factor_memo.Digests.empty(6).previous(probe).known.any()


def test_pieces_after_the_memo_s_own_first_ones_are_found_where_they_moved_to() -> None:
    # The usual probe: the memo's first keys in their places, then a gap (deleted pieces),
    # the rest shifted, and new pieces at the end.
    ids = sorted(uuid.UUID(int=(n + 1) << 70) for n in range(80))
    keys = keys_at(ids, np.arange(len(ids)))
    digests = np.arange(60, dtype=np.uint64) % np.uint64(4)
    hashes = np.arange(60 * 6, dtype=np.uint64).reshape(-1, 6) + np.uint64(1)
    rows = np.array([i.bytes for i in ids[:60] * 6], dtype="S16").reshape(6, -1).T
    known = factor_memo.Digests(
        keys[:60], digests, digests + np.uint64(3), digests.astype(np.uint8), b"s", hashes, rows
    )
    probe = np.concatenate([keys[:20], keys[25:]])
    found, gone = known.matched(probe)
    place = [i for i in range(80) if not 20 <= i < 25]
    assert found.known.tolist() == [i < 60 for i in place]
    assert found.digests.tolist() == [int(digests[i]) if i < 60 else 0 for i in place]
    assert found.hashes.tolist() == [hashes[i].tolist() if i < 60 else [0] * 6 for i in place]
    assert found.row_ids.tolist() == [rows[i].tolist() if i < 60 else [b""] * 6 for i in place]
    assert gone.tolist() == [keys[i] for i in range(20, 25) if digests[i]]


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many pieces each refresh chose factors for (after a write), in all."""
    counts: list[int] = []
    original = refresh_module.FactorChoice.rows_of

    def counting(self: Any, creator: uuid.UUID, pieces: Any, now: Any) -> Any:
        counts[-1] += len(pieces)
        return original(self, creator, pieces, now)

    def starting(session: Any, creator: uuid.UUID, now: Any) -> Any:
        counts.append(0)
        return refresh(session, creator, now)

    refresh = refresh_module._refresh_creator
    monkeypatch.setattr(refresh_module.FactorChoice, "rows_of", counting)
    monkeypatch.setattr(refresh_module, "_refresh_creator", starting)
    factor_memo.clear()
    yield counts


def factor_rows_of(session: Any, creator: uuid.UUID, number: int) -> list[Any]:
    """The stored factors of the creator's piece ``number``, comparable."""
    piece = select(ContentPiece.id).where(
        ContentPiece.creator_id == creator, ContentPiece.number == number
    )
    rows = session.execute(
        select(ContentInsight.pattern_key, ContentInsight.is_positive, ContentInsight.title).where(
            ContentInsight.content_id == piece.scalar_subquery()
        )
    )
    return sorted(rows.all(), key=repr)


def test_a_write_that_changes_only_a_young_piece_s_factors_chooses_and_rewrites_just_it(
    db: Database, chosen: list[int]
) -> None:
    creator = simulated_creator(db, pieces=120)
    young = young_records(3, seed=3)
    strong = replace(young[0], metrics=replace(young[0].metrics, retention_rate=0.9))
    with db.unit_of_work() as s:
        ingest_records(s, creator, [strong, *young[1:]], now=NOW, source="test")
        last = select(func.max(ContentPiece.number)).where(ContentPiece.creator_id == creator)
        number = s.scalar(last) - 2
        before = factor_rows_of(s, creator, number)
    assert chosen[-1] == 3  # the findings as stored: only the new pieces chosen
    weak = replace(strong, metrics=replace(strong.metrics, retention_rate=0.05))
    with db.unit_of_work() as s:
        ingest_records(s, creator, [weak], now=NOW, source="test")
        assert chosen[-1] == 1  # only it was chosen again
        after = factor_rows_of(s, creator, number)
        incremental = snapshot(s, creator)
        full = full_refresh_of(s, creator, NOW)
    assert_equal(incremental, full)
    assert after != before  # its factors changed: rewritten
