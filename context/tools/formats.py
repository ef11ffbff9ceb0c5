"""Formats side by side: "are shorts better than long videos?", "which format works for me?"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from context.formatting import percent, platform_name, views
from context.reply import Block, Headline, Paragraph, Reply, Table
from context.tools.base import BoundTool, ToolResult
from context.tools.performance import PlatformName

if TYPE_CHECKING:  # the module reads the database only when a format question is asked
    from insights.formats import FormatStat

NOTHING_STANDS_OUT = (
    "Like for like (same platform, same era), no format stands out in your data yet; the "
    "medians above are raw, not adjusted for when each piece was posted."
)
TOO_FEW = "You have too few judged pieces per format to compare formats yet."


def _nothing(stats: list[FormatStat]) -> str:
    """Why no format is said to do better: one format alone, or none stands out."""
    if len({s.format for s in stats}) > 1:
        return NOTHING_STANDS_OUT
    only = stats[0]
    return f"All your judged pieces are {only.name}: there is no other format to compare it with."


class FormatArgs(BaseModel):
    """Arguments of formats."""

    platform: PlatformName | None = Field(default=None, description="only this platform")


def format_table(stats: list[FormatStat]) -> Table:
    """One row per platform and format: judged pieces, median views and engagement."""
    rows = tuple(
        (
            platform_name(s.platform),
            s.name,
            str(s.pieces),
            views(s.median_views),
            percent(s.median_engagement),
        )
        for s in stats
    )
    return Table(("platform", "format", "pieces", "median views", "engagement"), rows)


class Formats(BoundTool[FormatArgs]):
    """The creator's formats compared, and whether one does better like for like."""

    name = "formats"
    description = (
        "Compare the creator's formats (short-form, long-form, image posts) per platform: judged "
        "pieces, median views and engagement, and the like-for-like format patterns found."
    )
    args_model: type[BaseModel] = FormatArgs

    def execute(self, args: FormatArgs) -> ToolResult:
        """The medians per format, then what the pattern engine found about formats."""
        from insights.formats import formats

        with self.ctx.read() as session:
            found = formats(session, self.ctx.creator_id, self.ctx.now(), args.platform)
        if not found.stats:
            return ToolResult(TOO_FEW, Reply((Paragraph(TOO_FEW),)))
        self.ctx.mentions.patterns(*(p.pattern_key for p in found.patterns))
        lines = [f"{p.title} — {p.description}" for p in found.patterns] or [_nothing(found.stats)]
        scope = f" on {platform_name(args.platform)}" if args.platform else ""
        blocks: list[Block] = [Headline(f"Your formats{scope}"), format_table(found.stats)]
        blocks += [Paragraph(line) for line in lines]
        summary = "; ".join(
            f"{platform_name(s.platform)} {s.name}: {s.pieces} pieces, median "
            f"{views(s.median_views)} views"
            for s in found.stats
        )
        return ToolResult(f"{summary}. {' '.join(lines)}", Reply(tuple(blocks)))
