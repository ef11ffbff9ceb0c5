"""Reminder wording and the snooze its button asks for."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from context.scheduled.reminders import (
    Occasion,
    ReminderFacts,
    reminder_reply,
    snooze_days,
    snooze_item,
    snoozed_due,
)
from plans import complete_item, get_plan
from storage import Database
from storage.errors import InvalidInput, NotFound
from tests.scheduler.helpers import NOW, add_plan, new_creator

BERLIN = ZoneInfo("Europe/Berlin")


def facts(due: datetime, time_known: bool = True) -> ReminderFacts:
    return ReminderFacts(uuid.uuid4(), "2.3", "Film the intro", 2, "Spring series", due, time_known)


@pytest.mark.parametrize(
    ("occasion", "nudge", "headline", "sentence"),
    [
        (Occasion.BEFORE, 0, "⏰ Due tomorrow", "is due Thu 26 Nov 2026 15:00."),
        (Occasion.DUE, 0, "⏰ Due now", "is due now, Thu 26 Nov 2026 15:00."),
        (Occasion.OVERDUE, 1, "⏰ Overdue by 1 day", "was due Thu 26 Nov 2026 15:00."),
        (Occasion.OVERDUE, 3, "⏰ Overdue by 3 days", "was due Thu 26 Nov 2026 15:00."),
    ],
)
def test_each_reminder_says_what_is_due_when_in_local_time(
    occasion: Occasion, nudge: int, headline: str, sentence: str
) -> None:
    due = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    reply = reminder_reply(facts(due), occasion, tz=BERLIN, nudge=nudge)
    lines = reply.plain_text().splitlines()
    assert lines[0] == headline
    assert lines[1] == f"2.3 Film the intro (Plan 2: Spring series) {sentence}"
    assert [b.label for b in reply.buttons] == ["Done", "Snooze 1 day", "Open plan"]


def test_snoozing_a_future_due_date_adds_calendar_days_keeping_the_wall_time() -> None:
    due = datetime(2026, 3, 28, 10, 0, tzinfo=BERLIN)  # the day before the spring DST change
    moved = snoozed_due(due, 1, tz=BERLIN, now=NOW.replace(month=3, day=20))
    assert moved.astimezone(BERLIN) == datetime(2026, 3, 29, 10, 0, tzinfo=BERLIN)
    assert moved - due == timedelta(hours=23)  # the night the clocks spring forward


def test_snoozing_an_overdue_item_moves_it_to_tomorrow() -> None:
    due = datetime(2026, 11, 20, 14, 0, tzinfo=BERLIN)
    moved = snoozed_due(due, 1, tz=BERLIN, now=NOW)
    assert moved.astimezone(BERLIN) == datetime(2026, 11, 26, 14, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(("text", "days"), [("1d", 1), ("2", 2), ("3 days", 3), ("1 day", 1)])
def test_snooze_lengths_read_from_buttons_and_text(text: str, days: int) -> None:
    assert snooze_days(text) == days


@pytest.mark.parametrize("text", ["0d", "31d", "soon", ""])
def test_snooze_lengths_out_of_range_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="snooze for 1 to 30 days"):
        snooze_days(text)


def test_snooze_item_moves_a_date_only_item_to_the_end_of_the_next_day(db: Database) -> None:
    mia = new_creator(db, "mia")
    add_plan(db, mia, ["Edit|2026-11-27", "Done one|2026-11-27", "Undated"], now=NOW)
    with db.unit_of_work() as session:
        change = snooze_item(session, mia, "1.1", days=2, now=NOW)
        assert change.message == "Snoozed 1.1 to Sun 29 Nov 2026."
        item = get_plan(session, mia, 1, now=NOW).items[0]
        assert not item.due_time_known and item.due_label == "Sun 29 Nov 2026"
        complete_item(session, mia, "1.2", now=NOW)
        with pytest.raises(InvalidInput, match="already done"):
            snooze_item(session, mia, "1.2", now=NOW)
        with pytest.raises(InvalidInput, match="no due date"):
            snooze_item(session, mia, "1.3", now=NOW)


def test_nobody_snoozes_another_creators_item(db: Database) -> None:
    mia, bo = new_creator(db, "mia"), new_creator(db, "bo")
    add_plan(db, mia, ["Edit|2026-11-27"], now=NOW)
    with db.unit_of_work() as session, pytest.raises(NotFound):
        snooze_item(session, bo, "1.1", now=NOW)
