"""Reminders for plan items as neutral replies, and the snooze their button asks for.

Each reminder carries three buttons whose actions the agent handles:

- ``done:P.I`` — tick item P.I off (as ``plans.complete_item``);
- ``snooze:P.I,1d`` — move its due date one day later (``snooze_item`` below);
- ``plan:P`` — show plan P.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from context.reply import Action, Button, Headline, Paragraph, Reply
from plans import ItemChange, ItemEdit, ItemRef, due_label, edit_item, get_plan
from plans.lookup import creator_tz
from plans.urgency import local_day
from storage.errors import InvalidInput, NotFound

DONE = "done"
SNOOZE = "snooze"
PLAN = "plan"
SNOOZE_ONE_DAY = "1d"
MAX_SNOOZE_DAYS = 30


class Occasion(StrEnum):
    """Why a reminder is sent."""

    BEFORE = "before"  # the day before the due date
    DUE = "due"  # at the due time, when one was given
    OVERDUE = "overdue"  # a daily nudge after the due date


@dataclass(frozen=True)
class ReminderFacts:
    """The item a reminder is about, as the scheduler read it (due_date in UTC)."""

    item_id: uuid.UUID
    ref: str
    title: str
    plan_number: int
    plan_name: str
    due_date: datetime
    due_time_known: bool


def reminder_buttons(ref: str, plan_number: int) -> tuple[Button, ...]:
    """Done · Snooze 1 day · Open plan."""
    return (
        Button("Done", Action(DONE, (ref,))),
        Button("Snooze 1 day", Action(SNOOZE, (ref, SNOOZE_ONE_DAY))),
        Button("Open plan", Action(PLAN, (str(plan_number),))),
    )


def reminder_reply(
    facts: ReminderFacts, occasion: Occasion, *, tz: ZoneInfo, nudge: int = 0
) -> Reply:
    """The reminder message: what is due, when (in the creator's time), and the buttons."""
    when = due_label(facts.due_date, facts.due_time_known, tz)
    item = f"{facts.ref} {facts.title}"
    plan = f"Plan {facts.plan_number}: {facts.plan_name}"
    if occasion is Occasion.BEFORE:
        headline, text = "Due tomorrow", f"{item} ({plan}) is due {when}."
    elif occasion is Occasion.DUE:
        headline, text = "Due now", f"{item} ({plan}) is due now, {when}."
    else:
        days = "1 day" if nudge == 1 else f"{nudge} days"
        headline, text = f"Overdue by {days}", f"{item} ({plan}) was due {when}."
    return Reply(
        blocks=(Headline(f"⏰ {headline}"), Paragraph(text)),
        buttons=reminder_buttons(facts.ref, facts.plan_number),
    )


def snooze_days(text: str) -> int:
    """Read '1d' (or '2', '3 days') as a number of days between 1 and 30."""
    cleaned = text.strip().lower().removesuffix("days").removesuffix("day").removesuffix("d")
    if not cleaned.strip().isdigit() or not 1 <= int(cleaned) <= MAX_SNOOZE_DAYS:
        raise InvalidInput(f"snooze for 1 to {MAX_SNOOZE_DAYS} days, like 1d; got {text!r}")
    return int(cleaned)


def snoozed_due(due: datetime, days: int, *, tz: ZoneInfo, now: datetime) -> datetime:
    """The new due instant: ``days`` calendar days after the due date, or after today if it passed.

    The local wall time is kept across DST changes; a date-only due stays the end of its day.
    """
    local = due.astimezone(tz)
    day = max(local.date(), local_day(now, tz)) if due <= now else local.date()
    return datetime.combine(day + timedelta(days=days), local.time(), tz).astimezone(UTC)


def snooze_item(
    session: Session, creator_id: uuid.UUID, ref: str, *, days: int = 1, now: datetime
) -> ItemChange:
    """Move an open item's due date ``days`` days later; its reminders move with it."""
    parsed = ItemRef.parse(ref)
    plan = get_plan(session, creator_id, parsed.plan_number, now=now)
    item = next((i for i in plan.items if i.number == parsed.item_number), None)
    if item is None:
        raise NotFound(f"item {parsed} not found")
    if item.is_completed:
        raise InvalidInput(f"{parsed} is already done; nothing to snooze")
    if item.due_date is None:
        raise InvalidInput(f"{parsed} has no due date to move; give it one first")
    tz = creator_tz(session, creator_id)
    new_due = snoozed_due(item.due_date, days, tz=tz, now=now)
    edit = ItemEdit(due_date=new_due, due_time_known=item.due_time_known)
    change = edit_item(session, creator_id, parsed, edit, now=now)
    label = due_label(change.item.due_date, change.item.due_time_known, tz)
    return ItemChange(change.item, change.plan, True, f"Snoozed {parsed} to {label}.")
