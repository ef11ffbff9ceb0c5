"""Why a figure went up or down: a period against the one before, taken apart.

"Why are my views down?" A period's views (the lifetime views of the pieces published in it,
the dashboard's figure) move for reasons a creator acts on differently:

- how many pieces were published: the total is pieces × views a piece, and the change splits
  exactly into a count part, (n₁ − n₀) × average₀, and a per-piece part, n₁ × (average₁ − average₀);
- how each piece did against the creator's usual: a score compares a piece with its platform,
  format and era (and a young piece on its first 24 hours), so the median score is like for like;
  with metric history, so are the views every piece had at 7 days old;
- where they were published: each platform's share of the change.

And one they cannot act on: age. Lifetime totals favour the older period, whose pieces had longer
to gather views. With metric history the views every piece received during each period (new and
old pieces alike, what the platforms' own dashboards count) are given too. Nothing is invented:
a piece that does not report the figure is left out and counted, history that is missing is None.
"""

from __future__ import annotations

import math
import statistics
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insights.fact_arrays import EPOCH, MICROSECOND
from insights.figures import FIGURES, relative_change
from insights.filters import check_platform
from insights.growth import pieces_with_history, views_gained_by
from insights.periods import Span, resolve_span
from insights.piece_columns import microseconds
from insights.piece_queries import creator_zone
from insights.same_age import MIN_PEERS, views_at_age_published
from insights.stamped_views import stamped_view
from insights.view_cache import ViewCache
from storage.driver_rows import driver_batches
from storage.errors import InvalidInput
from storage.models import ContentPerformance as P
from storage.models import ContentPiece as C

SUMMED = tuple(name for name, (_, kind) in FIGURES.items() if kind == "sum")
SAME_AGE = timedelta(days=7)
# Views received are read from every piece's history across both periods: bounded to periods of
# about a month, which is what creators compare (a quarter would read half a year of snapshots).
RECEIVED_UP_TO = timedelta(days=31)
COVERED = 0.9  # share of the pieces that existed by a period's end history must count
# Rolling periods move with the clock: a built answer holds for the minute it was built in.
CHANGE_CACHE = ViewCache()
MINUTE = timedelta(minutes=1)
T = TypeVar("T")


@dataclass(frozen=True)
class Side:
    """One period's pieces: how many, their figure, and how they did like for like."""

    span: Span
    pieces: int
    reported: int  # pieces that report the figure
    total: float | None  # their sum of it (None: none report it)
    median_score: float | None  # the judged pieces' median score
    judged: int
    by_platform: dict[str, tuple[int, float]] = field(default_factory=dict)  # pieces, total
    at_week: float | None = None  # median views at 7 days old (history), None without
    at_week_pieces: int = 0
    received: int | None = None  # views all pieces gained during the period (history)

    @property
    def average(self) -> float | None:
        """The figure a reporting piece."""
        return None if self.total is None or not self.reported else self.total / self.reported


@dataclass(frozen=True)
class FigureChange:
    """The period and the one before, and the parts the change splits into."""

    figure: str
    platform: str | None
    now: Side
    before: Side

    @property
    def change(self) -> float | None:
        """The total's relative change (0.12 = up 12 %), None when either is unknown."""
        return relative_change(self.before.total, self.now.total)

    @property
    def count_part(self) -> float | None:
        """What publishing more or fewer pieces moved the total by, at the old average."""
        before = self.before.average
        return None if before is None else (self.now.reported - self.before.reported) * before

    @property
    def piece_part(self) -> float | None:
        """What the average a piece moved the total by, over the new count."""
        now, before = self.now.average, self.before.average
        if now is None or before is None:
            return None
        return self.now.reported * (now - before)

    def platform_parts(self) -> list[tuple[str, float]]:
        """Each platform's change of the total, biggest move first."""
        names = set(self.now.by_platform) | set(self.before.by_platform)
        parts = [
            (name, _total(self.now, name) - _total(self.before, name)) for name in sorted(names)
        ]
        return sorted(parts, key=lambda part: -abs(part[1]))


def _total(side: Side, platform: str) -> float:
    return side.by_platform.get(platform, (0, 0.0))[1]


def figure_change(
    session: Session,
    creator_id: uuid.UUID,
    *,
    figure: str = "views",
    period: str = "30d",
    platform: str | None = None,
    now: datetime,
) -> FigureChange:
    """The figure over ``period`` against the period before, taken apart."""
    figure = figure.strip().lower()
    if figure not in SUMMED:
        raise InvalidInput(
            f"I can take apart a change in {', '.join(SUMMED)}, not {figure[:30]!r}; "
            "for a rate, ask for its average instead."
        )
    wanted = check_platform(platform)
    key = ("change", figure, period.strip().lower(), wanted)
    return cached_change(
        session,
        creator_id,
        key,
        now,
        lambda at: _build(session, creator_id, figure, period, wanted, at),
    )


def cached_change(
    session: Session,
    creator_id: uuid.UUID,
    key: tuple[str | None, ...],
    now: datetime,
    build: Callable[[datetime], T],
) -> T:
    """A change built at ``now``'s minute, kept for that minute and the creator's data stamp."""
    minute = now.replace(second=0, microsecond=0)
    return stamped_view(
        CHANGE_CACHE, session, creator_id, key, minute, lambda: (build(minute), minute + MINUTE)
    )


def compared_span(session: Session, creator_id: uuid.UUID, period: str, now: datetime) -> Span:
    """The period in the creator's calendar; it must have a period before it."""
    _, tz = creator_zone(session, creator_id)
    span = resolve_span(period, now, tz)
    if span.previous is None:
        raise InvalidInput(
            "All time has no period before it to compare with: ask about the last 7, 30 or 90 "
            "days, a week or a month."
        )
    return span


