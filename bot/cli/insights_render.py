"""Rich rendering of the insights views for people (times already in the creator's timezone)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from rich.table import Table

from bot.cli.common import console
from bot.cli.safe_text import shown
from insights.view_models import (
    ContentDetail,
    ContentPage,
    Dashboard,
    Insight,
    PerformanceBlock,
    PieceSummary,
    ThemeStat,
)
from insights.views import PostingWindows

TREND = {"up": "↑ up", "down": "↓ down", "flat": "→ flat"}
VERDICT_STYLE = {
    "overperforming": "green",
    "underperforming": "red",
    "normal": "white",
    "too recent to judge": "yellow",
}
PERIOD_NAMES = {
    "7d": "last 7 days",
    "30d": "last 30 days",
    "90d": "last 90 days",
    "all": "all time",
}


def nothing_to_score(handle: str) -> str:
    """The friendly message for a creator without content."""
    return (
        f"Nothing to score yet for [bold]{handle}[/bold]. Try it with demo content "
        "(`whatsworking demo enable`) or bring your own (`whatsworking import FILE`)."
    )


def _when(moment: datetime) -> str:
    return moment.strftime("%a %d %b %Y %H:%M")


def _day(moment: datetime) -> str:
    return moment.strftime("%a %d %b %Y")


def _pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f} %"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _verdict(performance: PerformanceBlock) -> str:
    verdict = performance.verdict
    return f"[{VERDICT_STYLE.get(verdict, 'white')}]{verdict}[/]"


def _score(performance: PerformanceBlock) -> str:
    if performance.performance_score is None:
        return "–"
    return f"{performance.performance_score:.0f} (p{performance.percentile_rank or 0:.0f})"


def _pieces_table(title: str, items: list[PieceSummary], *, with_insight: bool) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("#", "published", "platform", "title", "views", "engagement", "score"):
        table.add_column(column, justify="right" if column in ("#", "views", "score") else "left")
    table.add_column("verdict" if not with_insight else "why")
    for item in items:
        perf = item.performance
        last = _verdict(perf)
        if with_insight and item.insights:
            last = item.insights[0].description
        table.add_row(
            str(item.number),
            _when(item.published_at) if item.publish_time_known else _day(item.published_at),
            item.platform,
            shown(item.title),
            _num(perf.views),
            _pct(perf.engagement_rate),
            _score(perf),
            shown(last),
        )
    return table


def print_dashboard(board: Dashboard) -> None:
    """The dashboard as tables."""
    s = board.summary
    where = board.platform or "all platforms"
    console.print(
        f"[bold]Dashboard[/bold] — {PERIOD_NAMES[board.period]}, {where} "
        f"(times in {board.timezone})"
    )
    summary = Table(show_header=False)
    summary.add_row("pieces", str(s.total_content))
    summary.add_row(
        "over / normal / under",
        f"{s.overperforming_count} / {s.normal_count} / {s.underperforming_count}",
    )
    summary.add_row("too recent to judge", str(s.provisional_count))
    summary.add_row("average engagement", _pct(s.avg_engagement_rate))
    summary.add_row("engagement trend", TREND[s.engagement_trend])
    summary.add_row("total views / reach", f"{_num(s.total_views)} / {_num(s.total_reach)}")
    console.print(summary)
    if board.top_performers:
        console.print(_pieces_table("Top performers", board.top_performers, with_insight=True))
    if board.needs_attention:
        console.print(_pieces_table("Needs attention", board.needs_attention, with_insight=True))
    if board.themes:
        print_themes(board.themes)
    _print_platforms(board)
    _print_insight_list("What is working", board.insights)


def _print_platforms(board: Dashboard) -> None:
    if not board.platform_comparison:
        return
    table = Table(title="Platforms", title_justify="left")
    for column in ("platform", "pieces", "avg views", "engagement", "retention", "avg score"):
        table.add_column(column)
    for p in board.platform_comparison:
        retention = None if p.avg_retention_rate is None else 100 * p.avg_retention_rate
        table.add_row(
            p.platform,
            str(p.content_count),
            _num(p.avg_views),
            _pct(p.avg_engagement_rate),
            _pct(retention, 0),
            _num(p.avg_performance_score),
        )
    console.print(table)


def print_themes(themes: list[ThemeStat]) -> None:
    """The themes table."""
    table = Table(title="Themes", title_justify="left")
    for column in ("theme", "pieces", "total views", "avg engagement", "avg score"):
        table.add_column(column)
    for t in themes:
        table.add_row(
            shown(t.theme),
            str(t.content_count),
            _num(t.total_views),
            _pct(t.avg_engagement_rate),
            f"{t.avg_performance_score:.0f}",
        )
    console.print(table)


def _print_insight_list(title: str, items: list[Insight]) -> None:
    if not items:
        return
    console.print(f"[bold]{title}[/bold]")
    for item in items:
        mark = "[green]+[/]" if item.is_positive else "[red]−[/]"
        console.print(f" {mark} [bold]{shown(item.title)}[/bold] ({item.impact_level} impact)")
        console.print(f"   {shown(item.description)}")


def jsonable_page(page: ContentPage) -> dict[str, Any]:
    """The page with its page count, ready for JSON."""
    return {**asdict(page), "pages": page.pages}


def print_content_page(page: ContentPage) -> None:
    """One page of pieces."""
    console.print(_pieces_table("Your content", page.items, with_insight=False))
    console.print(f"page {page.page} of {page.pages} ({page.total} pieces)")


def print_detail(d: ContentDetail) -> None:
    """One piece in full."""
    when = _when(d.published_at) if d.publish_time_known else d.published_at.strftime("%a %d %b %Y")
    console.print(f"[bold]#{d.number} {shown(d.title)}[/bold]")
    console.print(
        f"{d.platform} · {d.content_type} ({d.format_class}) · {shown(d.theme) or 'no theme'}"
    )
    console.print(f"published {when}" + ("" if d.publish_time_known else " (time of day unknown)"))
    perf = d.performance
    console.print(f"score {_score(perf)} — {_verdict(perf)}")
    metrics = Table(show_header=False)
    for name, value in asdict(d.metrics).items():
        if value is not None:
            metrics.add_row(name.replace("_", " "), _metric(name, value))
        elif name in ALWAYS_SHOWN:  # unknown is not 0: the platform did not report it
            metrics.add_row(name, "—")
    console.print(metrics)
    c = d.comparison
    if c is not None:
        basis = "first 24 h" if c.basis == "24h" else "lifetime"
        ratios = [f"views {c.view_ratio:.1f}×"]
        ratios += [f"engagement {c.engagement_ratio:.1f}×"] if c.engagement_ratio else []
        ratios += [f"retention {c.retention_ratio:.1f}×"] if c.retention_ratio else []
        console.print(
            f"Against your typical {c.group} piece ({c.group_size} pieces, {basis}; median "
            f"{c.median_views:,.0f} views): " + ", ".join(ratios)
        )
    _print_insight_list("Why it worked", d.success_factors)
    _print_insight_list("Areas for improvement", d.failure_factors)


# The counts every platform might report: shown as "—" when this one did not.
ALWAYS_SHOWN = ("views", "likes", "comments", "shares", "saves")


def _metric(name: str, value: float) -> str:
    if name == "engagement_rate":
        return _pct(value, 2)
    if name == "retention_rate":
        return _pct(100 * value, 0)
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


def print_insights(windows: PostingWindows, patterns: list[Insight], advice: list[Insight]) -> None:
    """Posting windows, patterns and recommendations."""
    console.print(f"[bold]Posting windows[/bold] (times in {windows.timezone})")
    for label, found in (("best", windows.best), ("worst", windows.worst)):
        text = found.description if found else "no window stands out in your data yet"
        console.print(f" {label}: {text}")
    others = [p for p in patterns if p not in (windows.best, windows.worst)]
    if not patterns:
        console.print("No pattern stands out in your content yet (every finding is tested).")
    _print_insight_list("Patterns", others)
    _print_insight_list("What to do next", advice)
