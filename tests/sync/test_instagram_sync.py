"""Instagram syncs against the local fake over real HTTP: paging, carousels, insights, tokens."""

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
from sync.instagram.fetch import minimum_calls
from tests.support.fakes.instagram_server import FakeInstagram, graph_error
from tests.sync.helpers import START, cipher
from tests.sync.platforms import (
    connect_instagram,
    crash_while_writing,
    fake_instagram,
    pieces,
    runner,
)

FRESH = timedelta(days=2)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def ig(clock: FixedClock) -> Iterator[FakeInstagram]:
    with fake_instagram(clock) as fake:
        yield fake


def test_a_paged_catalogue_with_carousels_and_reels_syncs_every_piece_with_its_insights(
    db: Database, ig: FakeInstagram, clock: FixedClock
) -> None:
    ig.state.add_media(120, START - timedelta(days=200), timedelta(days=1))
    ig.state.add_media(50, START - timedelta(days=80), timedelta(days=1), kind="CAROUSEL_ALBUM")
    ig.state.add_media(60, START - timedelta(days=60), timedelta(hours=23), kind="VIDEO")
    key = cipher()
    creator_id = connect_instagram(db, ig, key, clock, age=FRESH)

    [outcome] = runner(db, key, clock, instagram=ig).run_due()

    assert outcome.status == "synced" and outcome.created == 230
    assert ig.calls("/me/media") == 3 and ig.calls("/insights") == 230
    assert len(ig.requests) == minimum_calls(230)
    with db.read() as session:
        kinds = dict(
            session.execute(
                select(ContentPiece.content_type, func.count()).group_by(ContentPiece.content_type)
            ).all()
        )
        reel = session.scalars(
            select(ContentPiece).where(ContentPiece.content_type == "reel").limit(1)
        ).one()
        perf = session.scalars(
            select(ContentPerformance).where(ContentPerformance.content_id == reel.id)
        ).one()
        connection = get_connection(session, creator_id, "instagram")
    assert kinds == {"post": 120, "carousel": 50, "reel": 60}
    assert reel.publish_time_known and reel.published_at.tzinfo is not None
    assert perf.reach is not None and perf.views >= 100
    assert perf.profile_visits is None  # reels do not report profile visits: unknown, not 0
    assert connection.account_name == "mia.makes"


def test_a_post_deleted_between_listing_and_insights_is_skipped_not_zeroed(
    db: Database, ig: FakeInstagram, clock: FixedClock
) -> None:
    ig.state.add_media(5, START - timedelta(days=10), timedelta(days=1))
    ig.state.deleted.add(ig.state.media[2]["id"])
    key = cipher()
    connect_instagram(db, ig, key, clock, age=FRESH)

    [outcome] = runner(db, key, clock, instagram=ig).run_due()

    assert outcome.status == "synced" and outcome.created == 4
    with db.read() as session:
        ids = set(session.scalars(select(ContentPiece.platform_id)))
    assert ig.state.media[2]["id"] not in ids


def test_a_long_lived_token_near_its_end_is_refreshed_before_the_sync(
    db: Database, ig: FakeInstagram, clock: FixedClock
) -> None:
    ig.state.add_media(3, START - timedelta(days=3), timedelta(days=1))
    key = cipher()
    creator_id = connect_instagram(db, ig, key, clock, age=timedelta(days=55))

    [outcome] = runner(db, key, clock, instagram=ig).run_due()

    assert outcome.status == "synced" and ig.calls("/refresh_access_token") == 1
    with db.read() as session:
        document = key.open(get_connection(session, creator_id, "instagram").token_ciphertext)
    assert datetime.fromisoformat(document["expires_at"]) == START + timedelta(days=60)


def test_an_expired_long_lived_token_stops_syncing_and_asks_to_reconnect(
    db: Database, ig: FakeInstagram, clock: FixedClock
) -> None:
    ig.state.add_media(3, START - timedelta(days=3), timedelta(days=1))
    key = cipher()
    creator_id = connect_instagram(db, ig, key, clock, age=timedelta(days=61))

    [outcome] = runner(db, key, clock, instagram=ig).run_due()

    assert outcome.status == "revoked" and pieces(db, "instagram") == 0
    with db.read() as session:
        connection = get_connection(session, creator_id, "instagram")
    assert connection.status == "revoked" and connection.next_sync_at is None


def test_a_revoked_grant_marks_the_connection_revoked(
    db: Database, ig: FakeInstagram, clock: FixedClock
) -> None:
    ig.state.add_media(3, START - timedelta(days=3), timedelta(days=1))
    key = cipher()
    creator_id = connect_instagram(db, ig, key, clock, age=FRESH)
    ig.state.revoked = True

    [outcome] = runner(db, key, clock, instagram=ig).run_due()

    assert outcome.status == "revoked"
    with db.read() as session:
        assert get_connection(session, creator_id, "instagram").revoked_at == START


