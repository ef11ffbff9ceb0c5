"""How often to post: "how often should I post?", "does posting every day hurt my views?".

The creator's posting rhythm per platform, and whether pieces posted soon after another have done
worse than their peers (``insights.cadence``). No ideal frequency is invented: the answer says what
the data shows, or that it shows no cost to posting more often.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from context.formatting import platform_name, score
from context.reply import Block, Headline, Paragraph, Reply, Table
from context.tools.base import BoundTool, ToolResult
from context.tools.performance import PlatformName

if TYPE_CHECKING:  # the module reads the database only when a cadence question is asked
    from insights.cadence import Cadence, PlatformCadence, SpacingFinding

NO_POSTS = "You have no pieces here yet, so there is no posting rhythm to look at."
NO_COST = (
    "No spacing stands out: pieces posted soon after another scored like the rest, so nothing in "
    "your data says posting more often costs you. A score compares each piece with your usual for "
    "its platform and format."
)
TOO_FEW = "You have too few judged pieces per spacing to tell whether spacing matters yet."


class CadenceArgs(BaseModel):
    """Arguments of posting_cadence."""

    platform: PlatformName | None = Field(default=None, description="only this platform")


def gap_text(days: float | None) -> str:
    """0.3 → '7 hours', 2.25 → '2.2 days'; None → '—'."""
    if days is None:
        return "—"
    return f"{days * 24:.0f} hours" if days < 1 else f"{days:.1f} days"


def per_week(found: PlatformCadence) -> str:
    """Posts a week, one decimal."""
    return f"{found.per_week:.1f}"


def rhythm_table(found: Cadence) -> Table:
    """Per platform: posts in the recent window, a week, and the typical gap between them."""
    rows = tuple(
        (platform_name(p.platform), str(p.recent_posts), per_week(p), gap_text(p.typical_gap_days))
        for p in found.platforms
    )
    return Table(("platform", f"posts, last {found.days} days", "a week", "typical gap"), rows)


def spacing_table(platforms: list[PlatformCadence]) -> Table:
    """Per platform and spacing: judged pieces and their median score."""
    rows = tuple(
        (platform_name(p.platform), g.label, str(g.pieces), score(g.median_score))
        for p in platforms
        for g in p.groups
    )
    return Table(("platform", "since the previous post", "pieces", "median score"), rows)


def finding_line(found: SpacingFinding) -> str:
    """One spacing that mattered, with its figures."""
    test, where = found.test, platform_name(found.platform)
    verdict = "better" if found.better else "worse"
    return (
        f"On {where}, pieces posted {found.label} after the previous one did {verdict}: a median "
        f"score of {score(test.group_median)} against {score(test.rest_median)} for your other "
        f"{where} pieces ({test.group_size} against {test.rest_size} pieces, "
        f"q = {found.q_value:.2f})."
    )


def conclusions(found: Cadence) -> list[str]:
    """The spacings that mattered, or why none is named."""
    if found.findings:
        return [finding_line(f) for f in found.findings]
    return [NO_COST if found.tested else TOO_FEW]


class PostingCadence(BoundTool[CadenceArgs]):
    """How often the creator posts, and whether spacing has mattered."""

    name = "posting_cadence"
    description = (
        "How often the creator posts per platform (last 90 days: posts, per week, typical gap) "
        "and whether pieces posted soon after another scored worse than the rest: for 'how "
        "often should I post', 'does posting every day hurt'."
    )
    args_model: type[BaseModel] = CadenceArgs

    def execute(self, args: CadenceArgs) -> ToolResult:
        """The rhythm table, the spacing table, then what the tests found."""
        from insights.cadence import cadence

        with self.ctx.read() as session:
            found = cadence(session, self.ctx.creator_id, self.ctx.now(), args.platform)
        if not found.platforms:
            return ToolResult(NO_POSTS, Reply((Paragraph(NO_POSTS),)))
        scope = f" on {platform_name(args.platform)}" if args.platform else ""
        lines = conclusions(found)
        blocks: list[Block] = [Headline(f"How often you post{scope}"), rhythm_table(found)]
        if any(p.groups for p in found.platforms):
            blocks.append(spacing_table(found.platforms))
        blocks += [Paragraph(line) for line in lines]
        summary = "; ".join(
            f"{platform_name(p.platform)}: {p.recent_posts} posts in the last "
            f"{found.days} days ({per_week(p)} a week), typical gap "
            f"{gap_text(p.typical_gap_days)}"
            for p in found.platforms
        )
        return ToolResult(f"{summary}. {' '.join(lines)}", Reply(tuple(blocks)))
