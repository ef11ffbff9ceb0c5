"""Plan tools: draft a plan (by hand, from the chat or a piece), save or discard it, list, show.

Drafts are never saved by the tool that makes them: they wait in the conversation state until
the creator presses "Save plan" or says so. That keeps a model (or text it was shown) from
creating plans the creator did not confirm.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from context.chart_data import plan_chart
from context.conversations import take_draft
from context.due_dates import due_from_phrase
from context.llm.content_context import create_action_plan_from_conversation
from context.reply import BulletList, Headline, Paragraph, Reply
from context.state import ConversationState
from context.tools.base import BoundTool, NoArgs, ToolContext, ToolResult
from context.tools.plan_views import (
    draft_facts,
    draft_reply,
    plan_facts,
    plan_line,
    plan_reply,
    plans_buttons,
)
from context.tools.refs import current_plan, resolve_piece
from plans import ItemSpec, PlanDraft, get_plan, list_plans, plan_from_content, save_draft
from plans.lookup import creator_tz
from storage.errors import InvalidInput

NO_DRAFT = "There is no drafted plan waiting; ask me to make one first."
ALREADY_SAVED = "That draft was already saved or discarded; /plans lists your plans."


def propose(ctx: ToolContext, session: Session, draft: PlanDraft) -> ToolResult:
    """Keep the draft in the conversation until the creator confirms it, and show it."""
    tz = creator_tz(session, ctx.creator_id)
    ctx.state.draft = draft.to_dict()
    if draft.source_content_number is not None:
        ctx.mentions.pieces(draft.source_content_number)
    ctx.mentions.patterns(*draft.basis)
    return ToolResult(draft_facts(draft, tz), draft_reply(draft, tz))


class ItemArg(BaseModel):
    """One item of a plan being created."""

    title: str = Field(min_length=1, max_length=255)
    due: str | None = Field(
        default=None, max_length=40, description="e.g. 2026-12-01, tomorrow, friday, in 3 days"
    )
    hours: float | None = Field(default=None, gt=0, le=200, description="estimated effort")


class CreatePlanArgs(BaseModel):
    """Arguments of create_plan."""

    name: str = Field(min_length=1, max_length=120)
    goal: str = Field(min_length=1, max_length=500)
    items: list[ItemArg] = Field(min_length=1, max_length=12)


class CreatePlan(BoundTool[CreatePlanArgs]):
    """Draft a plan with the given items (saved only when the creator confirms)."""

    name = "create_plan"
    description = (
        "Draft an action plan with a name, a goal and items (title, optional due date and hours). "
        "The draft is shown to the creator, who saves or discards it; this call saves nothing."
    )
    args_model: type[BaseModel] = CreatePlanArgs

    def execute(self, args: CreatePlanArgs) -> ToolResult:
        """Read the due dates on the creator's calendar and propose the draft."""
        now = self.ctx.now()
        with self.ctx.read() as session:
            tz = creator_tz(session, self.ctx.creator_id)
            items = []
            for item in args.items:
                due, known = due_from_phrase(item.due, tz, now=now) if item.due else (None, False)
                items.append(ItemSpec(item.title, due, known, item.hours))
            draft = PlanDraft(
                mode="chat",
                name=args.name,
                goal=args.goal,
                items=tuple(items),
                source_conversation_id=self.ctx.conversation_id,
            )
            return propose(self.ctx, session, draft)


class DraftPlanFromChat(BoundTool[NoArgs]):
    """Draft a plan from what this conversation talked about."""

    name = "draft_plan_from_chat"
    description = (
        "Draft an action plan from the pieces and patterns discussed in this conversation. "
        "The creator saves or discards the draft."
    )

    def execute(self, args: NoArgs) -> ToolResult:
        """Use the LLM writer when configured, else the rules draft."""
        if self.ctx.conversation_id is None:
            raise InvalidInput("There is no conversation to make a plan from yet.")
        with self.ctx.read() as session:
            draft = create_action_plan_from_conversation(
                session,
                self.ctx.creator_id,
                self.ctx.conversation_id,
                now=self.ctx.now(),
                writer=self.ctx.plan_writer,
            )
            return propose(self.ctx, session, draft)


class PieceArgs(BaseModel):
    """Arguments of plan_from_piece."""

    ref: str = Field(
        default="this", max_length=200, description="the piece (number, position or title)"
    )
    mode: Literal["more", "diagnose"] = Field(
        default="more", description="more = repeat its success, diagnose = fix what held it back"
    )


