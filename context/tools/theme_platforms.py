"""One theme, overall and on each platform: "where should I post my vlogs?", "should I stop
making vlogs?".

Words the theme's stored pattern (whether it does better or worse than the creator's other
themes like for like, or that no pattern says so) and ``insights.theme_platforms``: its judged
pieces on each platform with their median score (like for like) and median views (raw reach),
the platforms where it did better or worse than on the others (tested), and why the two figures
can point different ways.
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
    from insights.view_models import Pattern

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


def overall_line(theme: str, pattern: Pattern | None) -> str:
    """The theme against the creator's other themes like for like, from its stored pattern."""
    if pattern is None:
        return (
            f"Overall, no pattern says your {theme} do better or worse than your other themes "
            "like for like."
        )
    if pattern.is_positive:
        return f"Overall, {theme} is one of your stronger themes. {pattern.description}"
    return f"Overall, {theme} does worse than your other themes. {pattern.description}"


def theme_pattern(patterns: list[Pattern], theme: str) -> Pattern | None:
    """The stored theme pattern about ``theme`` (views, like for like), if one was found."""
    for p in patterns:
        key, subject = p.pattern_key or "", p.supporting_data.get("subject")
        if key.startswith("theme:") and key.count(":") == 1 and subject == theme:
            return p
    return None


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
        "One theme overall and on each platform: whether it does better or worse than the "
        "creator's other themes (their stored pattern), its judged pieces on each platform with "
        "their median score (like for like) and median views, and the platforms where it did "
        "better or worse than on the others (tested, FDR controlled). For 'where should I post "
        "my vlogs', 'should I stop making vlogs', 'are my tutorials worth it'."
    )
    args_model: type[BaseModel] = ThemeArgs

    def execute(self, args: ThemeArgs) -> ToolResult:
        """The theme's platforms, what stood out, and the raw reach."""
        from insights.theme_platforms import theme_platforms
        from insights.views import creator_patterns

        with self.ctx.read() as session:
            found = theme_platforms(session, self.ctx.creator_id, self.ctx.now(), args.theme)
            pattern = theme_pattern(creator_patterns(session, self.ctx.creator_id), found.theme)
        self.ctx.mentions.patterns(pattern.pattern_key if pattern else None)
        title = f"Your {found.theme}: overall and by platform"
        if not found.judged:
            text = f"You have no judged {found.theme} pieces yet, so there is nothing to go on."
            return ToolResult(text, Reply((Headline(title), Paragraph(text))))
        overall = overall_line(found.theme, pattern)
        lead = f"Your {counted(found.judged, f'judged {found.theme} piece')}, by platform:"
        lines = [finding_line(found, p) for p in found.found] or [nothing_line(found)]
        lines += [reach_line(found) or "", CAVEAT]
        lines = [line for line in lines if line]
        blocks: list[Block] = [Headline(title), Paragraph(overall), Paragraph(lead)]
        blocks += [platform_table(found), *(Paragraph(line) for line in lines)]
        table = "; ".join(
            f"{platform_name(p.name)} {p.pieces} pieces, median score {score(p.median_score)}, "
            f"median views {views(found.median_views.get(p.name))}"
            for p in found.platforms
        )
        summary = f"{title}: {overall} {lead} {table}. {' '.join(lines)}"
        return ToolResult(summary, Reply(tuple(blocks)))
