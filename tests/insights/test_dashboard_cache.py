"""The dashboard cache: a hit is exactly what a rebuild returns, whoever wrote the data."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import delete, event, or_, update

from insights.dashboard import DASHBOARD_CACHE, build_dashboard
from insights.ingest import ingest_records
from insights.records import MetricsRecord, PieceRecord
from insights.refresh import refresh_creator
from insights.view_cache import Entry, ViewCache
from insights.view_models import Dashboard
from storage import Database, open_database
from storage.data_version import scoped_creators
from storage.models import ContentPerformance, ContentPiece, Creator
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW, Spec, add_pieces


@pytest.fixture
def other(database_url: str, db: Database) -> Iterator[Database]:
    """A second engine on the same database: another process as far as the cache can tell."""
    second = open_database(database_url)
    try:
        yield second
    finally:
        second.dispose()


def board(db: Database, creator: uuid.UUID, now: datetime = NOW, **kw: str) -> Dashboard:
    with db.read() as s:
        return build_dashboard(s, creator, now=now, **kw)


def fresh(db: Database, creator: uuid.UUID, now: datetime = NOW, **kw: str) -> Dashboard:
    DASHBOARD_CACHE.clear()
    return board(db, creator, now, **kw)


def record(day: int, views: int = 5000) -> PieceRecord:
    return PieceRecord(
        platform="youtube",
        platform_id=f"new-{day}-{views}",
        content_type="video",
        title="A new piece",
        published_at=NOW - timedelta(days=day),
        metrics=MetricsRecord(views=views, likes=300, comments=20, retention_rate=0.5),
        theme="tutorials",
        duration_seconds=600,
    )


def test_a_repeated_request_costs_one_read_and_returns_the_same_answer(db: Database) -> None:
    creator = simulated_creator(db, pieces=80)
    first = fresh(db, creator)
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        again = board(db, creator)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert again is first
    assert len(statements) == 1 and "data_version" in statements[0]


def test_an_import_by_another_process_is_seen_at_once(db: Database, other: Database) -> None:
    creator = simulated_creator(db, pieces=80)
    before = fresh(db, creator)
    with other.unit_of_work() as s:
        ingest_records(s, creator, [record(2)], now=NOW, source="test")
    after = board(db, creator)
    assert after.summary.total_content == before.summary.total_content + 1
    assert after == fresh(db, creator)


def test_an_ingest_without_refresh_is_seen(db: Database, other: Database) -> None:
    creator = simulated_creator(db, pieces=60)
    before = fresh(db, creator)
    with other.unit_of_work() as s:
        ingest_records(s, creator, [record(3)], now=NOW, source="test", refresh=False)
    assert board(db, creator).summary.total_content == before.summary.total_content + 1


def test_a_rescore_or_an_orm_write_elsewhere_is_seen(db: Database, other: Database) -> None:
    creator = simulated_creator(db, pieces=80)
    fresh(db, creator)
    with other.unit_of_work() as s:
        # Scores wiped by hand, as a half-finished job might leave them, then put back by refresh.
        s.execute(
            update(ContentPerformance)
            .where(ContentPerformance.creator_id == creator)
            .values(performance_category=None)
        )
        refresh_creator(s, creator, NOW)
    assert board(db, creator) == fresh(db, creator)
    with other.unit_of_work() as s:
        owner = s.get(Creator, creator)
        assert owner is not None
        add_pieces(s, owner, [Spec(published_at=NOW - timedelta(days=1), views=10**6)])
    cached = board(db, creator)
    assert cached == fresh(db, creator)
    assert cached.summary.provisional_count >= 1  # the unscored ORM piece is counted


def test_a_timezone_change_is_seen(db: Database, other: Database) -> None:
    creator = simulated_creator(db, pieces=40)
    assert fresh(db, creator).timezone == "Europe/Berlin"
    with other.unit_of_work() as s:
        s.execute(update(Creator).where(Creator.id == creator).values(timezone="Asia/Tokyo"))
    after = board(db, creator)
    assert after.timezone == "Asia/Tokyo"
    assert all(p.published_at.utcoffset() == timedelta(hours=9) for p in after.top_performers)


@pytest.mark.parametrize("period", ["7d", "30d", "all"])
def test_a_cached_dashboard_equals_a_rebuild_as_the_clock_moves(db: Database, period: str) -> None:
    creator = simulated_creator(db, pieces=150)
    DASHBOARD_CACHE.clear()
    hits_before = DASHBOARD_CACHE.hits
    changed = False
    previous = None
    for step in range(60):
        now = NOW + timedelta(hours=7 * step)
        cached = board(db, creator, now, period=period)
        rebuilt = fresh(db, creator, now, period=period)
        assert cached == rebuilt, f"stale at step {step}"
        board(db, creator, now, period=period)  # put the rebuilt entry back for the next step
        changed = changed or (previous is not None and rebuilt != previous)
        previous = rebuilt
    assert changed, "the window never moved over a piece: the test proves nothing"
    assert DASHBOARD_CACHE.hits > hits_before


def test_a_write_in_a_real_subprocess_is_seen(database_url: str, db: Database) -> None:
    creator = simulated_creator(db, pieces=40)
    before = fresh(db, creator)
    script = textwrap.dedent(
        f"""
        import uuid
        from insights.ingest import ingest_records
        from storage import open_database
        from tests.insights.test_dashboard_cache import NOW, record
        db = open_database({database_url!r})
        with db.unit_of_work() as s:
            ingest_records(s, uuid.UUID({str(creator)!r}), [record(1), record(4)], now=NOW,
                           source="cli")
        db.dispose()
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    assert board(db, creator).summary.total_content == before.summary.total_content + 2


