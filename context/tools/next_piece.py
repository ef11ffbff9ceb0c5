"""The next piece's brief: "give me a video idea", "what should I post tomorrow?".

What, where, when and how, each from a recommendation the creator's own pieces support
(``insights.next_piece``), with the figures behind it; the window's next stretch in their own
time (``context.tools.posting_now``); and their best pieces of that kind to start from. The
brief records its patterns and pieces, so "Create plan" drafts from it and "the 2nd one" names
a piece it listed.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from context import actions
from context.formatting import platform_name, score
from context.reply import Action, Block, BulletList, Button, Headline, Paragraph, Reply
from context.tools.base import BoundTool, ToolResult
from context.tools.posting_now import Moment, best_on_day, stretch, window_of
from context.tools.render import details_buttons, piece_ref
from insights.posting_moment import next_opening

if TYPE_CHECKING:
    from insights.next_piece import Brief
    from insights.title_features import TitleFeature
    from insights.view_models import Insight

NOTHING_YET = (
    "No pattern in your data is clear enough to build a brief on yet: no theme, platform, time or "
    "habit of yours did clearly better than the rest. Your best-scored pieces so far:"
)
CAVEAT = (
    "Each line is a pattern in your own pieces that is unlikely to be chance: it went with better "
    "results, it does not promise them."
)


class NextPieceArgs(BaseModel):
    """Arguments of next_piece."""

    day: Moment | None = Field(
        default=None, description="the day the creator means to post, when they said one"
    )


def evidence(brief: Brief, rec: Insight) -> str:
    """The figures behind a recommendation: its pattern's description."""
    return brief.evidence.get(rec.pattern_key or "", rec.description)


def subject(rec: Insight) -> str:
    """What a recommendation is about: 'Tutorials', 'TikTok'."""
    found = rec.supporting_data.get("subject")
    return found if isinstance(found, str) else rec.title


def title_part(feature: TitleFeature) -> str:
    """'with a number (median score 64 against 55 without)', or 'without' for one that cost."""
    test = feature.test
    assert test is not None  # only tested features are claimed
    with_it, without = score(test.group_median), score(test.rest_median)
    if test.direction > 0:
        return f"with {feature.name} (median score {with_it} against {without} without)"
    return f"without {feature.name} (median score {without} against {with_it} with it)"


def avoided(rec: Insight) -> str:
    """'Vlogs (0.8× the views)', 'posting 23-05 h (any day) (0.8× the views)'."""
    what = subject(rec)
    what = f"posting {what}" if rec.supporting_data.get("family") == "timing" else what
    lift = rec.supporting_data.get("lift")
    return f"{what} ({lift:.1f}× the views)" if isinstance(lift, int | float) else what


def when_line(brief: Brief, now: datetime, day: Moment | None) -> str | None:
    """The best window's next stretch (or the asked day's), with its figures."""
    best = window_of(brief.window)
    if brief.window is None or best is None:
        return None
    local = now.astimezone(ZoneInfo(brief.timezone))
    if day is not None and day != "now":
        said = best_on_day(best, local, day)
    else:
        opening = next_opening(best, local)
        said = f"{stretch(opening)}, your best window." if opening else ""
    return f"When ({brief.timezone}): {said} {evidence(brief, brief.window)}"


def brief_lines(brief: Brief, now: datetime, day: Moment | None) -> list[str]:
    """One line per part of the brief that a pattern supports."""
    lines = [
        f"{label}: {subject(rec)}. {evidence(brief, rec)}"
        for label, rec in (
            ("What", brief.theme),
            ("Where", brief.platform),
            ("Format", brief.format),
        )
        if rec is not None
    ]
    lines.append(when_line(brief, now, day) or "")
    if brief.habits:
        lines.append("How: " + "; ".join(h.title for h in brief.habits) + ".")
    if brief.titles:
        lines.append("Title: " + "; ".join(map(title_part, brief.titles)) + ".")
    if brief.skip:
        lines.append("Avoid: " + "; ".join(map(avoided, brief.skip)) + ".")
    return [line for line in lines if line]


def models_lead(brief: Brief) -> str:
    """'Start from what worked: your best-scored Tutorials pieces on TikTok.'"""
    kind = f" {brief.models_theme}" if brief.models_theme else ""
    where = f" on {platform_name(brief.models_platform)}" if brief.models_platform else ""
    return f"Start from what worked: your best-scored{kind} pieces{where}."


class NextPiece(BoundTool[NextPieceArgs]):
    """A brief for the creator's next piece from their own patterns and best pieces."""

    name = "next_piece"
    description = (
        "A brief for the creator's next piece: the theme, platform, format and posting window "
        "their own patterns support (with the figures), the habits that went with more views, "
        "what to skip, the window's next opening in their timezone, and their best pieces of "
        "that kind to start from. For 'give me a video idea', 'what should I post tomorrow'."
    )
    args_model: type[BaseModel] = NextPieceArgs

    def execute(self, args: NextPieceArgs) -> ToolResult:
        """Build the brief and render it."""
        from insights.next_piece import next_piece_brief

        with self.ctx.read() as session:
            brief = next_piece_brief(session, self.ctx.creator_id, self.ctx.now())
        self.ctx.mentions.patterns(*(r.pattern_key for r in brief.parts))
        numbers = [p.number for p in brief.models]
        self.ctx.state.remember_list(numbers)
        self.ctx.mentions.pieces(*numbers)
        lines = brief_lines(brief, self.ctx.now(), args.day) if brief.parts or brief.titles else []
        title = "Your next piece" + (f", {args.day}" if args.day else "")
        blocks: list[Block] = [Headline(title)]
        if lines:
            blocks += [BulletList(tuple(lines)), Paragraph(models_lead(brief))]
        else:
            blocks.append(Paragraph(NOTHING_YET))
        blocks += [piece_ref(p) for p in brief.models]
        blocks += [Paragraph(CAVEAT)] if lines else []
        plan = Button("Create plan", Action(actions.MAKE_PLAN), 0)
        buttons = (plan, *details_buttons(list(brief.models)))
        facts = "; ".join(f"#{p.number} {p.title}" for p in brief.models)
        summary = " ".join((*lines, models_lead(brief) if lines else NOTHING_YET, facts))
        return ToolResult(summary, Reply(tuple(blocks), buttons))
