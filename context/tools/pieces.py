"""Tools about single pieces: explain one (why it worked, what held it back) or compare two."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from context.formatting import (
    fraction,
    percent,
    platform_name,
    published,
    ratio,
    score,
    views,
)
from context.growth_view import growth_of
from context.reply import Block, BulletList, Headline, Paragraph, Reply, Table
from context.tools.base import BoundTool, ToolResult
from context.tools.refs import resolve_piece, stated_number
from context.tools.render import piece_buttons
from insights.view_models import ContentDetail
from storage.errors import NotFound

REF_HELP = (
    "the piece: its number ('12' or '#12'), its position in the last list ('the 2nd one'), "
    "a superlative ('my best TikTok', 'my latest video', 'most commented reel') or part of "
    "its title"
)


class ExplainArgs(BaseModel):
    """Arguments of explain_piece."""

    ref: str = Field(default="this", max_length=200, description=REF_HELP)
    aspect: Literal["all", "why", "improve"] = Field(
        default="all", description="why = what made it work, improve = what held it back"
    )


def figures_line(detail: ContentDetail) -> str:
    """'Score 93 (overperforming, percentile 99). 2.4M views, 6.9% engagement, 70% retention.'"""
    perf = detail.performance
    if perf.is_provisional:
        head = "Too recent to judge yet (compared on its first 24 hours)."
    else:
        head = (
            f"Score {score(perf.performance_score)} ({perf.verdict}, "
            f"percentile {score(perf.percentile_rank)})."
        )
    rest = f" {views(perf.views)} views, {percent(perf.engagement_rate)} engagement"
    if perf.retention_rate is not None:
        rest += f", {fraction(perf.retention_rate)} retention"
    return head + rest + "."


YOUNG_VIEWS = "its views are compared once it is judged (theirs had weeks to grow)"


def comparison_line(detail: ContentDetail) -> str | None:
    """How the piece compares with the creator's typical piece of its group. A piece too recent
    to judge has had hours to gather views that its group had weeks for: its rates compare, its
    views do not."""
    comp = detail.comparison
    if comp is None:
        return None
    young = detail.performance.is_provisional
    parts = [] if young else [f"{ratio(comp.view_ratio)} the views"]
    if comp.engagement_ratio is not None:
        parts.append(f"{ratio(comp.engagement_ratio)} the engagement")
    if comp.retention_ratio is not None:
        parts.append(f"{ratio(comp.retention_ratio)} the retention")
    said = "; ".join(filter(None, (", ".join(parts), YOUNG_VIEWS if young else "")))
    return (
        f"Against your typical {comp.group} piece ({comp.group_size} pieces, median "
        f"{views(comp.median_views)} views): {said}."
    )


def detail_blocks(detail: ContentDetail, aspect: str) -> list[Block]:
    """The piece's headline, figures, comparison and factors."""
    where = f"{platform_name(detail.platform)} {detail.content_type}"
    when = published(detail.published_at, detail.publish_time_known)
    theme = f" · theme {detail.theme}" if detail.theme else ""
    blocks: list[Block] = [
        Headline(f"#{detail.number} {detail.title}"),
        Paragraph(f"{where} · published {when}{theme}"),
        Paragraph(figures_line(detail)),
    ]
    compared = comparison_line(detail)
    if compared:
        blocks.append(Paragraph(compared))
    if aspect != "improve":
        blocks += _factors(_success_title(detail), [f.description for f in detail.success_factors])
    if aspect != "why":
        blocks += _factors("Areas for improvement", [f.description for f in detail.failure_factors])
    if not detail.success_factors and not detail.failure_factors:
        blocks.append(Paragraph("No pattern in your data explains this piece yet."))
    return blocks


def _success_title(detail: ContentDetail) -> str:
    """ "Why it worked" only of a piece that did: a typical, weak or too recent one has things in
    its favour, not a success to explain."""
    perf = detail.performance
    hit = perf.performance_category == "overperforming" and not perf.is_provisional
    return "Why it worked" if hit else "What went right"


def _factors(title: str, lines: list[str]) -> list[Block]:
    return [Headline(title), BulletList(tuple(lines))] if lines else []


