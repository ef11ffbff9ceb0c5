"""Tools over the dashboard: performance for a period and platform, and content lists."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from context import actions
from context.chart_data import top_bottom_chart
from context.formatting import counted, percent, period_name, platform_name, views
from context.growth_section import growth_blocks, growth_facts
from context.reply import Block, BulletList, Headline, Paragraph, Reply
from context.tools.base import BoundTool, ToolResult
from context.tools.render import dashboard_buttons, details_buttons, piece_ref
from insights.availability import gap_notes
from insights.dashboard import build_dashboard
from insights.growth import GrowthSummary, cached_growth_summary
from insights.view_models import Dashboard, PieceSummary, Summary

Period = Literal["7d", "30d", "90d", "all"]
PlatformName = Literal["youtube", "instagram", "tiktok"]
View = Literal["summary", "top", "attention"]
SUMMARY_PIECES = 3
SUMMARY_PATTERNS = 3
NO_CONTENT = (
    "You have no content yet. Type /demo to try the product with simulated content, "
    "or send me an analytics export to import."
)


class PerformanceArgs(BaseModel):
    """Arguments of query_performance."""

    period: Period | None = Field(default=None, description="7d, 30d, 90d or all (default 30d)")
    platform: PlatformName | None = Field(default=None, description="limit to one platform")
    view: View = Field(default="summary", description="summary, top (best) or attention (worst)")


def summary_sentence(summary: Summary) -> str:
    """'24 pieces: 5 overperforming, … 8.1M views, average engagement 5.0% (trend up).'"""
    counts = (
        f"{counted(summary.total_content, 'piece')}: "
        f"{summary.overperforming_count} overperforming, "
        f"{summary.normal_count} normal, {summary.underperforming_count} underperforming"
    )
    if summary.provisional_count:
        counts += f", {summary.provisional_count} too recent to judge"
    return (
        f"{counts}. {views(summary.total_views)} views in total, average engagement "
        f"{percent(summary.avg_engagement_rate)} (trend {summary.engagement_trend})."
    )


def piece_facts(pieces: list[PieceSummary]) -> str:
    """Pieces as one line each, for the model."""
    return "; ".join(f"#{p.number} {p.title!r} ({piece_ref(p).detail})" for p in pieces)


class QueryPerformance(BoundTool[PerformanceArgs]):
    """The dashboard for a period and platform: summary, top performers or needs attention."""

    name = "query_performance"
    description = (
        "How the creator's content performs over a period (7d, 30d, 90d, all) and optionally one "
        "platform: summary counts, views, engagement, top performers, pieces needing attention "
        "and the patterns behind them. view=top lists the best pieces, view=attention the worst."
    )
    args_model: type[BaseModel] = PerformanceArgs

    def execute(self, args: PerformanceArgs) -> ToolResult:
        """Build the dashboard and answer with the requested view."""
        period = args.period or self.ctx.state.period
        dashboard = self._dashboard(period, args.platform)
        note = None
        if args.period is None and dashboard.summary.total_content == 0 and period != "all":
            dashboard = self._dashboard("all", args.platform)
            note = f"Nothing was published in {period_name(period)}; showing all time."
        self.ctx.state.period, self.ctx.state.platform = dashboard.period, dashboard.platform
        if dashboard.summary.total_content == 0:
            return empty_result(dashboard, args.view)
        return self._answer(dashboard, args.view, note)

    def _dashboard(self, period: str, platform: str | None) -> Dashboard:
        with self.ctx.read() as session:
            return build_dashboard(
                session, self.ctx.creator_id, period=period, platform=platform, now=self.ctx.now()
            )

    def _answer(self, dashboard: Dashboard, view: str, note: str | None) -> ToolResult:
        growth = None
        if view == "summary":
            shown = (
                dashboard.top_performers[:SUMMARY_PIECES]
                + dashboard.needs_attention[:SUMMARY_PIECES]
            )
            growth = self._growth(dashboard)
            blocks = summary_blocks(dashboard) + (growth_blocks(growth) if growth else [])
        else:
            shown = dashboard.top_performers if view == "top" else dashboard.needs_attention
            blocks = ranked_blocks(dashboard, view, shown)
        if note:
            blocks.insert(1, Paragraph(note))
        self.ctx.state.remember_list([p.number for p in shown])
        self.ctx.mentions.pieces(*(p.number for p in shown))
        self.ctx.mentions.patterns(*(i.pattern_key for i in dashboard.insights[:SUMMARY_PATTERNS]))
        buttons = dashboard_buttons(view, dashboard.period, dashboard.platform)
        if view != "summary":
            origin = actions.tab(view, dashboard.period, dashboard.platform)
            buttons += details_buttons(shown, origin)  # "Back" from a piece returns to this tab
        reply = Reply(tuple(blocks), tuple(buttons), chart=top_bottom_chart(dashboard))
        facts = performance_summary(dashboard)
        if view == "summary" and growth is not None:
            facts += "\n" + growth_facts(growth)
        return ToolResult(facts, reply)

    def _growth(self, dashboard: Dashboard) -> GrowthSummary | None:
        """The week-over-week section (all platforms: history is not split by platform)."""
        if dashboard.platform is not None:
            return None
        with self.ctx.read() as session:
            return cached_growth_summary(session, self.ctx.creator_id, now=self.ctx.now())


def empty_result(dashboard: Dashboard, view: str) -> ToolResult:
    """No content at all, or none in the chosen period and platform (filters stay pressable)."""
    if dashboard.period == "all" and dashboard.platform is None:
        return ToolResult(NO_CONTENT, Reply(blocks=(Paragraph(NO_CONTENT),)))
    text = f"Nothing was published in {scope_title(dashboard)}."
    buttons = dashboard_buttons(view, dashboard.period, dashboard.platform)
    return ToolResult(text, Reply((Paragraph(text),), tuple(buttons)))


def scope_title(dashboard: Dashboard) -> str:
    """'the last 30 days · TikTok'."""
    return f"{period_name(dashboard.period)} · {platform_name(dashboard.platform)}"


def summary_blocks(dashboard: Dashboard) -> list[Block]:
    """The overview: counts, top and bottom pieces, and the strongest patterns."""
    blocks: list[Block] = [
        Headline(f"What's working — {scope_title(dashboard)}"),
        Paragraph(summary_sentence(dashboard.summary)),
    ]
    if dashboard.top_performers:
        blocks.append(Headline("Top performers"))
        blocks += [piece_ref(p) for p in dashboard.top_performers[:SUMMARY_PIECES]]
    if dashboard.needs_attention:
        blocks.append(Headline("Needs attention"))
        blocks += [piece_ref(p) for p in dashboard.needs_attention[:SUMMARY_PIECES]]
    patterns = [i for i in dashboard.insights if i.insight_type == "pattern"][:SUMMARY_PATTERNS]
    if patterns:
        blocks.append(Headline("What the data says"))
        blocks.append(BulletList(tuple(f"{p.title}: {p.description}" for p in patterns)))
    notes = gap_notes(dashboard.insights, dashboard.platform)  # what these scores could not use
    if notes:
        blocks.append(Paragraph(" ".join(notes)))
    return blocks


def ranked_blocks(dashboard: Dashboard, view: str, shown: list[PieceSummary]) -> list[Block]:
    """Top performers or needs attention, each piece with its factors."""
    name = "Top performers" if view == "top" else "Needs attention"
    blocks: list[Block] = [Headline(f"{name} — {scope_title(dashboard)}")]
    if not shown:
        verdict = "overperforming" if view == "top" else "underperforming"
        blocks.append(Paragraph(f"No piece in this period is {verdict}."))
    for piece in shown:
        blocks.append(piece_ref(piece))
        if piece.insights:
            blocks.append(BulletList(tuple(i.title for i in piece.insights[:3])))
    return blocks


def performance_summary(dashboard: Dashboard) -> str:
    """The dashboard as compact facts for the model."""
    lines = [
        f"Scope: {scope_title(dashboard)} (timezone {dashboard.timezone}).",
        summary_sentence(dashboard.summary),
        f"Top performers: {piece_facts(dashboard.top_performers) or 'none'}.",
        f"Needs attention: {piece_facts(dashboard.needs_attention) or 'none'}.",
    ]
    lines += [f"Pattern: {i.title} — {i.description}" for i in dashboard.insights]
    return "\n".join(lines)
