"""The digest's posting line: today's stretch of the best posting window, only when it opens
today (context.scheduled.digest_window)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from context.scheduled.digest import compose_digest
from storage import Database
from storage.data_version import touch
from tests.plans.helpers import PATTERN, add_insight
from tests.scheduler.helpers import new_creator

# Berlin is UTC+1 in December 2026; Wed 16 Dec is a window day, Tue 15 Dec is not.
WINDOW = {"days": ["mon", "wed"], "start_hour": 14, "end_hour": 19, "timezone": "Europe/Berlin"}


def _with_window(db: Database) -> uuid.UUID:
    creator = new_creator(db, "mia", timezone="Europe/Berlin")
    with db.unit_of_work() as session:
        add_insight(session, creator, None, insight_type=PATTERN, pattern_key="slot:mon+wed:14-19",
                    title="Mon, Wed 14-19 h is your best posting window",
                    supporting_data={"family": "timing", **WINDOW})  # fmt: skip
        touch(session, [creator])
    return creator


def _digest_text(db: Database, creator: uuid.UUID, now: datetime) -> str:
    with db.read() as session:
        return compose_digest(session, creator, now=now, since=None).reply.plain_text()


@pytest.mark.parametrize(
    ("now", "line"),
    [
        (datetime(2026, 12, 16, 8, tzinfo=UTC),
         "Posting today? Your best window runs 14:00-19:00."),
        (datetime(2026, 12, 16, 14, tzinfo=UTC),
         "Posting today? You are in your best window now, until 19:00."),
    ],
)  # fmt: skip
def test_a_window_that_opens_today_is_named_in_the_creators_time(
    db: Database, now: datetime, line: str
) -> None:
    assert line in _digest_text(db, _with_window(db), now)


@pytest.mark.parametrize(
    "now",
    [datetime(2026, 12, 15, 8, tzinfo=UTC), datetime(2026, 12, 16, 18, 30, tzinfo=UTC)],
    ids=["a day it does not open", "after it closed"],
)
def test_no_line_on_a_day_the_window_does_not_open_or_after_it_closed(
    db: Database, now: datetime
) -> None:
    assert "Posting today?" not in _digest_text(db, _with_window(db), now)


def test_without_a_window_there_is_no_line(db: Database) -> None:
    creator = new_creator(db, "bo", timezone="Europe/Berlin")
    text = _digest_text(db, creator, datetime(2026, 12, 16, 8, tzinfo=UTC))
    assert "Posting today?" not in text
