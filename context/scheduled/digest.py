"""The daily digest as a neutral reply: what is new, the week's best and weakest, what is due.

``compose_digest`` is what the scheduler sends at each creator's digest time and what the agent's
``/digest`` command shows on request. Times are in the creator's timezone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from context import charts, formatting
from context.formatting import platform_name
from context.reply import (
    Action,
    Block,
    BulletList,
    Button,
    ChartSpec,
    ContentRef,
    Headline,
    Paragraph,
    Reply,
)
from context.scheduled.digest_facts import DigestFacts, DigestPiece, Highlight, digest_facts
from context.scheduled.digest_plans import DueLine, PlanLine
from context.scheduled.digest_week import weekly_button, weekly_change, weekly_section
from context.scheduled.digest_window import window_today

if TYPE_CHECKING:
    from insights.figure_change import FigureChange

MAX_NEW = 5
MAX_DUE = 8
MAX_PLANS = 5
CHART_SIDE = 3
CHART_LABEL_CHARS = 40
TREND_WORDS = {"up": "up", "down": "down", "flat": "steady"}
# Button actions (see context/actions.py): the week's dashboard, the active plans, one piece.
DASHBOARD_ACTION = Action("tab", ("summary", "7d", "all"))
PLANS_ACTION = Action("plans", ("active",))


@dataclass(frozen=True)
class Digest:
    """A composed digest: the reply to send, and whether there is anything worth sending."""

    reply: Reply
    is_empty: bool
    facts: DigestFacts
    weekly: FigureChange | None = None  # on the creator's Monday: last week's views taken apart
    posting: str | None = None  # today's stretch of the best posting window, when it opens today


def compose_digest(
    session: Session, creator_id: uuid.UUID, *, now: datetime, since: datetime | None
) -> Digest:
    """The creator's digest at ``now``, covering what arrived since ``since`` (None: a day)."""
    facts = digest_facts(session, creator_id, now=now, since=since)
    weekly = weekly_change(session, creator_id, facts.now)
    posting = window_today(session, creator_id, facts.now)
    reply = digest_reply(facts, weekly, posting)
    return Digest(reply, facts.is_empty, facts, weekly=weekly, posting=posting)


def digest_reply(
    facts: DigestFacts, weekly: FigureChange | None = None, posting: str | None = None
) -> Reply:
    """Word the facts: sections in a fixed order, a few buttons and one chart."""
    blocks: list[Block] = [Headline(f"Your daily digest — {_day(facts.now)}")]
    blocks += [Paragraph(posting)] if posting else []
    blocks += _new_section(facts)
    blocks += _week_section(facts)
    blocks += weekly_section(weekly)
    blocks += _due_section(facts.overdue, facts.due_today)
    blocks += _plans_section(facts.plans)
    if facts.is_empty:
        blocks.append(Paragraph("Nothing new and nothing due today."))
    buttons = (*_buttons(facts), *weekly_button(weekly))
    return Reply(blocks=tuple(blocks), buttons=buttons, chart=digest_chart(facts))


def _day(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}"


def _when(moment: datetime) -> str:
    return f"{_day(moment)} {moment:%H:%M}"


def piece_detail(piece: DigestPiece) -> str:
    """'score 82 · overperforming · 12.4k views', or the early / unscored wording."""
    views = f"{formatting.views(piece.views)} views"
    if piece.score is None:
        return f"not scored yet · {views}"
    if piece.provisional:
        return f"early score {piece.score:.0f} · {views} · too recent to judge"
    return f"score {piece.score:.0f} · {piece.category or 'not judged'} · {views}"


def _ref(piece: DigestPiece, prefix: str = "") -> ContentRef:
    # The platform as every other answer writes it ("TikTok", not the stored "tiktok").
    name = platform_name(piece.platform)
    return ContentRef(piece.number, piece.title, name, prefix + piece_detail(piece))


def _new_section(facts: DigestFacts) -> list[Block]:
    since = _when(facts.since)
    if not facts.new_pieces:
        return [Paragraph(f"No new pieces since {since}.")]
    count = len(facts.new_pieces)
    blocks: list[Block] = [Headline(f"New since {since}: {count}")]
    blocks += [_ref(p) for p in facts.new_pieces[:MAX_NEW]]
    if count > MAX_NEW:
        blocks.append(Paragraph(f"…and {count - MAX_NEW} more."))
    return blocks


