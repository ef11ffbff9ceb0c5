"""What to post on one platform: "what should I post on TikTok?", "/advice tiktok".

The platform's own picture (``insights.platform_themes``): its themes by median score, the ones
that did better or worse than the platform's other pieces, and its best day and time of day
(``insights.platform_timing``). The overall advice pools every platform; this answer does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from context.formatting import counted, platform_name, score
from context.reply import Block, Headline, Paragraph, Reply, Table
from context.tools.base import BoundTool, ToolResult
from context.tools.breakdowns import timing_sentence
from context.tools.performance import PlatformName

if TYPE_CHECKING:  # the module reads the database only when one platform's advice is asked
    from insights.group_claims import GroupScore
    from insights.platform_themes import PlatformThemes

NOTHING_STANDS_OUT = (
    "No theme stands out there yet: none did clearly better or worse than your other pieces on "
    "the platform."
)
TOO_FEW = "Too few judged pieces per theme there to tell whether any theme does better yet."
CAVEAT = (
    "A score compares each piece with your usual for its platform, format and age; this compares "
    "your own pieces and does not prove that the theme caused the difference."
)


class PlatformArgs(BaseModel):
    """Arguments of platform_advice."""

    platform: PlatformName = Field(description="the platform asked about")


def theme_table(found: PlatformThemes) -> Table:
    """Each theme with judged pieces on the platform: pieces and median score."""
    rows = tuple((t.name, str(t.pieces), score(t.median_score)) for t in found.themes)
    return Table(("theme", "pieces", "median score"), rows)


def finding_line(theme: GroupScore, name: str) -> str:
    """One theme that did better or worse there, with its figures."""
    test = theme.test
    assert test is not None  # only tested themes are claimed
    how = "better" if theme.better else "worse"
    return (
        f"On {name}, {theme.name} did {how}: a median score of {score(test.group_median)} "
        f"against {score(test.rest_median)} for your other {name} pieces ({test.group_size} "
        f"against {test.rest_size} pieces, q = {theme.q_value:.2f})."
    )


def conclusions(found: PlatformThemes) -> list[str]:
    """The themes found, or why none is named."""
    name = platform_name(found.platform)
    lines = [finding_line(t, name) for t in found.found]
    return lines or [NOTHING_STANDS_OUT if found.tested else TOO_FEW]


class PlatformAdvice(BoundTool[PlatformArgs]):
    """One platform's themes and best posting times, from the creator's pieces there."""

    name = "platform_advice"
    description = (
        "What to post on one platform: the creator's themes there by median score, the themes "
        "that did better or worse than their other pieces on that platform (tested, FDR "
        "controlled), and the platform's best day and time of day. For 'what should I post on "
        "TikTok'; the overall advice pools every platform."
    )
    args_model: type[BaseModel] = PlatformArgs

    def execute(self, args: PlatformArgs) -> ToolResult:
        """The platform's themes, what stood out, and when its posts did best."""
        from insights.platform_themes import platform_themes
        from insights.platform_timing import platform_timing

        with self.ctx.read() as session:
            found = platform_themes(session, self.ctx.creator_id, self.ctx.now(), args.platform)
            timing = platform_timing(session, self.ctx.creator_id, args.platform)
        name = platform_name(args.platform)
        title = f"What to post on {name}"
        if not found.judged:
            text = f"You have no judged {name} pieces yet, so there is nothing to go on there."
            return ToolResult(text, Reply((Headline(title), Paragraph(text))))
        lead = f"Your {counted(found.judged, f'judged {name} piece')}, by theme:"
        lines = [*conclusions(found), timing_sentence(timing) or "", CAVEAT]
        blocks: list[Block] = [Headline(title), Paragraph(lead), theme_table(found)]
        blocks += [Paragraph(line) for line in lines if line]
        table = "; ".join(f"{t.name} {t.pieces} pieces, median {score(t.median_score)}"
                          for t in found.themes)  # fmt: skip
        summary = f"{title}: {lead} {table}. " + " ".join(line for line in lines if line)
        return ToolResult(summary, Reply(tuple(blocks)))
