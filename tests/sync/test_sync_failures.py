"""A sync that meets Google's errors: refresh, revoked grants, quota, 5xx, crashes, two workers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from storage import Database
from storage.clock import FixedClock
from storage.connections import get_connection, units_today
from storage.models import ContentPiece, MetricSnapshot
from sync.writer import write_fetched
from tests.support.fakes.google_server import FakeGoogle
from tests.support.fakes.google_state import backend_error, google_error, quota_exceeded
from tests.sync.helpers import START, cipher, connect, runner


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle() as fake:
        fake.state.add_videos(60, start=START - timedelta(days=90), every=timedelta(days=1))
        yield fake


def _pieces(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(ContentPiece)) or 0)


def test_an_expired_access_token_is_refreshed_and_the_call_retried(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    creator_id = connect(db, google, key, clock)
    google.state.expire_access_tokens()

    [outcome] = runner(db, google, key, clock).run_due()

    assert outcome.status == "synced", outcome.message
    assert google.state.calls("/token") == 1
    with db.read() as session:
        stored = key.open(get_connection(session, creator_id, "youtube").token_ciphertext)
    assert stored["token"] in google.state.access  # the refreshed token was kept


def test_a_revoked_grant_stops_syncing_and_marks_the_connection(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    creator_id = connect(db, google, key, clock)
    google.state.revoke_all()
    sync = runner(db, google, key, clock)

    [outcome] = sync.run_due()
    clock.advance(timedelta(days=2))

    assert outcome.status == "revoked"
    assert sync.run_due() == []
    assert _pieces(db) == 0
    with db.read() as session:
        connection = get_connection(session, creator_id, "youtube")
        assert connection.status == "revoked" and connection.revoked_at == START
        assert connection.next_sync_at is None


def test_quota_exceeded_stops_every_sync_until_the_pacific_reset(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    google.state.fail_next("/youtube/v3/playlistItems", 403, quota_exceeded())
    sync = runner(db, google, key, clock)

    [outcome] = sync.run_due()

    assert outcome.status == "quota"
    # 15:00 UTC on 4 March is 07:00 in Los Angeles: the quota day ends at 08:00 UTC next day.
    assert outcome.next_sync_at == START + timedelta(hours=17, minutes=1)
    assert _pieces(db) == 0
    with db.read() as session:
        assert units_today(session, "youtube", now=clock.now()) == (2, True)


def test_a_5xx_backs_off_and_the_next_attempt_succeeds(db: Database, google: FakeGoogle) -> None:
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    google.state.fail_next("/youtube/v3/videos", 503, backend_error())
    sync = runner(db, google, key, clock)

    [failed] = sync.run_due()
    assert failed.status == "failed" and failed.next_sync_at == START + timedelta(minutes=5)
    assert _pieces(db) == 0
    assert sync.run_due() == []  # backing off
    clock.advance(timedelta(minutes=5))
    [retried] = sync.run_due()

    assert retried.status == "synced" and retried.created == 60


def test_a_bad_request_is_reported_not_retried_at_once(db: Database, google: FakeGoogle) -> None:
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    google.state.fail_next("/youtube/v3/channels", 400, google_error(400, "badRequest", "nope"))

    [outcome] = runner(db, google, key, clock).run_due()

    assert outcome.status == "failed" and "badRequest" in outcome.message


def test_a_crash_while_writing_writes_nothing_and_the_lease_frees_the_row(
    db: Database, google: FakeGoogle, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    sync = runner(db, google, key, clock)

    def crash(*args: object, **kwargs: object) -> None:
        write_fetched(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("killed mid-write")

    monkeypatch.setattr("sync.runner.write_fetched", crash)
    with pytest.raises(RuntimeError):
        sync.run_due()
    monkeypatch.undo()

    assert _pieces(db) == 0
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(MetricSnapshot)) == 0
    assert sync.run_due() == []  # a failed write backs off like any failure
    clock.advance(timedelta(minutes=5))
    [outcome] = sync.run_due()
    assert outcome.status == "synced" and outcome.created == 60


def test_a_sync_whose_worker_died_mid_fetch_is_taken_over_after_the_lease(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    connect(db, google, key, clock)
    dead = runner(db, google, key, clock)
    from storage.connections import claim_due

    with db.unit_of_work() as session:
        assert claim_due(session, now=clock.now(), worker=dead.worker, lease=timedelta(minutes=30))
    other = runner(db, google, key, clock)

    assert other.run_due() == []
    clock.advance(timedelta(minutes=31))
    [outcome] = other.run_due()
    assert outcome.status == "synced"


def test_two_workers_never_sync_one_creator_at_once(db: Database, google: FakeGoogle) -> None:
    clock, key = FixedClock(START), cipher()
    for handle in ("ana", "ben", "cy"):
        connect(db, google, key, clock, handle=handle)
    outcomes: list[list[object]] = [[], []]
    workers = [runner(db, google, key, clock), runner(db, google, key, clock)]
    barrier = threading.Barrier(2)

    def work(index: int) -> None:
        barrier.wait()
        outcomes[index] = list(workers[index].run_due(limit=2))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    synced = [o.creator_id for batch in outcomes for o in batch]  # type: ignore[attr-defined]
    assert len(synced) == len(set(synced)) == 3


def test_a_channel_with_no_videos_syncs_to_nothing(db: Database) -> None:
    with FakeGoogle() as empty:
        clock, key = FixedClock(START), cipher()
        connect(db, empty, key, clock)
        [outcome] = runner(db, empty, key, clock).run_due()
    # 1 channel + 1 (empty) playlist page; no videos.list call is needed.
    assert outcome.status == "synced" and outcome.created == 0 and outcome.units == 2