def test_the_cache_keeps_its_size_and_drops_the_least_recent() -> None:
    cache = ViewCache(size=2)
    for key in ("a", "b"):
        cache.put(key, Entry("v1", NOW, None, key))
    assert cache.get("a", "v1", NOW) == "a"  # "a" is now the most recent
    cache.put("c", Entry("v1", NOW, None, "c"))
    assert cache.get("b", "v1", NOW) is None
    assert cache.get("a", "v1", NOW) == "a" and cache.get("c", "v1", NOW) == "c"
    assert cache.get("a", "v2", NOW) is None  # another stamp
    assert cache.get("a", "v1", NOW - timedelta(seconds=1)) is None  # built for a later instant
    cache.put("d", Entry("v1", NOW, NOW + timedelta(hours=1), "d"))
    assert cache.get("d", "v1", NOW + timedelta(minutes=59)) == "d"
    assert cache.get("d", "v1", NOW + timedelta(hours=1)) is None


def test_refreshing_one_creator_keeps_another_creators_cache(db: Database) -> None:
    mine = simulated_creator(db, pieces=40, handle="mine")
    theirs = simulated_creator(db, pieces=40, handle="theirs")
    cached = fresh(db, theirs)
    with db.unit_of_work() as s:
        ingest_records(s, mine, [record(2)], now=NOW, source="test")
    assert board(db, theirs) is cached


def test_a_scoped_bulk_delete_renews_only_its_creators_stamp(db: Database) -> None:
    mine = simulated_creator(db, pieces=30, handle="mine")
    theirs = simulated_creator(db, pieces=30, handle="theirs")
    before = fresh(db, mine)
    cached = board(db, theirs)
    with db.unit_of_work() as s:
        s.execute(
            delete(ContentPiece)
            .where(ContentPiece.creator_id == mine, ContentPiece.number == 1)
            .execution_options(synchronize_session=False)
        )
    assert board(db, theirs) is cached
    assert board(db, mine).summary.total_content <= before.summary.total_content
    assert board(db, mine) == fresh(db, mine)
    unscoped = delete(ContentPiece).where(ContentPiece.number == 2)
    assert scoped_creators(unscoped.whereclause, ContentPiece.__table__) is None
    either = delete(ContentPiece).where(
        or_(ContentPiece.creator_id == mine, ContentPiece.number == 2)
    )
    assert scoped_creators(either.whereclause, ContentPiece.__table__) is None
    several = update(ContentPiece).where(ContentPiece.creator_id.in_([mine, theirs]))
    assert scoped_creators(several.whereclause, ContentPiece.__table__) == {mine, theirs}
