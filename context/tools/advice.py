"""What to do next: the recommendations the creator's own patterns support, most important first.

Each recommendation is stored with the pattern it comes from (``insights.pattern_text``), so the
turn records those patterns and "Create plan" drafts items from them (with what else the chat
mentioned).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from context import actions
from context.reply import Action, Block, BulletList, Button, Headline, Paragraph, Reply
from context.tools.base import BoundTool, ToolResult
from insights.view_models import Insight

SHOWN = 5  # a chat answer names the few that matter; the rest repeat the story
NOTHING_YET = (
    "No pattern in your data is clear enough to advise on yet. Recommendations come once your "
    "scored pieces show a difference that is unlikely to be chance; meanwhile, see what is "
    "working and when your posts do best."
)

NOTHING_HOLDS_BACK = (
    "Nothing in your data stands out as holding you back: no posting time, theme, format or "
    "habit of yours does clearly worse than the rest. What does work:"
)


class AdviceArgs(BaseModel):
    """Arguments of what_to_do."""

    holding_back: bool = Field(
        default=False,
        description="only what is costing the creator (what to stop or avoid): for 'what is "
        "holding me back', 'what am I doing wrong'",
    )


def advice_line(advice: Insight) -> str:
    """One recommendation as a person reads it: what to do, why, and how much it matters."""
    sign = "+" if advice.is_positive else "−"
    return f"{sign} {advice.title} ({advice.impact_level} impact): {advice.description}"


class WhatToDo(BoundTool[AdviceArgs]):
    """The recommendations the creator's patterns support."""

    name = "what_to_do"
    description = (
        "What the creator should do next: the recommendations their own patterns support "
        "(themes, posting windows, formats, hooks), most important first, each with its figures; "
        "with holding_back, only what is costing them."
    )
    args_model: type[BaseModel] = AdviceArgs

    def execute(self, args: AdviceArgs) -> ToolResult:
        """Read the stored recommendations and offer a plan made from them."""
        from insights.views import creator_recommendations

        with self.ctx.read() as session:
            found = creator_recommendations(session, self.ctx.creator_id)
        best_time = Button("Best time to post", Action(actions.BEST_TIME), 1)
        if not found:
            buttons = (Button("What's working", actions.tab("summary", "30d", None), 0), best_time)
            return ToolResult(NOTHING_YET, Reply((Paragraph(NOTHING_YET),), buttons))
        title, lead = "What to do next", None
        if args.holding_back:
            costs = [a for a in found if not a.is_positive]
            title = "What is holding you back" if costs else "What is working for you"
            lead = None if costs else NOTHING_HOLDS_BACK
            found = costs or found
        return self._advice(found, title, lead, best_time)

    def _advice(
        self, found: list[Insight], title: str, lead: str | None, best_time: Button
    ) -> ToolResult:
        shown = found[:SHOWN]
        self.ctx.mentions.patterns(*(a.pattern_key for a in shown))
        lines = tuple(advice_line(a) for a in shown)
        more = len(found) - len(shown)
        blocks: list[Block] = [Headline(title), *([Paragraph(lead)] if lead else [])]
        blocks.append(BulletList(lines))
        if more:
            blocks.append(Paragraph(f"{more} more of lower impact left out."))
        plan = Button("Create plan", Action(actions.MAKE_PLAN), 0)
        brief = Button("Brief for my next piece", Action(actions.NEXT_PIECE), 1)
        summary = " ".join((lead or "", *lines)).strip()
        return ToolResult(summary, Reply(tuple(blocks), (plan, best_time, brief)))
