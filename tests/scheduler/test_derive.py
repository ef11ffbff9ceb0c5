"""What is due, derived from the database: reminders follow the items, digests the settings."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.scheduler import Kind, SchedulerConfig, derive_due
from context.scheduled.delivery.due import Due, ReminderPayload
from context.scheduled.reminders import Occasion, snooze_item
from plans import ItemEdit, complete_item, edit_item, uncomplete_item
from storage import Database
from tests.scheduler.helpers import NOW, add_plan, new_creator, set_creator

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
CONFIG = SchedulerConfig()
WEEK = timedelta(days=7)


def derive(
    db: Database, start: datetime, end: datetime, creator: uuid.UUID | None = None
) -> list[Due]:
    with db.read() as session:
        ids = None if creator is None else [creator]
        return derive_due(session, start=start, end=end, config=CONFIG, creator_ids=ids)


def reminders(db: Database, creator: uuid.UUID, start: datetime = NOW, days: int = 7) -> list[Due]:
    found = derive(db, start, start + timedelta(days=days), creator)
    return [d for d in found if d.kind is Kind.REMINDER]


def local(due: Due, tz: ZoneInfo = BERLIN) -> str:
    return f"{due.send_at.astimezone(tz):%a %d %H:%M}"


def occasions(found: list[Due]) -> list[str]:
    out = []
    for due in found:
        assert isinstance(due.payload, ReminderPayload)
        out.append(f"{due.payload.occasion.value}{due.payload.nudge or ''}@{local(due)}")
    return out


def test_an_items_reminders_come_the_day_before_at_the_due_time_and_as_nudges(db: Database) -> None:
    mia = new_creator(db, "mia")
    add_plan(db, mia, ["Film intro|2026-11-28T15:00"], now=NOW)
    assert occasions(reminders(db, mia)) == [
        "before@Fri 27 09:00",
        "due@Sat 28 15:00",
        "overdue1@Sun 29 09:00",
        "overdue2@Mon 30 09:00",
        "overdue3@Tue 01 09:00",
    ]


def test_reminders_follow_the_creators_timezone_and_digest_time(db: Database) -> None:
    ken = new_creator(db, "ken", timezone="Asia/Tokyo", digest_time=time(7, 30))
    add_plan(db, ken, ["Edit|2026-11-28"], now=NOW)
    found = reminders(db, ken)
    # 07:30 is inside the default quiet hours (until 08:00), which delay reminders.
    assert [local(d, TOKYO) for d in found][:2] == ["Fri 27 08:00", "Sun 29 08:00"]
    set_creator(db, ken, quiet_hours_end=time(7, 0))
    assert [local(d, TOKYO) for d in reminders(db, ken)][:2] == ["Fri 27 07:30", "Sun 29 07:30"]
    assert all(d.timezone == "Asia/Tokyo" for d in found)


def test_completing_an_item_cancels_its_reminders_and_reopening_restores_future_ones(
    db: Database,
) -> None:
    mia = new_creator(db, "mia")
    add_plan(db, mia, ["Film intro|2026-11-28T15:00", "Other|2026-11-28"], now=NOW)
    with db.unit_of_work() as session:
        complete_item(session, mia, "1.1", now=NOW + timedelta(hours=1))
    assert {d.payload.facts.ref for d in reminders(db, mia)} == {"1.2"}  # type: ignore[union-attr]
    reopened = datetime(2026, 11, 28, 12, tzinfo=BERLIN)  # after the day-before reminder
    with db.unit_of_work() as session:
        uncomplete_item(session, mia, "1.1", now=reopened)
    mine = [d for d in reminders(db, mia) if d.payload.facts.ref == "1.1"]  # type: ignore[union-attr]
    assert occasions(mine)[0] == "due@Sat 28 15:00"


def test_re_dating_an_item_moves_its_reminders(db: Database) -> None:
    mia = new_creator(db, "mia")
    add_plan(db, mia, ["Film intro|2026-11-28T15:00"], now=NOW)
    before = {d.key for d in reminders(db, mia)}
    new_due = datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN)
    with db.unit_of_work() as session:
        edit_item(session, mia, "1.1", ItemEdit(due_date=new_due, due_time_known=True), now=NOW)
    after = reminders(db, mia, days=10)
    assert not before & {d.key for d in after}
    assert occasions(after)[:2] == ["before@Tue 01 09:00", "due@Wed 02 10:00"]


def test_snoozing_moves_the_due_date_a_day_without_firing_a_past_reminder(db: Database) -> None:
    mia = new_creator(db, "mia")
    add_plan(db, mia, ["Film intro|2026-11-25"], now=NOW - WEEK)
    pressed = datetime(2026, 11, 26, 9, 5, tzinfo=BERLIN)  # from the first overdue nudge
    with db.unit_of_work() as session:
        change = snooze_item(session, mia, "1.1", now=pressed)
    assert change.item.due_label == "Fri 27 Nov 2026"
    assert occasions(reminders(db, mia, start=pressed))[0] == "overdue1@Sat 28 09:00"


def test_items_due_in_quiet_hours_are_delayed_and_say_why(db: Database) -> None:
    mia = new_creator(db, "mia")
    add_plan(db, mia, ["Late upload|2026-11-28T23:30"], now=NOW)
    due = next(d for d in reminders(db, mia) if d.payload.occasion is Occasion.DUE)  # type: ignore[union-attr]
    assert (
        local(due) == "Sun 29 08:00" and f"{due.scheduled_for.astimezone(BERLIN):%H:%M}" == "23:30"
    )
    assert "quiet hours moved it from 23:30" in due.why
    set_creator(db, mia, quiet_hours_start=None, quiet_hours_end=None)
    due = next(d for d in reminders(db, mia) if d.payload.occasion is Occasion.DUE)  # type: ignore[union-attr]
    assert local(due) == "Sat 28 23:30"


def test_quiet_hours_do_not_delay_the_digest(db: Database) -> None:
    owl = new_creator(db, "owl", digest_time=time(23, 0))
    found = [d for d in derive(db, NOW, NOW + timedelta(days=1), owl) if d.kind is Kind.DIGEST]
    assert [local(d) for d in found] == ["Wed 25 23:00"]


def test_turning_reminders_or_the_digest_off_removes_them(db: Database) -> None:
    mia = new_creator(db, "mia")
    add_plan(db, mia, ["Film intro|2026-11-28"], now=NOW)
    set_creator(db, mia, reminders_enabled=False, digest_enabled=False)
    assert derive(db, NOW, NOW + WEEK, mia) == []


def test_each_creator_gets_one_digest_a_day_at_their_own_time(db: Database) -> None:
    mia = new_creator(db, "mia")
    ken = new_creator(db, "ken", timezone="Asia/Tokyo", digest_time=time(7, 30))
    found = [d for d in derive(db, NOW, NOW + timedelta(days=2)) if d.kind is Kind.DIGEST]
    by_creator = {c: [d for d in found if d.creator_id == c] for c in (mia, ken)}
    assert [local(d) for d in by_creator[mia]] == ["Thu 26 09:00", "Fri 27 09:00"]
    assert [local(d, TOKYO) for d in by_creator[ken]] == ["Thu 26 07:30", "Fri 27 07:30"]
    assert by_creator[mia][0].subject == "daily:2026-11-26"


def test_nothing_is_due_before_the_creator_existed(db: Database) -> None:
    mia = new_creator(db, "mia")
    set_creator(db, mia, created_at=NOW)
    found = [d for d in derive(db, NOW - timedelta(days=2), NOW + timedelta(days=1), mia)]
    assert [local(d) for d in found if d.kind is Kind.DIGEST] == ["Thu 26 09:00"]


def test_another_creators_items_are_not_in_a_scoped_derivation(db: Database) -> None:
    mia, bo = new_creator(db, "mia"), new_creator(db, "bo")
    add_plan(db, bo, ["Bo's item|2026-11-28"], now=NOW)
    assert reminders(db, mia) == []
    assert {d.creator_id for d in reminders(db, bo)} == {bo}
