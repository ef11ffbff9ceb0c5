"""The buttons a reminder carries, pressed through the agent: Done, Snooze 1 day, Open plan."""

from __future__ import annotations

import uuid

import pytest

from context.agent import Agent
from context.reply import Action, ChatRequest, Reply
from context.scheduled.reminders import reminder_buttons
from plans import get_plan
from storage import Database
from storage.clock import FixedClock
from storage.creators import get_creator, link_identity
from storage.errors import NotFound
from tests.scheduler.helpers import NOW, add_plan, new_creator


def press(agent: Agent, who: str, encoded: str) -> Reply:
    return agent.handle(ChatRequest("console", who, who, action=Action.decode(encoded)))


def linked(db: Database, handle: str) -> uuid.UUID:
    creator = new_creator(db, handle)
    with db.unit_of_work() as session:
        link_identity(session, get_creator(session, creator), "console", handle, handle, now=NOW)
    return creator


def test_done_snooze_and_open_plan_do_what_they_say(db: Database) -> None:
    mia = linked(db, "mia")
    add_plan(db, mia, ["Film intro|2026-11-27", "Edit|2026-11-27T15:00"], now=NOW, name="Week")
    agent = Agent(db, FixedClock(NOW))
    done, snooze, open_plan = (b.action.encode() for b in reminder_buttons("1.1", 1))
    assert "Done: 1.1 Film intro" in press(agent, "mia", done).plain_text()
    snoozed = press(agent, "mia", "snooze:1.2,1d").plain_text()
    assert "Snoozed 1.2 to Sat 28 Nov 2026 15:00." in snoozed
    assert "Plan 1: Week" in press(agent, "mia", open_plan).plain_text()
    with db.read() as session:
        items = get_plan(session, mia, 1, now=NOW).items
    assert items[0].is_completed and items[1].due_label == "Sat 28 Nov 2026 15:00"
    assert snooze == "snooze:1.1,1d"


def test_another_creators_reminder_buttons_change_nothing(db: Database) -> None:
    mia, bo = linked(db, "mia"), linked(db, "bo")
    add_plan(db, mia, ["Film intro|2026-11-27"], now=NOW)
    agent = Agent(db, FixedClock(NOW))
    for encoded in ("done:1.1", "snooze:1.1,1d"):
        answer = press(agent, "bo", encoded).plain_text()
        assert "not found" in answer and "Film intro" not in answer
    with db.read() as session:
        item = get_plan(session, mia, 1, now=NOW).items[0]
        with pytest.raises(NotFound):  # nor was anything made for the one who pressed
            get_plan(session, bo, 1, now=NOW)
    assert not item.is_completed and item.due_label == "Fri 27 Nov 2026"
