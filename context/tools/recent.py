"""The latest pieces against the usual: "did my last 5 videos do better than usual?".

Lists the creator's latest pieces (remembered, so "the 2nd one" works) and says how the judged
ones scored against the creator's other pieces (``insights.recent_run``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from context.formatting import counted, platform_name, score
from context.reply import Block, Headline, Paragraph, Reply
from context.tools.base import BoundTool, ToolResult
from context.tools.performance import PlatformName, piece_facts
from context.tools.render import details_buttons, piece_ref

if TYPE_CHECKING:  # the module reads the database only when the latest pieces are asked about
    from insights.recent_run import RecentRun

NONE_YET = "You have no pieces here yet."
NONE_JUDGED = (
    "None of your latest pieces can be judged yet: they are too recent, or their figures are "
    "unknown. Ask “how is my new video doing” for its first hours."
)
# Medians of a handful of scores this close say "about as usual", not better or worse.
NEAR = 5.0
NO_OTHERS = "You have no other judged pieces here to compare them with yet."


class RecentArgs(BaseModel):
    """Arguments of recent_pieces."""

    # Bounds are the service's (insights.recent_run.MAX_COUNT), which says them in words.
    count: int = Field(default=5, description="how many of the latest judged pieces, 1-20")
    platform: PlatformName | None = Field(default=None, description="only this platform")


def verdict(run: RecentRun, where: str) -> str:
    """How the judged latest pieces did against the creator's other pieces."""
    median, usual = run.median, run.usual
    if usual is None or median is None:
        return NO_OTHERS
    how = (
        "about as"
        if abs(median - usual) < NEAR
        else "better than"
        if median > usual
        else "worse than"
    )
    return (
        f"They did {how} usual: a median score of {score(median)} against {score(usual)} for "
        f"your other pieces{where}; {run.above} of {len(run.scores)} scored above that."
    )


def passed_over(run: RecentRun) -> str | None:
    """The newer pieces left out, and where to see them."""
    if not run.passed_over:
        return None
    newer = counted(run.passed_over, "newer piece")
    verb = "is" if run.passed_over == 1 else "are"
    return f"{newer} {verb} not judged yet (too recent, or figures unknown)."


class RecentPieces(BoundTool[RecentArgs]):
    """The latest pieces, and whether they did better or worse than the creator's usual."""

    name = "recent_pieces"
    description = (
        "The creator's latest pieces (1-20, newest first, on one platform or all) and whether the "
        "judged ones scored better or worse than their other pieces: for 'did my last 5 videos "
        "do better than usual', 'how are my recent posts doing'."
    )
    args_model: type[BaseModel] = RecentArgs

    def execute(self, args: RecentArgs) -> ToolResult:
        """The pieces as references, then the verdict."""
        from insights.recent_run import recent_run

        with self.ctx.read() as session:
            run = recent_run(
                session, self.ctx.creator_id, self.ctx.now(), args.count, args.platform
            )
        where = f" on {platform_name(args.platform)}" if args.platform else ""
        if not run.pieces:
            nothing = NONE_JUDGED if run.passed_over else NONE_YET
            return ToolResult(nothing, Reply((Paragraph(nothing),)))
        numbers = [p.number for p in run.pieces]
        self.ctx.state.remember_list(numbers)
        self.ctx.mentions.pieces(*numbers)
        many = len(run.pieces)
        title = (
            f"Your {'latest judged piece' if many == 1 else f'{many} latest judged pieces'}{where}"
        )
        line = " ".join(filter(None, (verdict(run, where), passed_over(run))))
        blocks: list[Block] = [Headline(title), *map(piece_ref, run.pieces), Paragraph(line)]
        summary = f"{title}: {piece_facts(run.pieces)} {line}"
        return ToolResult(summary, Reply(tuple(blocks), tuple(details_buttons(run.pieces))))