def split_rows(
    rows: list[tuple[int, PieceRow]], span: Span
) -> tuple[list[PieceRow], list[PieceRow]]:
    """The rows published in the period, and those in the period before."""
    assert span.previous is not None
    previous = span.previous
    return [r for at, r in rows if inside_span(at, span)], [
        r for at, r in rows if inside_span(at, previous)
    ]


def _build(
    session: Session, creator_id: uuid.UUID, figure: str, period: str, platform: str | None,
    now: datetime,
) -> FigureChange:  # fmt: skip
    span = compared_span(session, creator_id, period, now)
    assert span.previous is not None
    rows = period_rows(session, creator_id, figure, platform, span.previous.start, span.end)
    current, earlier = split_rows(rows, span)
    history = figure == "views"
    spans = (span, span.previous)
    received = _received(session, creator_id, spans, now) if history and not platform else None
    sides = [
        replace(_side(part, chosen), received=got)
        for part, chosen, got in zip(
            spans, (current, earlier), received or (None, None), strict=True
        )
    ]
    if history:
        sides = _with_same_age(session, creator_id, sides, platform, now)
    return FigureChange(figure, platform, sides[0], sides[1])


class PieceRow(NamedTuple):
    """What one piece adds to a side; ``group`` is its platform (or what ``_rows`` was asked)."""

    group: str
    value: float | None
    score: float | None
    provisional: bool


def period_rows(
    session: Session,
    creator_id: uuid.UUID,
    figure: str,
    platform: str | None,
    start: datetime | None,
    end: datetime | None,
    group: Any = C.platform,
) -> list[tuple[int, PieceRow]]:
    """The dashboard's pieces published in [start, end) (a piece with a performance row), each
    with its publishing instant in microseconds; read below SQLAlchemy, as a month at 10,000
    pieces is thousands of rows."""
    query = (
        select(C.published_at, group, FIGURES[figure][0], P.performance_score, P.is_provisional)
        .join(P, P.content_id == C.id)
        .where(C.creator_id == creator_id)
    )
    if start is not None:
        query = query.where(C.published_at >= start)
    if end is not None:
        query = query.where(C.published_at < end)
    if platform is not None:
        query = query.where(C.platform == platform)
    raw = [row for batch in driver_batches(session, query) for row in batch]
    instants = microseconds([row[0] for row in raw]).tolist()
    return [
        (at, PieceRow(row[1], row[2], row[3], bool(row[4])))
        for at, row in zip(instants, raw, strict=True)
    ]


def inside_span(at: int, span: Span) -> bool:
    after = span.start is None or at >= _micro(span.start)
    return after and (span.end is None or at < _micro(span.end))


def _micro(instant: datetime) -> int:
    return (instant - EPOCH) // MICROSECOND


def _side(span: Span, rows: list[PieceRow]) -> Side:
    values = [float(r.value) for r in rows if r.value is not None]
    scores = [s for s in map(judged_score, rows) if s is not None]
    by_platform: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        if r.value is not None:
            by_platform[r.group].append(float(r.value))
    return Side(
        span,
        pieces=len(rows),
        reported=len(values),
        total=sum(values) if values else None,
        median_score=statistics.median(scores) if scores else None,
        judged=len(scores),
        by_platform={name: (len(v), sum(v)) for name, v in by_platform.items()},
    )


def judged_score(row: PieceRow) -> float | None:
    if row.score is None or row.provisional or math.isnan(row.score):
        return None
    return float(row.score)


def _received(
    session: Session, creator_id: uuid.UUID, spans: tuple[Span, Span], now: datetime
) -> tuple[int | None, ...] | None:
    """Views every piece gained during each span, from one read of history; None for a span
    unless history counts nearly every piece that existed by its end (a partial sum would read
    as a fall), and None for both when neither can be counted."""
    windows = [(s.start, s.end or now) for s in spans]
    if any(start is None or end - start > RECEIVED_UP_TO for start, end in windows):
        return None
    bounded = [(start, end) for start, end in windows if start is not None]
    needed = [COVERED * _existing(session, creator_id, end) for _, end in bounded]
    within = [pieces_with_history(session, creator_id, start=s, end=e) for s, e in bounded]
    if all(found < need for found, need in zip(within, needed, strict=True)):
        return None  # counted before reading every snapshot of the periods
    counted = views_gained_by(session, creator_id, bounded)
    return tuple(
        gained if pieces >= need else None
        for (gained, pieces), need in zip(counted, needed, strict=True)
    )


def _existing(session: Session, creator_id: uuid.UUID, end: datetime) -> int:
    """How many of the creator's pieces were published before ``end``."""
    query = select(func.count()).where(C.creator_id == creator_id, C.published_at < end)
    return int(session.scalar(query) or 0)


def _with_same_age(
    session: Session, creator_id: uuid.UUID, sides: list[Side], platform: str | None, now: datetime
) -> list[Side]:
    """Each side with its pieces' median views at 7 days old, when enough of them have it."""
    found = []
    for side in sides:
        start, end = side.span.start, min(side.span.end or now, now - SAME_AGE)
        if start is None or end <= start:
            found.append(side)
            continue
        views = views_at_age_published(session, creator_id, (start, end), SAME_AGE.days, platform)
        if len(views) < MIN_PEERS:
            found.append(side)
            continue
        median = float(statistics.median(views.values()))
        found.append(replace(side, at_week=median, at_week_pieces=len(views)))
    return found
