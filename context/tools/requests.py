"""Requests typed in words: change a setting, move a plan item to another day, remind me.

Settings go through the same account flow as /settings and its buttons (one place decides what
a change means); the answer is the settings card with what changed. Both tools are for a person
only: a model cannot change settings.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, Field

from context.account.settings import change_setting
from context.account.state import AccountContext
from context.due_dates import due_from_phrase
from context.reply import ChatRequest
from context.tools.base import BoundTool, ToolResult
from context.tools.items import ITEM_HELP, item_answer
from context.tools.plan_views import plan_facts, plan_reply
from context.tools.refs import current_plan, resolve_item
from plans import ItemEdit, ItemSpec, add_item, create_plan, edit_item
from plans.lookup import creator_tz
from storage.errors import InvalidInput
from storage.models import Creator

SETTING_KEYS = {
    "digest": "digest",
    "digest_time": "time",
    "reminders": "rem",
    "timezone": "tz",
    "quiet_hours": "quiet",
}


class SettingArgs(BaseModel):
    """Arguments of change_setting."""

    what: Literal["digest", "digest_time", "reminders", "timezone", "quiet_hours"]
    value: str = Field(max_length=60, description="on/off, a time (07:30), a city or zone")


class ChangeSetting(BoundTool[SettingArgs]):
    """Turn the digest or reminders on or off, move the digest, set timezone or quiet hours."""

    name = "change_setting"
    description = "Change one of the creator's settings (person only)."
    args_model: type[BaseModel] = SettingArgs

    def execute(self, args: SettingArgs) -> ToolResult:
        """Apply the change in one unit of work; the settings card says what changed."""
        with self.ctx.write() as session:
            creator = session.get(Creator, self.ctx.creator_id)
            request = ChatRequest("rules", str(self.ctx.creator_id))
            turn = AccountContext(session, request, self.ctx.now(), creator)
            reply = change_setting(turn, SETTING_KEYS[args.what], args.value)
        notice = reply.notice if reply.notice and reply.notice != "Saved." else _said(args)
        return ToolResult(notice, replace(reply, notice=notice, edit_in_place=False))


def _said(args: SettingArgs) -> str:
    """'Daily digest turned off.'"""
    what = {"digest": "Daily digest", "reminders": "Plan reminders"}.get(args.what, args.what)
    return f"{what} turned {args.value}."


class MoveArgs(BaseModel):
    """Arguments of move_item."""

    item: str = Field(max_length=40, description=ITEM_HELP)
    due: str = Field(min_length=1, max_length=40, description="e.g. monday, tomorrow, 2026-12-01")


class MoveItem(BoundTool[MoveArgs]):
    """Give a plan item a new due day."""

    name = "move_item"
    description = "Move a plan item to another due date ('move 2.1 to Monday')."
    args_model: type[BaseModel] = MoveArgs

    def execute(self, args: MoveArgs) -> ToolResult:
        """Read the day on the creator's calendar and re-date the item."""
        now = self.ctx.now()
        with self.ctx.write() as session:
            ref = resolve_item(session, self.ctx.creator_id, self.ctx.state, args.item)
            due, known = due_from_phrase(
                args.due, creator_tz(session, self.ctx.creator_id), now=now
            )
            edit = ItemEdit(due_date=due, due_time_known=known)
            change = edit_item(session, self.ctx.creator_id, ref, edit, now=now)
        return item_answer(self.ctx, change)


class RemindArgs(BaseModel):
    """Arguments of remind_me."""

    title: str = Field(min_length=1, max_length=255)
    due: str | None = Field(default=None, max_length=40, description="e.g. tomorrow, friday")


REMINDERS_PLAN = "Reminders"


class RemindMe(BoundTool[RemindArgs]):
    """'remind me tomorrow to …': an item with a due date (reminded when due), on the current
    plan, or on a new "Reminders" plan when the creator has none."""

    name = "remind_me"
    description = "Add a dated item the creator is reminded of (person only)."
    args_model: type[BaseModel] = RemindArgs

    def execute(self, args: RemindArgs) -> ToolResult:
        """Add the item (making the plan first if there is none) in one unit of work."""
        now = self.ctx.now()
        with self.ctx.write() as session:
            tz = creator_tz(session, self.ctx.creator_id)
            due, known = due_from_phrase(args.due, tz, now=now) if args.due else (None, False)
            spec = ItemSpec(args.title, due, known)
            try:
                number = current_plan(session, self.ctx.creator_id, self.ctx.state)
            except InvalidInput:
                plan = create_plan(
                    session,
                    self.ctx.creator_id,
                    name=REMINDERS_PLAN,
                    goal="What you asked me to remind you of",
                    items=[spec],
                    now=now,
                )
                self.ctx.state.plan = plan.number
                lead = f"Added {plan.number}.1: {spec.title} (on a new plan, “{REMINDERS_PLAN}”)."
                return ToolResult(f"{lead}\n{plan_facts(plan)}", plan_reply(plan, lead=lead))
            change = add_item(session, self.ctx.creator_id, number, spec, now=now)
        return item_answer(self.ctx, change)
