"""TikTok syncs against the local fake over real HTTP: cursor paging, tokens, unknown figures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from insights.importing.service import import_file
from storage import Database
from storage.clock import FixedClock
from storage.connections import get_connection
from storage.models import ContentPerformance, ContentPiece, MetricSnapshot
from sync.tiktok.fetch import minimum_calls
from tests.support.fakes.tiktok_server import FakeTikTok, api_error
from tests.sync.helpers import START, cipher
from tests.sync.platforms import connect_tiktok, crash_while_writing, fake_tiktok, pieces, runner

DAY = 86_400


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def tt(clock: FixedClock) -> Iterator[FakeTikTok]:
    with fake_tiktok(clock) as fake:
        yield fake


def test_a_paged_catalogue_syncs_every_video_and_leaves_what_the_api_lacks_unknown(
    db: Database, tt: FakeTikTok, clock: FixedClock
) -> None:
    tt.state.add_videos(45, START - timedelta(days=45), timedelta(days=1, minutes=7))
    key = cipher()
    creator_id = connect_tiktok(db, tt, key, clock, access_left=DAY)

    [outcome] = runner(db, key, clock, tiktok=tt).run_due()

    assert outcome.status == "synced" and outcome.created == 45
    assert tt.calls("/v2/video/list/") == 3 and len(tt.requests) == minimum_calls(45)
    with db.read() as session:
        perf = session.scalars(select(ContentPerformance).limit(1)).one()
        piece = session.get_one(ContentPiece, perf.content_id)
        connection = get_connection(session, creator_id, "tiktok")
    assert perf.views >= 1000 and perf.shares is not None
    assert perf.watch_time_hours is None and perf.retention_rate is None and perf.reach is None
    assert piece.publish_time_known and piece.published_at.tzinfo is not None
    assert connection.account_name == "Mia Makes"


def test_an_access_token_near_its_end_is_refreshed_on_schedule(
    db: Database, tt: FakeTikTok, clock: FixedClock
) -> None:
    tt.state.add_videos(3, START - timedelta(days=3), timedelta(days=1))
    key = cipher()
    creator_id = connect_tiktok(db, tt, key, clock, access_left=3_000)

    [outcome] = runner(db, key, clock, tiktok=tt).run_due()

    assert outcome.status == "synced" and tt.calls("/v2/oauth/token/") == 1
    with db.read() as session:
        document = key.open(get_connection(session, creator_id, "tiktok").token_ciphertext)
    assert datetime.fromisoformat(document["expires_at"]) == START + timedelta(days=1)


def test_an_expired_access_token_is_refreshed_and_the_sync_goes_on(
    db: Database, tt: FakeTikTok, clock: FixedClock
) -> None:
    tt.state.add_videos(3, START - timedelta(days=3), timedelta(days=1))
    key = cipher()
    connect_tiktok(db, tt, key, clock, access_left=-60)

    [outcome] = runner(db, key, clock, tiktok=tt).run_due()

    assert outcome.status == "synced" and outcome.created == 3


def test_a_revoked_grant_marks_the_connection_revoked(
    db: Database, tt: FakeTikTok, clock: FixedClock
) -> None:
    tt.state.add_videos(3, START - timedelta(days=3), timedelta(days=1))
    key = cipher()
    creator_id = connect_tiktok(db, tt, key, clock, access_left=DAY)
    tt.state.revoked = True

    [outcome] = runner(db, key, clock, tiktok=tt).run_due()

    assert outcome.status == "revoked" and pieces(db, "tiktok") == 0
    with db.read() as session:
        assert get_connection(session, creator_id, "tiktok").status == "revoked"


def test_a_rate_limit_answer_backs_off_and_writes_nothing(
    db: Database, tt: FakeTikTok, clock: FixedClock
) -> None:
    tt.state.add_videos(50, START - timedelta(days=50), timedelta(days=1))
    tt.state.failures.append(("/v2/video/list/", 429, api_error("rate_limit_exceeded", "slow")))
    key = cipher()
    connect_tiktok(db, tt, key, clock, access_left=DAY)

    [outcome] = runner(db, key, clock, tiktok=tt).run_due()

    assert outcome.status == "failed" and pieces(db, "tiktok") == 0
    assert outcome.next_sync_at == START + timedelta(minutes=5)


def test_a_5xx_on_the_second_page_writes_nothing(
    db: Database, tt: FakeTikTok, clock: FixedClock
) -> None:
    tt.state.add_videos(50, START - timedelta(days=50), timedelta(days=1))
    key = cipher()
    connect_tiktok(db, tt, key, clock, access_left=DAY)
    sync = runner(db, key, clock, tiktok=tt)
    original = tt.route

    def second_page_fails(method, path, params, body, headers):  # type: ignore[no-untyped-def]
        if path == "/v2/video/list/" and isinstance(body, dict) and body.get("cursor"):
            return 502, {}, {}
        return original(method, path, params, body, headers)

    tt.route = second_page_fails
    [outcome] = sync.run_due()

    assert outcome.status == "failed" and pieces(db, "tiktok") == 0


def test_a_crash_mid_write_leaves_nothing_behind(
    db: Database, tt: FakeTikTok, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    tt.state.add_videos(30, START - timedelta(days=30), timedelta(days=1))
    key = cipher()
    connect_tiktok(db, tt, key, clock, access_left=DAY)

    crash_while_writing(monkeypatch)
    with pytest.raises(RuntimeError):
        runner(db, key, clock, tiktok=tt).run_due()
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(MetricSnapshot)) == 0
    assert pieces(db, "tiktok") == 0


def test_an_account_with_no_videos_and_one_with_5000(
    db: Database, tt: FakeTikTok, clock: FixedClock
) -> None:
    key = cipher()
    connect_tiktok(db, tt, key, clock, access_left=DAY)
    [empty] = runner(db, key, clock, tiktok=tt).run_due()
    assert empty.status == "synced" and empty.created == 0

    tt.state.add_videos(5_000, START - timedelta(days=2_000), timedelta(hours=9))
    tt.requests.clear()
    [full] = runner(db, key, clock, tiktok=tt).run_due(force=True, full=True)

    assert full.status == "synced" and full.created == 5_000
    assert len(tt.requests) == minimum_calls(5_000)


def test_hourly_syncs_fetch_only_the_newest_page_and_snapshot_young_videos(
    db: Database, tt: FakeTikTok, clock: FixedClock
) -> None:
    tt.state.add_videos(100, START - timedelta(days=100), timedelta(days=1))
    key = cipher()
    connect_tiktok(db, tt, key, clock, access_left=DAY)
    sync = runner(db, key, clock, tiktok=tt)
    sync.run_due()
    tt.state.add_videos(1, START + timedelta(minutes=5), timedelta(hours=1))
    clock.advance(timedelta(hours=1))
    tt.requests.clear()

    [young] = sync.run_due()

    assert young.mode == "young" and young.created == 1
    assert tt.calls("/v2/video/list/") == 1


def test_an_imported_video_is_matched_by_its_id_and_enriched_not_duplicated(
    db: Database, tt: FakeTikTok, clock: FixedClock
) -> None:
    data = (Path(__file__).parent.parent / "importing/fixtures/tiktok_export.csv").read_bytes()
    key = cipher()
    creator_id = connect_tiktok(db, tt, key, clock, access_left=DAY)
    with db.unit_of_work() as session:
        import_file(session, creator_id, data, "tiktok.csv", now=clock.now())
    before = pieces(db, "tiktok")
    tt.state.add_videos(2, START - timedelta(days=3), timedelta(days=1))
    tt.state.videos[0]["id"] = "7234567890123456789"

    [outcome] = runner(db, key, clock, tiktok=tt).run_due()

    assert outcome.created == 1 and outcome.updated == 1
    assert pieces(db, "tiktok") == before + 1