def _week_section(facts: DigestFacts) -> list[Block]:
    blocks: list[Block] = [Headline("The last 7 days")]
    blocks += _highlight("Best", facts.best)
    blocks += _highlight("Weakest", facts.weakest)
    if facts.best is None:
        blocks.append(Paragraph("No scored pieces in the last 7 days."))
    blocks.append(Paragraph(trend_sentence(facts.engagement_trend, facts.week_engagement)))
    return blocks


def _highlight(label: str, highlight: Highlight | None) -> list[Block]:
    if highlight is None:
        return []
    return [_ref(highlight.piece, f"{label.lower()} · "), Paragraph(highlight.insight)]


def trend_sentence(trend: str, week_engagement: float | None) -> str:
    """'Engagement is up on the week before (4.3 % on average this week).'."""
    word = TREND_WORDS.get(trend, trend)
    text = f"Engagement is {word} on the week before"
    if week_engagement is not None:
        text += f" ({week_engagement:.1f} % on average this week)"
    return text + "."


def due_line(due: DueLine) -> str:
    """'🔴 1.2 Film the intro — Tue 24 Nov 2026 (Plan 1: Spring series)'."""
    plan = f"Plan {due.plan_number}: {due.plan_name}"
    return f"{due.urgency.symbol} {due.ref} {due.title} — {due.due_label} ({plan})"


def _due_section(overdue: tuple[DueLine, ...], today: tuple[DueLine, ...]) -> list[Block]:
    blocks: list[Block] = []
    for title, items in (("Overdue", overdue), ("Due today", today)):
        if items:
            lines = [due_line(d) for d in items[:MAX_DUE]]
            if len(items) > MAX_DUE:
                lines.append(f"…and {len(items) - MAX_DUE} more")
            blocks += [Headline(f"{title}: {len(items)}"), BulletList(tuple(lines))]
    return blocks


def plan_line(plan: PlanLine) -> str:
    """'Plan 3: Spring series — 2/5 done (40 %)'."""
    return (
        f"Plan {plan.number}: {plan.name} — {plan.completed_items}/{plan.total_items} done "
        f"({plan.progress_percentage} %)"
    )


def _plans_section(plans: tuple[PlanLine, ...]) -> list[Block]:
    if not plans:
        return []
    lines = [plan_line(p) for p in plans[:MAX_PLANS]]
    if len(plans) > MAX_PLANS:
        lines.append(f"…and {len(plans) - MAX_PLANS} more")
    return [Headline("Plan progress"), BulletList(tuple(lines))]


def _buttons(facts: DigestFacts) -> tuple[Button, ...]:
    buttons = [Button("Dashboard", DASHBOARD_ACTION)]
    if facts.plans:
        buttons.append(Button("My plans", PLANS_ACTION))
    for highlight in (facts.best, facts.weakest):
        if highlight is not None:
            number = highlight.piece.number
            buttons.append(Button(f"#{number} details", Action("piece", (str(number),)), row=1))
    return tuple(buttons)


def digest_chart(facts: DigestFacts) -> ChartSpec | None:
    """The week's best and worst pieces; the plans' progress when no piece was scored."""
    pieces = facts.week_pieces
    if len(pieces) >= 2:
        half = min(CHART_SIDE, (len(pieces) + 1) // 2)
        bottom = list(reversed(pieces[half:]))[:CHART_SIDE]
        return charts.top_bottom(
            [(_label(p), p.score) for p in pieces[:half]],
            [(_label(p), p.score) for p in bottom],
            title="Your last 7 days: best and weakest",
        )
    if facts.plans:
        return charts.plan_progress(
            [f"Plan {p.number}: {p.name}" for p in facts.plans],
            [p.progress_percentage for p in facts.plans],
        )
    return None


def _label(piece: DigestPiece) -> str:
    title = piece.title if len(piece.title) <= CHART_LABEL_CHARS else piece.title[:39] + "…"
    return f"#{piece.number} {title}"
