"""The growth tool: how the creator's views trend week over week, and which older pieces are
still gaining, from metric history (answers "what is still gaining", "how am I trending")."""

from __future__ import annotations

from context import actions
from context.growth_section import growth_blocks, growth_facts
from context.reply import Button, Reply
from context.tools.base import BoundTool, NoArgs, ToolResult
from context.tools.render import MAX_PIECE_BUTTONS, PIECE_ROW
from insights.growth import cached_growth_summary

LISTED = 10


class QueryGrowth(BoundTool[NoArgs]):
    """Week-over-week views and the pieces older than 30 days still gaining."""

    name = "query_growth"
    description = (
        "How the creator's views trend: views gained this week against last week (in percent) "
        "and the pieces older than 30 days still gaining views this week. Needs synced history."
    )

    def execute(self, args: NoArgs) -> ToolResult:
        """The trend sentence and the pieces still gaining, each with a details button."""
        with self.ctx.read() as session:
            summary = cached_growth_summary(session, self.ctx.creator_id, now=self.ctx.now())
        numbers = [g.number for g in summary.gaining[:LISTED]]
        self.ctx.state.remember_list(numbers)
        self.ctx.mentions.pieces(*numbers)
        reply = Reply(tuple(growth_blocks(summary, shown=LISTED)), _details(numbers))
        return ToolResult(growth_facts(summary), reply)


def _details(numbers: list[int]) -> tuple[Button, ...]:
    return tuple(
        Button(f"Details #{n}", actions.on_piece(actions.PIECE, n), PIECE_ROW)
        for n in numbers[:MAX_PIECE_BUTTONS]
    )
