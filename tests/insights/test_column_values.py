"""A refresh's columns hold ids as bytes and instants as microseconds: the values read back are
the very ones the objects held (ids, instants, their order, local week hours)."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from insights import piece_columns, uuid_array
from insights.column_facts import week_hours
from insights.fact_arrays import EPOCH, MICROSECOND
from insights.piece_columns import load_columns, microseconds
from insights.uuid_array import UuidArray, driver_bytes
from storage import Database
from storage.driver_rows import as_utc
from tests.insights.simulated import simulated_creator

IDS = [uuid.UUID(int=random.Random(i).getrandbits(128)) for i in range(10_000)]
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"]


def ids_from(raws: list[object]) -> UuidArray:
    return UuidArray.joined([driver_bytes(raws[:3]), driver_bytes(raws[3:])])


@pytest.mark.parametrize("form", ["hex", "uuid", "dashed text", "bytes"])
def test_ids_read_in_any_driver_form_are_the_same_uuids(form: str) -> None:
    forms = {"hex": [u.hex for u in IDS], "uuid": IDS, "dashed text": list(map(str, IDS))}
    raws = forms.get(form) or [u.bytes for u in IDS]
    ids = ids_from(raws)
    assert len(ids) == len(IDS)
    assert list(ids) == IDS and ids == IDS and ids == ids_from(IDS)
    assert ids[5000] == IDS[5000] and ids[-1] == IDS[-1] and ids[4095:4099] == IDS[4095:4099]
    with pytest.raises(IndexError):
        ids[len(IDS)]


def test_ids_read_out_of_order_are_each_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uuid_array, "BLOCK", 7)
    monkeypatch.setattr(uuid_array, "CACHED_BLOCKS", 2)
    ids = ids_from(IDS[:100])
    for position in random.Random(1).sample(range(100), 100):
        assert ids[position] == IDS[position]
    assert list(ids) == IDS[:100] and ids[98:3:-5] == IDS[98:3:-5]


def test_positions_in_key_order_are_sorted_as_the_uuids_are() -> None:
    ids = ids_from(IDS)
    positions = np.array(random.Random(2).sample(range(len(IDS)), 3000))
    expected = sorted(positions.tolist(), key=IDS.__getitem__)
    assert ids.key_order(positions).tolist() == expected
    assert sorted(expected, key=lambda p: IDS[p].hex) == expected  # SQLite's text order too
    assert ids.key_order(np.zeros(0, dtype=np.int64)).size == 0


def test_ids_as_hex_digits_are_the_uuids_hex_at_those_positions() -> None:
    ids = ids_from(IDS)
    positions = np.array(random.Random(3).sample(range(len(IDS)), 50))
    assert ids.hex_at(positions) == [IDS[p].hex for p in positions.tolist()]
    assert ids.hex_at(np.zeros(0, dtype=np.int64)) == []


def test_no_ids_are_an_empty_column() -> None:
    ids = UuidArray.joined([])
    assert len(ids) == 0 and list(ids) == [] and ids[0:5] == []


def instants(count: int) -> list[datetime]:
    """Instants over five decades, whole seconds and not, DST changes among them."""
    rng = random.Random(3)
    start = datetime(1990, 1, 1, tzinfo=UTC)
    spread = [
        start + timedelta(microseconds=rng.randrange(50 * 365 * 86400 * 10**6))
        for _ in range(count)
    ]
    changes = [datetime(2024, 3, 31, 0, 0, tzinfo=UTC) + timedelta(minutes=m) for m in range(240)]
    return spread + changes + [datetime(2024, 10, 27, 0, 59, 59, 999999, tzinfo=UTC)]


def test_instants_as_sqlite_texts_and_as_datetimes_are_the_same_microseconds() -> None:
    moments = instants(2000)
    expected = [(t - EPOCH) // MICROSECOND for t in moments]
    texts = [t.replace(tzinfo=None).isoformat(sep=" ") for t in moments]
    assert microseconds(texts).tolist() == expected
    assert microseconds(moments).tolist() == expected
    assert microseconds(expected).tolist() == expected  # PostgreSQL's, already counted
    assert (
        microseconds([t.astimezone(ZoneInfo("Asia/Tokyo")) for t in moments]).tolist() == expected
    )


def test_a_text_with_an_offset_is_read_as_the_driver_rows_read_it() -> None:
    texts = ["2024-05-01 10:00:00+02:00", "2024-05-01 10:00:00"]
    expected = [(as_utc(t) - EPOCH) // MICROSECOND for t in texts]
    assert microseconds(texts).tolist() == expected


@pytest.mark.parametrize("zone", ZONES)
def test_week_hours_are_those_of_the_local_times(zone: str) -> None:
    tz, moments = ZoneInfo(zone), instants(5000)
    found = week_hours(microseconds(moments), tz)
    local = [t.astimezone(tz) for t in moments]
    assert found.tolist() == [t.weekday() * 24 + t.hour for t in local]


@pytest.mark.parametrize("counted", [1, 5000])
def test_columns_are_the_same_whatever_the_rows_counted_beforehand(
    db: Database, monkeypatch: pytest.MonkeyPatch, counted: int
) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.read() as s:
        expected = load_columns(s, creator)
        monkeypatch.setattr(piece_columns, "_scored_at_most", lambda *_: counted)
        found = load_columns(s, creator)
    assert len(found) == len(expected) == 120
    assert found.content_ids == expected.content_ids
    assert found.performance_ids == expected.performance_ids
    assert found.published_at() == expected.published_at()
    for name, values in expected.figures.items():
        assert np.array_equal(found.figures[name], values, equal_nan=True), name
    for name, flags in expected.flags.items():
        assert np.array_equal(found.flags[name], flags), name