def test_usage_near_the_limit_stops_insights_calls_before_it_is_reached(
    db: Database, ig: FakeInstagram, clock: FixedClock
) -> None:
    ig.state.add_media(40, START - timedelta(days=40), timedelta(days=1))
    ig.state.usage_per_call = 2.0  # 75 % after 38 calls
    key = cipher()
    connect_instagram(db, ig, key, clock, age=FRESH)

    [outcome] = runner(db, key, clock, instagram=ig).run_due()

    assert outcome.status == "synced"
    assert len(ig.requests) == 38 and ig.state.usage < 100
    assert pieces(db, "instagram") == 36  # the rest waits; nothing is invented for them


def test_usage_near_the_limit_while_listing_fails_the_sync_and_waits_writing_nothing(
    db: Database, ig: FakeInstagram, clock: FixedClock
) -> None:
    ig.state.add_media(300, START - timedelta(days=300), timedelta(days=1))
    ig.state.usage = 74.0
    ig.state.usage_per_call = 1.0
    key = cipher()
    connect_instagram(db, ig, key, clock, age=FRESH)

    [outcome] = runner(db, key, clock, instagram=ig).run_due()

    assert outcome.status == "failed" and pieces(db, "instagram") == 0
    assert outcome.next_sync_at is not None and outcome.next_sync_at >= START + timedelta(hours=1)
    assert ig.state.usage < 100


def test_a_5xx_backs_off_and_writes_nothing(
    db: Database, ig: FakeInstagram, clock: FixedClock
) -> None:
    ig.state.add_media(150, START - timedelta(days=150), timedelta(days=1))
    ig.state.failures.append(("/insights", 503, graph_error(2, "Service temporarily unavailable")))
    key = cipher()
    connect_instagram(db, ig, key, clock, age=FRESH)

    [outcome] = runner(db, key, clock, instagram=ig).run_due()

    assert outcome.status == "failed" and pieces(db, "instagram") == 0
    assert outcome.next_sync_at == START + timedelta(minutes=5)


def test_a_crash_mid_write_leaves_nothing_behind(
    db: Database, ig: FakeInstagram, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ig.state.add_media(30, START - timedelta(days=30), timedelta(days=1))
    key = cipher()
    connect_instagram(db, ig, key, clock, age=FRESH)

    crash_while_writing(monkeypatch)
    with pytest.raises(RuntimeError):
        runner(db, key, clock, instagram=ig).run_due()
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(MetricSnapshot)) == 0
    assert pieces(db, "instagram") == 0


def test_an_account_with_no_posts_syncs_to_an_empty_catalogue(
    db: Database, ig: FakeInstagram, clock: FixedClock
) -> None:
    key = cipher()
    connect_instagram(db, ig, key, clock, age=FRESH)

    [outcome] = runner(db, key, clock, instagram=ig).run_due()

    assert outcome.status == "synced" and outcome.created == 0
    assert len(ig.requests) == minimum_calls(0)


def test_an_imported_post_is_matched_by_its_id_and_enriched_not_duplicated(
    db: Database, ig: FakeInstagram, clock: FixedClock
) -> None:
    data = (Path(__file__).parent.parent / "importing/fixtures/instagram_graph.csv").read_bytes()
    key = cipher()
    creator_id = connect_instagram(db, ig, key, clock, age=FRESH)
    with db.unit_of_work() as session:
        import_file(session, creator_id, data, "instagram.csv", now=clock.now())
    before = pieces(db, "instagram")
    ig.state.add_media(2, START - timedelta(days=3), timedelta(days=1))
    ig.state.media[0]["id"] = "17890000000000001"
    ig.state.insights["17890000000000001"] = ig.state.insights.pop(ig.state.media[1]["id"])
    ig.state.insights[ig.state.media[1]["id"]] = dict(ig.state.insights["17890000000000001"])

    [outcome] = runner(db, key, clock, instagram=ig).run_due()

    assert outcome.created == 1 and outcome.updated == 1
    assert pieces(db, "instagram") == before + 1


def test_an_account_with_5000_posts_syncs_them_all_at_the_minimum_of_calls(
    db: Database, ig: FakeInstagram, clock: FixedClock
) -> None:
    ig.state.add_media(5_000, START - timedelta(days=2_000), timedelta(hours=9))
    key = cipher()
    connect_instagram(db, ig, key, clock, age=FRESH)

    [outcome] = runner(db, key, clock, instagram=ig).run_due()

    assert outcome.status == "synced" and outcome.created == 5_000
    assert len(ig.requests) == minimum_calls(5_000)
