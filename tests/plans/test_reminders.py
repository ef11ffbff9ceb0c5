"""What is due, for the scheduler: open items of active plans, soonest first, one creator only."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from plans import Urgency, complete_item, create_plan, due_items, parse_item_spec, update_plan
from plans.urgency import end_of_local_day
from storage import Database
from tests.plans.helpers import NOW, new_creator

BERLIN = ZoneInfo("Europe/Berlin")


def test_due_items_until_the_end_of_the_local_day(db: Database) -> None:
    mia, bo = new_creator(db, "mia"), new_creator(db, "bo")
    lines = [
        "late|2026-11-24",
        "today|2026-11-25",
        "timed|2026-11-25T18:00",
        "done|2026-11-25",
        "tomorrow|2026-11-26",
        "undated",
    ]
    with db.unit_of_work() as session:
        specs = [parse_item_spec(line, BERLIN, now=NOW) for line in lines]
        create_plan(session, mia, name="Active", goal="g", items=specs, now=NOW)
        create_plan(session, mia, name="Archived", goal="g", items=specs[:2], now=NOW)
        update_plan(session, mia, 2, status="archived", now=NOW)
        create_plan(session, bo, name="Bo's", goal="g", items=specs, now=NOW)
        complete_item(session, mia, "1.4", now=NOW)
    until = end_of_local_day(datetime(2026, 11, 25, tzinfo=UTC).date(), BERLIN)
    with db.read() as session:
        due = due_items(session, mia, until=until, now=NOW)
    assert [(d.item.ref, d.item.title) for d in due] == [
        ("1.1", "late"),
        ("1.3", "timed"),
        ("1.2", "today"),
    ]
    assert [d.item.urgency for d in due] == [Urgency.OVERDUE, Urgency.DUE_TODAY, Urgency.DUE_TODAY]
    assert {d.plan_name for d in due} == {"Active"}
