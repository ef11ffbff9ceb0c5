"""Tools that break the catalogue down: content lists, themes, platforms and posting times."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from context.chart_data import heatmap_chart, platform_chart, theme_chart
from context.formatting import fraction, percent, period_name, platform_name, score, views
from context.reply import Block, Headline, Paragraph, Reply, Table
from context.tools.base import BoundTool, NoArgs, ToolResult
from context.tools.performance import Period, PlatformName, piece_facts
from context.tools.posting_now import Moment, moment_line
from context.tools.render import dashboard_buttons, details_buttons, piece_ref
from insights.dashboard import platform_comparison
from insights.themes import list_themes
from insights.view_models import Pattern, PlatformStat, ThemeStat

if TYPE_CHECKING:
    from insights.platform_timing import PlatformTiming

Category = Literal["overperforming", "normal", "underperforming"]
Sort = Literal["score", "lowest", "views", "published"]
SORT_NAMES = {
    "score": "best score first",
    "lowest": "lowest score first",
    "views": "most views first",
    "published": "newest first",
}


class ListArgs(BaseModel):
    """Arguments of list_content."""

    platform: PlatformName | None = Field(default=None, description="only this platform")
    theme: str | None = Field(default=None, max_length=100, description="only this theme")
    category: Category | None = Field(default=None, description="only this performance category")
    sort: Sort = Field(
        default="score", description="score (best first), lowest, views or published (newest)"
    )
    limit: int = Field(default=10, ge=1, le=20, description="how many pieces to show")


class ListContent(BoundTool[ListArgs]):
    """A filtered, sorted list of the creator's pieces."""

    name = "list_content"
    description = (
        "List the creator's pieces, filtered by platform, theme or performance category and "
        "sorted by score, views or publish date. The list is remembered, so 'the 2nd one' works."
    )
    args_model: type[BaseModel] = ListArgs

    def execute(self, args: ListArgs) -> ToolResult:
        """Fetch one page and show it as content references."""
        from insights.content import list_content  # imports scipy; only when a list is asked for
        from insights.themes import named_theme

        with self.ctx.read() as session:
            theme = named_theme(session, self.ctx.creator_id, args.theme) if args.theme else None
            page = list_content(
                session,
                self.ctx.creator_id,
                platform=args.platform,
                theme=theme,
                category=args.category,
                sort=args.sort,
                page_size=args.limit,
            )
        numbers = [p.number for p in page.items]
        self.ctx.state.remember_list(numbers)
        self.ctx.mentions.pieces(*numbers)
        scope = ", ".join(
            x
            for x in (
                args.category,
                theme,
                platform_name(args.platform) if args.platform else None,
            )
            if x
        )
        title = f"Your pieces{f' ({scope})' if scope else ''} — {SORT_NAMES[args.sort]}"
        blocks: list[Block] = [
            Headline(title),
            Paragraph(f"Showing {len(page.items)} of {page.total}."),
        ]
        blocks += [piece_ref(p) for p in page.items]
        summary = f"{title}: {page.total} pieces match. {piece_facts(page.items) or 'None.'}"
        return ToolResult(summary, Reply(tuple(blocks), tuple(details_buttons(page.items))))


def theme_table(themes: list[ThemeStat]) -> Table:
    """Themes with their counts, scores, engagement and views."""
    rows = tuple(
        (
            t.theme,
            str(t.content_count),
            score(t.avg_performance_score),
            percent(t.avg_engagement_rate),
            views(t.total_views),
        )
        for t in themes
    )
    return Table(("theme", "pieces", "avg score", "engagement", "views"), rows)


class Themes(BoundTool[NoArgs]):
    """How each of the creator's themes performs."""

    name = "themes"
    description = (
        "How each of the creator's content themes performs (average score, engagement, views)."
    )

    def execute(self, args: NoArgs) -> ToolResult:
        """List the themes, best average score first, with a bar chart."""
        with self.ctx.read() as session:
            themes = list_themes(session, self.ctx.creator_id)
        state = self.ctx.state
        buttons = tuple(dashboard_buttons("themes", state.period, state.platform))
        if not themes:
            text = "None of your pieces has a theme yet."
            return ToolResult(text, Reply((Paragraph(text),), buttons))
        best, worst = themes[0], themes[-1]
        lead = (
            f"{best.theme} leads with an average score of {score(best.avg_performance_score)} "
            f"over {best.content_count} pieces"
        )
        if len(themes) > 1:
            trails = score(worst.avg_performance_score)
            lead += f"; {worst.theme} trails at {trails} ({worst.content_count} pieces)"
        blocks = (Headline("Themes by average score"), Paragraph(lead + "."), theme_table(themes))
        summary = (
            lead
            + ". "
            + "; ".join(
                f"{t.theme}: {t.content_count} pieces, avg score {score(t.avg_performance_score)}, "
                f"engagement {percent(t.avg_engagement_rate)}, {views(t.total_views)} views"
                for t in themes
            )
        )
        return ToolResult(summary, Reply(blocks, buttons, theme_chart(themes)))


class PlatformArgs(BaseModel):
    """Arguments of platforms."""

    period: Period | None = Field(default=None, description="7d, 30d, 90d or all (default 30d)")


