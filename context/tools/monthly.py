"""Month by month: "what was my best month?", "show my monthly views", "how did I do this year?".

Each of the last twelve local months (``insights.monthly``): pieces published, their views and
median score; the best month named by median score (like for like), the month with most views
named with the caveat that older months have had longer to gather them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from context.formatting import counted, platform_name, score, views
from context.reply import Block, Headline, Paragraph, Reply, Table
from context.tools.base import BoundTool, ToolResult
from context.tools.performance import PlatformName

if TYPE_CHECKING:  # the module reads the database only when months are asked about
    from insights.monthly import Month, Monthly

NOTHING = "You published nothing in the last twelve months here."
TOO_FEW = "No month has enough judged pieces yet to name a best one."
NEAR = 5.0  # median scores this close name no best month


class MonthlyArgs(BaseModel):
    """Arguments of monthly."""

    platform: PlatformName | None = Field(default=None, description="only this platform")


def month_table(found: Monthly) -> Table:
    """Each month since the first with a piece: pieces, views and median score."""
    first = next(i for i, m in enumerate(found.months) if m.pieces)
    rows = tuple(
        (m.label, str(m.pieces), views(m.views), score(m.median_score))
        for m in found.months[first:]
    )
    return Table(("month", "pieces", "views", "median score"), rows)


def verdict(found: Monthly) -> str:
    """The best month like for like, and the month with most views."""
    best, seen = found.best, found.most_viewed
    lines = []
    runner = found.runner_up
    if best is not None and runner is not None and abs(_median(best) - _median(runner)) < NEAR:
        lines.append(
            f"No month stands apart like for like: your best, {best.label} (median score "
            f"{score(best.median_score)}), is within {NEAR:.0f} points of {runner.label} "
            f"({score(runner.median_score)})."
        )
    elif best is not None:
        lines.append(
            f"Your best month like for like was {best.label}: a median score of "
            f"{score(best.median_score)} over {counted(best.judged, 'judged piece')} (a score "
            "compares each piece with your usual for its platform, format and age)."
        )
    else:
        lines.append(TOO_FEW)
    if seen is not None:
        lines.append(
            f"Most views: {seen.label}, {views(seen.views)} from {counted(seen.pieces, 'piece')} "
            "(lifetime views, so older months have had longer to gather them)."
        )
    return " ".join(lines)


def _median(month: Month) -> float:
    return month.median_score or 0.0


class MonthByMonth(BoundTool[MonthlyArgs]):
    """The last twelve months side by side."""

    name = "monthly"
    description = (
        "The creator's last twelve calendar months (their timezone): pieces published, views and "
        "median score per month, the best month like for like and the month with most views. "
        "For 'what was my best month', 'show my monthly views', 'how did I do this year'."
    )
    args_model: type[BaseModel] = MonthlyArgs

    def execute(self, args: MonthlyArgs) -> ToolResult:
        """The months as a table, then the verdict."""
        from insights.monthly import monthly

        with self.ctx.read() as session:
            found = monthly(session, self.ctx.creator_id, self.ctx.now(), args.platform)
        where = f" on {platform_name(args.platform)}" if args.platform else ""
        title = f"Month by month{where} (times in {found.timezone})"
        if not any(m.pieces for m in found.months):
            return ToolResult(NOTHING, Reply((Headline(title), Paragraph(NOTHING))))
        table, line = month_table(found), verdict(found)
        blocks: list[Block] = [Headline(title), table, Paragraph(line)]
        rows = "; ".join(", ".join(row) for row in table.rows)
        return ToolResult(f"{title}: {rows}. {line}", Reply(tuple(blocks)))
