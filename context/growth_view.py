"""A piece's growth in chat: the curve as a chart, and its first hours against the typical."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from context import charts
from context.reply import ChartSpec
from insights.growth import piece_by_number, piece_growth
from insights.same_age import same_age
from storage.snapshots import HOURLY_UNTIL

MIN_POINTS = 2


@dataclass(frozen=True)
class GrowthView:
    """The chart, and one sentence for young pieces ('' when there is nothing to compare)."""

    chart: ChartSpec
    line: str


def growth_of(
    session: Session, creator_id: uuid.UUID, number: int, now: datetime
) -> GrowthView | None:
    """The growth view of a piece with history, or None (no sync has seen it twice yet)."""
    found = piece_growth(session, creator_id, number)
    if len(found.views) < MIN_POINTS:
        return None
    chart = charts.growth(found.hours, found.views, found.typical, title="Views since publishing")
    age = timedelta(hours=found.hours[-1]) if found.hours else HOURLY_UNTIL
    if age >= HOURLY_UNTIL:
        return GrowthView(chart, _same_age_line(session, creator_id, number, now))
    compared = found.versus_typical()
    if compared is None:
        hours, latest = int(found.hours[-1]), found.views[-1]
        return GrowthView(
            chart,
            f"After {hours} h: {latest:,} views (too little history yet for your usual first "
            "48 hours).",
        )
    hour, seen, typical = compared
    return GrowthView(
        chart,
        f"After {hour} h: {seen:,} views — {seen / typical:.1f}× your usual {typical:,.0f} "
        "at that age.",
    )


def _same_age_line(session: Session, creator_id: uuid.UUID, number: int, now: datetime) -> str:
    """'At 30 days: 12,000 views — 1.4× the usual …' from metric history, or ''."""
    piece = piece_by_number(session, creator_id, number)
    found = same_age(session, creator_id, piece.id, piece.published_at, now=now)
    if found is None or not found.typical:
        return ""
    return (
        f"At {found.days} days: {found.views:,} views — {found.views / found.typical:.1f}× the "
        f"usual {found.typical:,.0f} of your pieces from that time at that age "
        f"({found.peers} pieces)."
    )