def platform_table(stats: list[PlatformStat]) -> Table:
    """Platforms side by side."""
    rows = tuple(
        (
            platform_name(s.platform), str(s.content_count), views(s.avg_views),
            percent(s.avg_engagement_rate), fraction(s.avg_retention_rate),
            score(s.avg_performance_score), f"{s.overperforming_count}/{s.underperforming_count}",
        )
        for s in stats
    )  # fmt: skip
    columns = (
        "platform",
        "pieces",
        "avg views",
        "engagement",
        "retention",
        "avg score",
        "over/under",
    )
    return Table(columns, rows)


def best_platform(stats: list[PlatformStat]) -> PlatformStat | None:
    """The platform with the highest average score."""
    scored = [s for s in stats if s.avg_performance_score is not None]
    return max(scored, key=lambda s: s.avg_performance_score or 0.0) if scored else None


class Platforms(BoundTool[PlatformArgs]):
    """The creator's platforms compared over a period."""

    name = "platforms"
    description = "Compare the creator's platforms (YouTube, Instagram, TikTok) over a period."
    args_model: type[BaseModel] = PlatformArgs

    def execute(self, args: PlatformArgs) -> ToolResult:
        """Per-platform figures, a table and a chart."""
        period = args.period or self.ctx.state.period
        with self.ctx.read() as session:
            stats = platform_comparison(
                session, self.ctx.creator_id, period=period, now=self.ctx.now()
            )
        self.ctx.state.period = period
        buttons = tuple(dashboard_buttons("platforms", period, self.ctx.state.platform))
        if not stats:
            text = f"Nothing was published in {period_name(period)}."
            return ToolResult(text, Reply((Paragraph(text),), buttons))
        best = best_platform(stats)
        lead = f"Platforms over {period_name(period)}"
        if best is not None:
            average = score(best.avg_performance_score)
            lead += f": {platform_name(best.platform)} scores best (average {average})"
        blocks = (Headline("Platforms side by side"), Paragraph(lead + "."), platform_table(stats))
        summary = (
            lead
            + ". "
            + "; ".join(
                f"{platform_name(s.platform)}: {s.content_count} pieces, "
                f"avg views {views(s.avg_views)}, engagement {percent(s.avg_engagement_rate)}, "
                f"retention {fraction(s.avg_retention_rate)}, "
                f"avg score {score(s.avg_performance_score)}"
                for s in stats
            )
        )
        return ToolResult(summary, Reply(blocks, buttons, platform_chart(stats)))


class TimingArgs(BaseModel):
    """Arguments of best_posting_times."""

    platform: PlatformName | None = Field(
        default=None, description="also that platform's best day and hour band"
    )
    moment: Moment | None = Field(
        default=None,
        description="whether now, today or tomorrow falls in the best window (for 'is now a good "
        "time to post', 'when should I post tomorrow')",
    )


class BestPostingTimes(BoundTool[TimingArgs]):
    """The best and worst posting windows found in the creator's data."""

    name = "best_posting_times"
    description = (
        "When the creator's posts do best and worst (in their own timezone), with a heatmap; "
        "with a platform, also that platform's best weekday and hour band."
    )
    args_model: type[BaseModel] = TimingArgs

    def execute(self, args: TimingArgs) -> ToolResult:
        """The windows the insights engine found, and the raw heatmap."""
        from insights.views import posting_windows

        with self.ctx.read() as session:
            windows = posting_windows(session, self.ctx.creator_id)
            chart = heatmap_chart(session, self.ctx.creator_id)
        lines = [_window_line("Best", windows.best), _window_line("Worst", windows.worst)]
        found = [line for line in lines if line]
        self.ctx.mentions.patterns(*(w.pattern_key for w in (windows.best, windows.worst) if w))
        if not found:
            found = [
                "No posting window stands out in your data yet; the heatmap shows the raw medians."
            ]
        if args.platform:
            found.insert(0, self._platform_line(args.platform))
        if args.moment and (windows.best or windows.worst):
            found.insert(0, moment_line(windows, self.ctx.now(), args.moment))
        blocks: list[Block] = [Headline(f"When to post (times in {windows.timezone})")]
        blocks += [Paragraph(x) for x in found]
        return ToolResult(" ".join(found), Reply(tuple(blocks), chart=chart))

    def _platform_line(self, platform: str) -> str:
        from insights.platform_timing import platform_timing

        with self.ctx.read() as session:
            found = platform_timing(session, self.ctx.creator_id, platform)
        sentence = timing_sentence(found)
        if sentence is None:
            return (
                f"On {platform_name(platform)} you have too few scored pieces ({found.pieces}) to "
                "name a best day; the windows below come from all your platforms."
            )
        return f"{sentence} All platforms together:"


def timing_sentence(found: PlatformTiming) -> str | None:
    """'On TikTok: Thursday has your best median score (66, 8 pieces), and the afternoon …';
    None when the platform has too few scored pieces to name a best day."""
    if found.best_day is None or found.best_band is None:
        return None
    day, band, name = found.best_day, found.best_band, platform_name(found.platform)
    return (
        f"On {name}: {day.name} has your best median score ({score(day.median_score)}, "
        f"{day.pieces} pieces), and the {band.name} ({score(band.median_score)}, "
        f"{band.pieces} pieces), out of {found.pieces} scored {name} pieces."
    )


def _window_line(label: str, window: Pattern | None) -> str | None:
    if window is None:
        return None
    return f"{label}: {window.title} — {window.description}"
