"""Where one theme does best: "where should I post my vlogs?".

Words ``insights.theme_platforms``: the theme's judged pieces on each platform with their median
score (like for like) and median views (raw reach), the platforms where the theme did better or
worse than on the others (tested), and why the two figures can point different ways.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from context.formatting import counted, platform_name, score, views
from context.reply import Block, Headline, Paragraph, Reply, Table
from context.tools.base import BoundTool, ToolResult

if TYPE_CHECKING:
    from insights.group_claims import GroupScore
    from insights.theme_platforms import ThemePlatforms

TOO_FEW = "Too few of them on more than one platform to tell whether one suits them better yet."
CAVEAT = (
    "A score compares each piece with your usual on its own platform, so it says where the theme "
    "stands out; views say where it reached most, which favours the platform where all your "
    "pieces reach furthest."
)


class ThemeArgs(BaseModel):
    """Arguments of theme_platforms."""

    theme: str = Field(max_length=60, description="the theme asked about, as the creator says it")


def platform_table(found: ThemePlatforms) -> Table:
    """Each platform with judged pieces of the theme: pieces, median score, median views."""
    rows = tuple(
        (platform_name(p.name), str(p.pieces), score(p.median_score),
         views(found.median_views.get(p.name)))
        for p in found.platforms
    )  # fmt: skip
    return Table(("platform", "pieces", "median score", "median views"), rows)


def finding_line(found: ThemePlatforms, place: GroupScore) -> str:
    """One platform where the theme did better or worse than on the others, with its figures."""
    test = place.test
    assert test is not None  # only tested platforms are claimed
    how = "better" if place.better else "worse"
    return (
        f"On {platform_name(place.name)} your {found.theme} did {how} than on your other "
        f"platforms: a median score of {score(test.group_median)} against "
        f"{score(test.rest_median)} ({test.group_size} against {test.rest_size} pieces, "
        f"q = {place.q_value:.2f})."
    )


def nothing_line(found: ThemePlatforms) -> str:
    """Why no platform is named."""
    if not found.tested:
        return TOO_FEW
    return f"Your {found.theme} score about alike on every platform: none did clearly better."


def reach_line(found: ThemePlatforms) -> str | None:
    """The platform where the theme reached most, in raw views."""
    known = {name: v for name, v in found.median_views.items() if v is not None}
    if len(known) < 2:
        return None
    best = max(known, key=lambda name: known[name])
    return (
        f"In raw views {platform_name(best)} reached most: a median {views(known[best])} a piece."
    )


class ThemePlatformsTool(BoundTool[ThemeArgs]):
    """One theme on each platform, like for like and in raw views."""

    name = "theme_platforms"
    description = (
        "Where one theme does best: the creator's judged pieces of that theme on each platform "
        "with their median score (like for like) and median views, and the platforms where it "
        "did better or worse than on the others (tested, FDR controlled). For 'where should I "
        "post my vlogs', 'do my tutorials do better on YouTube or TikTok'."
    )
    args_model: type[BaseModel] = ThemeArgs

    def execute(self, args: ThemeArgs) -> ToolResult:
        """The theme's platforms, what stood out, and the raw reach."""
        from insights.theme_platforms import theme_platforms

        with self.ctx.read() as session:
            found = theme_platforms(session, self.ctx.creator_id, self.ctx.now(), args.theme)
        title = f"Where your {found.theme} do best"
        if not found.judged:
            text = f"You have no judged {found.theme} pieces yet, so there is nothing to go on."
            return ToolResult(text, Reply((Headline(title), Paragraph(text))))
        lead = f"Your {counted(found.judged, f'judged {found.theme} piece')}, by platform:"
        lines = [finding_line(found, p) for p in found.found] or [nothing_line(found)]
        lines += [reach_line(found) or "", CAVEAT]
        lines = [line for line in lines if line]
        blocks: list[Block] = [Headline(title), Paragraph(lead), platform_table(found)]
        blocks += [Paragraph(line) for line in lines]
        table = "; ".join(
            f"{platform_name(p.name)} {p.pieces} pieces, median score {score(p.median_score)}, "
            f"median views {views(found.median_views.get(p.name))}"
            for p in found.platforms
        )
        return ToolResult(f"{title}: {lead} {table}. {' '.join(lines)}", Reply(tuple(blocks)))
