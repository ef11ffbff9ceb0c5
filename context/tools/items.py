"""Item tools: add an item, tick it off or reopen it, and link it to the piece made for it."""

from __future__ import annotations

from pydantic import BaseModel, Field

from context.due_dates import due_from_phrase
from context.tools.base import BoundTool, ToolContext, ToolResult
from context.tools.plan_views import plan_facts, plan_reply
from context.tools.refs import current_plan, resolve_item, resolve_piece
from plans import (
    ItemRef,
    ItemSpec,
    add_item,
    complete_item,
    get_plan,
    link_item,
    uncomplete_item,
)
from plans.lookup import creator_tz
from plans.views import ItemChange

ITEM_HELP = "the item: '3.2' (plan 3, item 2), or '2' for item 2 of the current plan"


class AddItemArgs(BaseModel):
    """Arguments of add_item."""

    title: str = Field(min_length=1, max_length=255)
    due: str | None = Field(
        default=None, max_length=40, description="e.g. friday, tomorrow, in 3 days, 2026-12-01"
    )
    plan: int | None = Field(default=None, ge=1, description="plan number (default: current plan)")
    hours: float | None = Field(default=None, gt=0, le=200)


class ItemArgs(BaseModel):
    """Arguments of the item commands."""

    item: str = Field(max_length=40, description=ITEM_HELP)


class LinkArgs(BaseModel):
    """Arguments of link_item."""

    item: str = Field(max_length=40, description=ITEM_HELP)
    piece: str = Field(
        max_length=200, description="the piece made for it (number, position, title)"
    )


def item_answer(ctx: ToolContext, change: ItemChange) -> ToolResult:
    """What changed, then the plan with its checkboxes (re-read so every item is current)."""
    ctx.state.plan = change.plan.number
    with ctx.read() as session:
        plan = get_plan(session, ctx.creator_id, change.plan.number, now=ctx.now())
    return ToolResult(
        f"{change.message}\n{plan_facts(plan)}", plan_reply(plan, lead=change.message)
    )


class ItemTool(BoundTool[ItemArgs]):
    """Shared by the tools that act on one item."""

    args_model: type[BaseModel] = ItemArgs

    def answer(self, change: ItemChange) -> ToolResult:
        """The shared answer after an item changed."""
        return item_answer(self.ctx, change)

    def ref(self, text: str) -> ItemRef:
        """The item reference, resolved against this conversation."""
        with self.ctx.read() as session:
            return resolve_item(session, self.ctx.creator_id, self.ctx.state, text)


class CompleteItem(ItemTool):
    """Tick an item off."""

    name = "complete_item"
    description = "Mark a plan item as done."

    def execute(self, args: ItemArgs) -> ToolResult:
        """Complete the item; an item already done is left alone."""
        ref = self.ref(args.item)
        with self.ctx.write() as session:
            change = complete_item(session, self.ctx.creator_id, ref, now=self.ctx.now())
        return self.answer(change)


class UncompleteItem(ItemTool):
    """Reopen an item."""

    name = "uncomplete_item"
    description = "Mark a done plan item as not done."

    def execute(self, args: ItemArgs) -> ToolResult:
        """Uncomplete the item; an open item is left alone."""
        ref = self.ref(args.item)
        with self.ctx.write() as session:
            change = uncomplete_item(session, self.ctx.creator_id, ref, now=self.ctx.now())
        return self.answer(change)


class ToggleItem(ItemTool):
    """A checkbox press: tick an open item, reopen a done one."""

    name = "toggle_item"
    description = "Flip a plan item between done and not done."

    def execute(self, args: ItemArgs) -> ToolResult:
        """Flip the item in one unit of work."""
        ref = self.ref(args.item)
        now = self.ctx.now()
        with self.ctx.write() as session:
            change = complete_item(session, self.ctx.creator_id, ref, now=now)
            if not change.changed:
                change = uncomplete_item(session, self.ctx.creator_id, ref, now=now)
        return self.answer(change)


class AddItem(BoundTool[AddItemArgs]):
    """Add an item to a plan."""

    name = "add_item"
    description = (
        "Add an item (title, optional due date and hours) to a plan (default: the current one)."
    )
    args_model: type[BaseModel] = AddItemArgs

    def execute(self, args: AddItemArgs) -> ToolResult:
        """Read the due date on the creator's calendar and add the item."""
        now = self.ctx.now()
        with self.ctx.write() as session:
            number = args.plan or current_plan(session, self.ctx.creator_id, self.ctx.state)
            tz = creator_tz(session, self.ctx.creator_id)
            due, known = due_from_phrase(args.due, tz, now=now) if args.due else (None, False)
            spec = ItemSpec(args.title, due, known, args.hours)
            change = add_item(session, self.ctx.creator_id, number, spec, now=now)
        return item_answer(self.ctx, change)


class LinkItem(BoundTool[LinkArgs]):
    """Link an item to the piece that was made for it."""

    name = "link_item"
    description = (
        "Link a plan item to the creator's piece that was made for it (outcomes then come from it)."
    )
    args_model: type[BaseModel] = LinkArgs

    def execute(self, args: LinkArgs) -> ToolResult:
        """Resolve both references and link them."""
        with self.ctx.write() as session:
            ref = resolve_item(session, self.ctx.creator_id, self.ctx.state, args.item)
            piece = resolve_piece(
                session, self.ctx.creator_id, self.ctx.state, args.piece, now=self.ctx.now()
            )
            change = link_item(session, self.ctx.creator_id, ref, piece.number, now=self.ctx.now())
        self.ctx.mentions.pieces(piece.number)
        return item_answer(self.ctx, change)