class PlanFromPiece(BoundTool[PieceArgs]):
    """Draft a plan from one piece: make more like it, or fix what held it back."""

    name = "plan_from_piece"
    description = (
        "Draft a plan from one of the creator's pieces: mode 'more' repeats what made it work, "
        "mode 'diagnose' fixes what held it back. The creator saves or discards the draft."
    )
    args_model: type[BaseModel] = PieceArgs

    def execute(self, args: PieceArgs) -> ToolResult:
        """Resolve the piece and draft the plan from its factors."""
        with self.ctx.read() as session:
            hit = resolve_piece(
                session, self.ctx.creator_id, self.ctx.state, args.ref, now=self.ctx.now()
            )
            self.ctx.state.focus = hit.number
            draft = plan_from_content(
                session, self.ctx.creator_id, hit.number, mode=args.mode, now=self.ctx.now()
            )
            return propose(self.ctx, session, draft)


def pending_draft(state: ConversationState) -> PlanDraft:
    """The draft waiting for confirmation, or InvalidInput."""
    if state.draft is None:
        raise InvalidInput(NO_DRAFT)
    try:
        return PlanDraft.from_dict(state.draft)
    except (KeyError, TypeError, ValueError):
        state.draft = None
        raise InvalidInput(NO_DRAFT) from None


class SavePlan(BoundTool[NoArgs]):
    """Save the drafted plan the creator confirmed."""

    name = "save_plan"
    description = "Save the drafted plan (only after the creator confirmed it)."

    def execute(self, args: NoArgs) -> ToolResult:
        """Write the draft as an active plan."""
        draft = pending_draft(self.ctx.state)
        with self.ctx.write() as session:
            self._claim(session)
            plan = save_draft(session, self.ctx.creator_id, draft, now=self.ctx.now())
        self.ctx.state.draft = None
        self.ctx.state.plan = plan.number
        lead = f"Saved as plan {plan.number}. Tick items off as you go."
        return ToolResult(f"{lead}\n{plan_facts(plan)}", plan_reply(plan, lead=lead))

    def _claim(self, session: Session) -> None:
        """The stored draft is taken under the conversation's lock, so a double tap on Save (or
        two workers) saves it once: the later turn finds it gone."""
        conversation = self.ctx.conversation_id
        if conversation is not None and not take_draft(session, conversation, now=self.ctx.now()):
            self.ctx.state.draft = None
            raise InvalidInput(ALREADY_SAVED)


class DiscardPlan(BoundTool[NoArgs]):
    """Throw the drafted plan away."""

    name = "discard_plan"
    description = "Discard the drafted plan."

    def execute(self, args: NoArgs) -> ToolResult:
        """Forget the draft."""
        pending_draft(self.ctx.state)
        self.ctx.state.draft = None
        text = "Discarded the draft; nothing was saved."
        return ToolResult(text, Reply((Paragraph(text),)))


class ListPlansArgs(BaseModel):
    """Arguments of list_plans."""

    status: Literal["active", "completed", "archived", "all"] = "active"


class ListPlans(BoundTool[ListPlansArgs]):
    """The creator's plans with their progress."""

    name = "list_plans"
    description = (
        "List the creator's action plans (active, completed, archived or all) with progress."
    )
    args_model: type[BaseModel] = ListPlansArgs

    def execute(self, args: ListPlansArgs) -> ToolResult:
        """Plan cards, most urgent symbol first on each line, and a progress chart."""
        with self.ctx.read() as session:
            plans = list_plans(session, self.ctx.creator_id, status=args.status, now=self.ctx.now())
        if not plans:
            which = "" if args.status == "all" else f"{args.status} "
            text = (
                f"You have no {which}plans yet. Make one with /plan, or from a piece with "
                "“make more like this”."
            )
            return ToolResult(text, Reply((Paragraph(text),)))
        lines = tuple(plan_line(p) for p in plans)
        blocks = (Headline(f"Your plans ({args.status})"), BulletList(lines))
        reply = Reply(blocks, tuple(plans_buttons(plans)), plan_chart(plans))
        return ToolResult("\n".join(lines), reply)


class ShowPlanArgs(BaseModel):
    """Arguments of show_plan."""

    number: int | None = Field(default=None, ge=1, description="the plan number (default: current)")


class ShowPlan(BoundTool[ShowPlanArgs]):
    """One plan with all its items."""

    name = "show_plan"
    description = "Show one plan with every item, its due date and whether it is done."
    args_model: type[BaseModel] = ShowPlanArgs

    def execute(self, args: ShowPlanArgs) -> ToolResult:
        """The plan with a checkbox per item."""
        with self.ctx.read() as session:
            number = args.number or current_plan(session, self.ctx.creator_id, self.ctx.state)
            plan = get_plan(session, self.ctx.creator_id, number, now=self.ctx.now())
        self.ctx.state.plan = plan.number
        return ToolResult(plan_facts(plan), plan_reply(plan))
