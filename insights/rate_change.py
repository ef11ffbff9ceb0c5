"""Why a rate went up or down: a period's average engagement or retention against the one before.

A period's rate is the mean of its pieces' own rates (the figure answer's "average 4.8 % over 86
pieces"), so it moves for two reasons a creator acts on differently:

- the mix: more of the pieces went where the rate is usually lower or higher (a platform; on one
  platform, a content type). For each group, (w₁ − w₀) × (r₀ − r̄₀): its change of share times how
  far its rate before stood from the average before;
- within: the rate itself moved where the pieces went. For each group, w₁ × (r₁ − r₀).

Over the groups the two add up exactly to r̄₁ − r̄₀ (the shares of each period sum to one). A
group new in the period takes its own rate as its rate before, so all it brings is mix. A piece
that does not report the rate is left out and counted; nothing is invented.
"""

from __future__ import annotations

import statistics
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from insights.figure_change import (
    PieceRow,
    cached_change,
    compared_span,
    judged_score,
    period_rows,
    split_rows,
)
from insights.filters import check_platform
from insights.periods import Span
from storage.errors import InvalidInput
from storage.models import ContentPiece as C

RATES = ("engagement", "retention")


@dataclass(frozen=True)
class RateSide:
    """One period's pieces: each group's reporting pieces and sum of rates, and like for like."""

    span: Span
    pieces: int
    groups: dict[str, tuple[int, float]]  # group → (pieces reporting the rate, sum of their rates)
    median_score: float | None

    @property
    def reported(self) -> int:
        """Pieces that report the rate."""
        return sum(n for n, _ in self.groups.values())

    @property
    def mean(self) -> float | None:
        """The period's rate: the mean of its pieces' rates (None: none reports it)."""
        total = sum(s for _, s in self.groups.values())
        return total / self.reported if self.reported else None

    def rate(self, group: str) -> float | None:
        """One group's mean rate (None: it had no reporting piece)."""
        n, total = self.groups.get(group, (0, 0.0))
        return total / n if n else None

    def share(self, group: str) -> float:
        """One group's share of the reporting pieces."""
        return self.groups.get(group, (0, 0.0))[0] / self.reported if self.reported else 0.0


@dataclass(frozen=True)
class GroupPart:
    """One group's shares and rates in both periods, and its mix and within parts."""

    name: str
    share_before: float
    share_now: float
    rate_before: float | None
    rate_now: float | None
    mix: float
    within: float


@dataclass(frozen=True)
class RateChange:
    """The rate in a period and the one before, and the parts of its change by group."""

    figure: str
    platform: str | None
    by: str  # "platform", or "content type" on one platform
    now: RateSide
    before: RateSide

    @property
    def change(self) -> float | None:
        """The change in the rate's own unit (points), None when either side is unknown."""
        now, before = self.now.mean, self.before.mean
        return None if now is None or before is None else now - before

    def parts(self) -> list[GroupPart]:
        """Each group's parts, the biggest move first; empty when either side is unknown."""
        average = self.before.mean
        if average is None or self.now.mean is None:
            return []
        names = sorted(set(self.now.groups) | set(self.before.groups))
        found = [self._part(name, average) for name in names]
        return sorted(found, key=lambda p: -abs(p.mix + p.within))

    @property
    def mix_part(self) -> float | None:
        """What the pieces' spread over the groups moved the rate by."""
        parts = self.parts()
        return sum(p.mix for p in parts) if parts else None

    @property
    def within_part(self) -> float | None:
        """What the groups' own rates moved it by."""
        parts = self.parts()
        return sum(p.within for p in parts) if parts else None

    def _part(self, name: str, average: float) -> GroupPart:
        before, now = self.before.rate(name), self.now.rate(name)
        base = before if before is not None else now
        w0, w1 = self.before.share(name), self.now.share(name)
        mix = (w1 - w0) * ((base or 0.0) - average)
        within = w1 * (now - base) if now is not None and base is not None else 0.0
        return GroupPart(name, w0, w1, before, now, mix, within)


def rate_change(
    session: Session,
    creator_id: uuid.UUID,
    *,
    figure: str = "engagement",
    period: str = "30d",
    platform: str | None = None,
    now: datetime,
) -> RateChange:
    """The rate over ``period`` against the period before, taken apart by platform (on one
    platform, by content type)."""
    figure = figure.strip().lower()
    if figure not in RATES:
        raise InvalidInput(f"I can take apart a change in {', '.join(RATES)}, not {figure[:30]!r}")
    wanted = check_platform(platform)
    key = ("rate", figure, period.strip().lower(), wanted)
    return cached_change(
        session,
        creator_id,
        key,
        now,
        lambda at: _build(session, creator_id, figure, period, wanted, at),
    )


def _build(
    session: Session, creator_id: uuid.UUID, figure: str, period: str, platform: str | None,
    now: datetime,
) -> RateChange:  # fmt: skip
    span = compared_span(session, creator_id, period, now)
    assert span.previous is not None
    group = C.platform if platform is None else C.content_type
    rows = period_rows(session, creator_id, figure, platform, span.previous.start, span.end, group)
    current, earlier = split_rows(rows, span)
    by = "platform" if platform is None else "content type"
    return RateChange(figure, platform, by, _side(span, current), _side(span.previous, earlier))


def _side(span: Span, rows: list[PieceRow]) -> RateSide:
    groups: dict[str, tuple[int, float]] = {}
    for row in rows:
        if row.value is not None:
            n, total = groups.get(row.group, (0, 0.0))
            groups[row.group] = (n + 1, total + float(row.value))
    scores = [s for s in map(judged_score, rows) if s is not None]
    median = statistics.median(scores) if scores else None
    return RateSide(span, len(rows), groups, median)
