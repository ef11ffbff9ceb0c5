"""What titles do well: "do longer titles do better?", "do numbers in titles help?".

Each title feature with its judged pieces on both sides and their median scores, then the features
that made a difference beyond chance (``insights.title_features``), or that none did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from context.formatting import platform_name, score
from context.reply import Block, Headline, Paragraph, Reply, Table
from context.tools.base import BoundTool, ToolResult
from context.tools.performance import PlatformName

if TYPE_CHECKING:  # the module reads the database only when titles are asked about
    from insights.title_features import TitleFeature, TitleFeatures

NOTHING_STANDS_OUT = (
    "No title feature stands out: with and without each one, your pieces scored alike once "
    "chance is allowed for."
)
TOO_FEW = "You have too few judged pieces to compare titles yet."
CAVEAT = "This compares your own pieces; it does not prove the title made the difference."


class TitleArgs(BaseModel):
    """Arguments of title_features."""

    platform: PlatformName | None = Field(default=None, description="only this platform")


def feature_table(found: TitleFeatures) -> Table:
    """One row per feature: pieces with and without it, and their median scores."""
    rows = tuple(
        (
            f.name,
            str(f.with_it),
            score(f.median_with),
            str(f.without),
            score(f.median_without),
        )
        for f in found.features
        if f.with_it
    )
    return Table(("title has", "pieces", "median score", "others", "their median"), rows)


def finding_line(feature: TitleFeature) -> str:
    """One feature that made a difference, with its figures."""
    test = feature.test
    assert test is not None and feature.q_value is not None  # a claimed feature was tested
    verdict = "better" if test.direction > 0 else "worse"
    return (
        f"Titles with {feature.name} did {verdict}: a median score of {score(test.group_median)} "
        f"against {score(test.rest_median)} for the others ({test.group_size} against "
        f"{test.rest_size} pieces, q = {feature.q_value:.2f})."
    )


class CompareTitles(BoundTool[TitleArgs]):
    """Which title features went with better or worse scores."""

    name = "title_features"
    description = (
        "Compare the creator's titles: pieces whose titles have a number, a question, two parts, "
        "an emoji, a hashtag, 'I'/'my', or are long or short, against the others, by score; "
        "names the features that made a difference beyond chance."
    )
    args_model: type[BaseModel] = TitleArgs

    def execute(self, args: TitleArgs) -> ToolResult:
        """The feature table, then what made a difference."""
        from insights.title_features import title_features

        with self.ctx.read() as session:
            found = title_features(session, self.ctx.creator_id, self.ctx.now(), args.platform)
        if not any(f.test for f in found.features):
            return ToolResult(TOO_FEW, Reply((Paragraph(TOO_FEW),)))
        lines = [finding_line(f) for f in found.found] or [NOTHING_STANDS_OUT]
        unused = [f.name for f in found.features if not f.with_it]
        if unused:
            them = "it" if len(unused) == 1 else "they"
            lines.append(
                f"None of your titles has {' or '.join(unused)}, so {them} cannot be compared."
            )
        scope = f" on {platform_name(args.platform)}" if args.platform else ""
        blocks: list[Block] = [Headline(f"Your titles{scope}"), feature_table(found)]
        blocks += [Paragraph(line) for line in (*lines, CAVEAT)]
        summary = f"{found.judged} judged pieces compared by title. {' '.join(lines)} {CAVEAT}"
        return ToolResult(summary, Reply(tuple(blocks)))
