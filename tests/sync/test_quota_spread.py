"""The deployment's daily Data API budget, shared by every creator, is never exceeded: syncs that
would run ahead of an even spread of the day, or past what is left, wait — and say until when."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from storage import Database
from storage.clock import FixedClock
from storage.connections import QUOTA_ZONE, get_connection, units_today
from tests.support.fakes.google_server import FakeGoogle
from tests.sync.helpers import START, cipher, connect, runner

BUDGET = 30
CREATORS = ("mia", "leo", "ada", "bo")
DATA_API = ("/youtube/v3/channels", "/youtube/v3/playlistItems", "/youtube/v3/videos")


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle() as fake:
        fake.state.daily_quota = BUDGET  # Google itself would refuse a unit more
        # Published within the last two days: every creator's pieces are young for a while.
        fake.state.add_videos(8, start=START - timedelta(hours=40), every=timedelta(hours=5))
        yield fake


def _units_at_google(google: FakeGoogle) -> int:
    return sum(google.state.calls(path) for path in DATA_API)


def _pacific_day(clock: FixedClock) -> date:
    return clock.now().astimezone(QUOTA_ZONE).date()


def test_four_creators_share_a_small_budget_without_ever_exceeding_it(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    ids = [connect(db, google, key, clock, handle) for handle in CREATORS]
    sync = runner(db, google, key, clock, daily_budget=BUDGET)
    spent: Counter[date] = Counter()
    statuses: Counter[str] = Counter()

    day = _pacific_day(clock)
    for _ in range(6 * 40):  # a poll every 10 minutes for 40 hours: two Pacific days
        if _pacific_day(clock) != day:
            day, google.state.units_used = _pacific_day(clock), 0  # Google's midnight reset
        before = _units_at_google(google)
        for outcome in sync.run_due():
            statuses[outcome.status] += 1
            assert outcome.next_sync_at is not None and outcome.next_sync_at > clock.now()
            if outcome.status == "postponed":
                assert outcome.message in (
                    "ahead of today's even spread of the quota",
                    "today's quota is spent",
                )
                with db.read() as session:
                    row = get_connection(session, outcome.creator_id, "youtube")
                    assert row.next_sync_at == outcome.next_sync_at  # what `connections list` shows
        spent[_pacific_day(clock)] += _units_at_google(google) - before
        with db.read() as session:
            booked, exhausted = units_today(session, "youtube", now=clock.now())
        assert spent[_pacific_day(clock)] <= booked <= BUDGET and not exhausted
        clock.advance(timedelta(minutes=10))

    assert statuses["quota"] == 0  # Google never had to refuse a call
    assert statuses["postponed"] > 0 and statuses["synced"] >= 2 * len(ids)
    assert len(spent) == 2 and all(0 < units <= BUDGET for units in spent.values())
    assert max(spent.values()) == BUDGET  # the rule was what held the syncs back


def test_a_young_sync_ahead_of_the_even_spread_waits_an_hour(
    db: Database, google: FakeGoogle
) -> None:
    clock, key = FixedClock(START), cipher()
    for handle in CREATORS:
        connect(db, google, key, clock, handle)
    sync = runner(db, google, key, clock, daily_budget=BUDGET)
    first = sync.run_due()  # full syncs: 3 units each, 12 of the 30
    clock.advance(timedelta(hours=1))

    later = sync.run_due()

    assert [o.status for o in first] == ["synced"] * 4
    # 08:00 Pacific: a third of the day plus the two hours' margin allows 12.5 units; the
    # young syncs (2 units) would go past that, so they wait an hour.
    assert {(o.status, o.next_sync_at) for o in later} == {
        ("postponed", clock.now() + timedelta(hours=1))
    }
