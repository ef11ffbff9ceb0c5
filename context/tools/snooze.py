"""The Snooze button of a reminder (and "snooze 3.2 for 2 days"): move an item's due date."""

from __future__ import annotations

from pydantic import BaseModel, Field

from context.scheduled.reminders import snooze_days, snooze_item
from context.tools.base import ToolResult
from context.tools.items import ITEM_HELP, ItemTool, item_answer


class SnoozeArgs(BaseModel):
    """Arguments of snooze_item."""

    item: str = Field(max_length=40, description=ITEM_HELP)
    days: str = Field(default="1d", max_length=10, description="how long: 1d to 30d")


class SnoozeItem(ItemTool):
    """Move an open item's due date later; its reminders move with it."""

    name = "snooze_item"
    description = "Push a plan item's due date back by some days (default one)."
    args_model: type[BaseModel] = SnoozeArgs

    def execute(self, args: SnoozeArgs) -> ToolResult:  # type: ignore[override]
        """Snooze the item in one unit of work."""
        ref = self.ref(args.item)
        days = snooze_days(args.days)
        with self.ctx.write() as session:
            change = snooze_item(
                session, self.ctx.creator_id, str(ref), days=days, now=self.ctx.now()
            )
        return item_answer(self.ctx, change)
