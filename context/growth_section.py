"""The dashboard's growth section: views this week against last week, and older pieces still
gaining, from metric history (insights/growth.py).

A creator without history is told when it starts (once a platform is connected); no figure is
ever made up for them.
"""

from __future__ import annotations

from context.formatting import platform_name, views
from context.reply import Block, ContentRef, Headline, Paragraph
from insights.growth import Gaining, GrowthSummary

SHOWN = 3
NO_HISTORY = (
    "Your view history starts once you connect a platform (/connect): the weekly trend and "
    "the older pieces still gaining show here after the first syncs."
)
TOO_SHORT = "Not enough history yet for a weekly trend: it needs two weeks of syncs."


def trend_sentence(summary: GrowthSummary) -> str:
    """'Views this week: 12.3K, up 23% on last week (10K).' or why there is no trend."""
    if not summary.has_history:
        return NO_HISTORY
    if summary.this_week is None:
        return TOO_SHORT
    this = f"Views gained this week: {views(summary.this_week)}"
    if summary.last_week is None:
        return f"{this}; last week is not in your history yet, so there is no trend to show."
    if summary.change is None:
        return f"{this}, none the week before."
    return f"{this}, {_direction(summary.change)} on last week ({views(summary.last_week)})."


def _direction(change: float) -> str:
    if round(change) == 0:
        return "level"
    return f"{'up' if change > 0 else 'down'} {abs(change):.0f}%"


def gaining_ref(piece: Gaining) -> ContentRef:
    """An older piece still gaining, with what it gained this week."""
    detail = f"+{views(piece.gained)} views this week · {views(piece.views)} in all"
    return ContentRef(piece.number, piece.title, platform_name(piece.platform or None), detail)


def growth_blocks(summary: GrowthSummary, *, shown: int = SHOWN) -> list[Block]:
    """The section: a headline, the trend sentence, and the pieces still gaining."""
    blocks: list[Block] = [Headline("Trend"), Paragraph(trend_sentence(summary))]
    if summary.gaining:
        blocks.append(Headline("Still gaining"))
        blocks += [gaining_ref(g) for g in summary.gaining[:shown]]
    elif summary.has_history and summary.this_week is not None:
        blocks.append(Paragraph("No piece older than 30 days gained 5% or more this week."))
    return blocks


def growth_facts(summary: GrowthSummary) -> str:
    """The section as compact facts for the model."""
    gaining = "; ".join(
        f"#{g.number} {g.title!r} (+{g.gained:,} views this week)" for g in summary.gaining
    )
    return f"Trend: {trend_sentence(summary)} Still gaining: {gaining or 'none'}."