class ExplainPiece(BoundTool[ExplainArgs]):
    """Everything about one piece, with why it worked and what held it back."""

    name = "explain_piece"
    description = (
        "Explain one of the creator's pieces: its score, figures, how it compares with their "
        "typical piece, why it worked (success factors) and what held it back (failure factors)."
    )
    args_model: type[BaseModel] = ExplainArgs

    def execute(self, args: ExplainArgs) -> ToolResult:
        """Resolve the piece and describe it."""
        with self.ctx.read() as session:
            detail, why = self._detail(session, args.ref)
            growth = growth_of(session, self.ctx.creator_id, detail.number, self.ctx.now())
        self.ctx.state.focus = detail.number
        self.ctx.mentions.pieces(detail.number)
        factors = detail.success_factors + detail.failure_factors
        self.ctx.mentions.patterns(*(f.pattern_key for f in factors))
        blocks = detail_blocks(detail, args.aspect)
        if why:
            blocks.insert(
                0, Paragraph(f"{why[0].upper()}{why[1:]}: #{detail.number} {detail.title}.")
            )
        if growth is not None and growth.line:
            blocks.insert(1, Paragraph(growth.line))
        can_repeat, can_diagnose = plan_modes(detail)
        buttons = piece_buttons(
            detail.number,
            detail.performance.performance_category,
            can_repeat=can_repeat,
            can_diagnose=can_diagnose,
        )
        summary = "\n".join(_text(b) for b in blocks)
        chart = growth.chart if growth is not None else None
        return ToolResult(summary, Reply(tuple(blocks), tuple(buttons), chart=chart))

    def _detail(self, session: Session, ref: str | int | None) -> tuple[ContentDetail, str | None]:
        """A stated number goes straight to the (cached) detail; other references resolve first."""
        from insights.content import content_detail  # imports scipy; only when needed

        creator, now = self.ctx.creator_id, self.ctx.now()
        number = stated_number(self.ctx.state, ref)
        if number is not None:
            try:
                return content_detail(session, creator, number, now=now), None
            except NotFound:
                pass  # resolve_piece below says so in the agent's words
        hit = resolve_piece(session, creator, self.ctx.state, ref, now=now)
        return content_detail(session, creator, hit.number, now=now), hit.why


def _text(block: Block) -> str:
    if isinstance(block, BulletList):
        return "\n".join(f"- {item}" for item in block.items)
    return getattr(block, "text", "")


class CompareArgs(BaseModel):
    """Arguments of compare_pieces."""

    first: str = Field(max_length=200, description=REF_HELP)
    second: str = Field(max_length=200, description=REF_HELP)


def compare_table(a: ContentDetail, b: ContentDetail) -> Table:
    """Two pieces' figures side by side."""
    pa, pb = a.performance, b.performance
    rows = (
        ("platform", platform_name(a.platform), platform_name(b.platform)),
        ("score", score(pa.performance_score), score(pb.performance_score)),
        ("verdict", pa.verdict, pb.verdict),
        ("views", views(pa.views), views(pb.views)),
        ("engagement", percent(pa.engagement_rate), percent(pb.engagement_rate)),
        ("retention", fraction(pa.retention_rate), fraction(pb.retention_rate)),
        (
            "vs typical views",
            *(ratio(d.comparison.view_ratio if d.comparison else None) for d in (a, b)),
        ),
        ("published", f"{a.published_at:%d %b %Y}", f"{b.published_at:%d %b %Y}"),
    )
    return Table(("", f"#{a.number}", f"#{b.number}"), rows)


class ComparePieces(BoundTool[CompareArgs]):
    """Two pieces side by side."""

    name = "compare_pieces"
    description = (
        "Compare two of the creator's pieces side by side (score, views, engagement, retention); "
        "two of their themes ('vlogs vs tutorials') are compared as themes."
    )
    args_model: type[BaseModel] = CompareArgs

    def execute(self, args: CompareArgs) -> ToolResult:
        """Resolve both pieces and put their figures in one table; two of the creator's themes
        are compared as themes (``context.tools.theme_compare``)."""
        from context.tools.theme_compare import compare_themes, two_themes
        from insights.content import content_detail

        with self.ctx.read() as session:
            themes = two_themes(session, self.ctx.creator_id, args.first, args.second)
            if themes is not None:
                return compare_themes(session, self.ctx.creator_id, themes)
            now = self.ctx.now()
            first = resolve_piece(session, self.ctx.creator_id, self.ctx.state, args.first, now=now)
            second = resolve_piece(
                session, self.ctx.creator_id, self.ctx.state, args.second, now=now
            )
            a = content_detail(session, self.ctx.creator_id, first.number, now=self.ctx.now())
            b = content_detail(session, self.ctx.creator_id, second.number, now=self.ctx.now())
        self.ctx.state.remember_list([a.number, b.number])
        self.ctx.mentions.pieces(a.number, b.number)
        lead = _verdict(a, b)
        blocks = (
            Headline(f"#{a.number} vs #{b.number}"),
            Paragraph(f"#{a.number}: {a.title}"),
            Paragraph(f"#{b.number}: {b.title}"),
            compare_table(a, b),
            Paragraph(lead),
        )
        summary = " ".join([lead, *(f"#{d.number} {d.title!r}: {figures_line(d)}" for d in (a, b))])
        return ToolResult(summary, Reply(blocks))


def _verdict(a: ContentDetail, b: ContentDetail) -> str:
    sa, sb = a.performance.performance_score, b.performance.performance_score
    if sa is None or sb is None:
        return "One of them is not scored yet."
    winner, loser = (a, b) if sa >= sb else (b, a)
    return (
        f"#{winner.number} did better: score {score(winner.performance.performance_score)} "
        f"against {score(loser.performance.performance_score)}."
    )


def plan_modes(detail: ContentDetail) -> tuple[bool, bool]:
    """Whether "Make more like this" and "Diagnose" have something to say about this piece:
    repeating needs success factors (or a hit), diagnosing needs failure factors (or a flop)."""
    category = detail.performance.performance_category
    return (
        bool(detail.success_factors) or category == "overperforming",
        bool(detail.failure_factors) or category == "underperforming",
    )
