"""What a daily digest says, read from the insights and plans services for one creator.

Pieces count as new when they reached whatsworking since the last digest and were published in
the last 7 days (a year of history imported today is not "new"). The best and the weakest piece
are judged on the scores the insights engine stored; their insight is the factor it found for
them, or what the score itself says when it found none.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from context.scheduled.digest_plans import DueLine, PlanLine, plan_part
from insights.aggregates import trend_between
from insights.insight_rows import factor_key, piece_insights
from insights.view_models import Insight
from storage.errors import NotFound
from storage.models import ContentPerformance, ContentPiece, Creator

WEEK = timedelta(days=7)
# With no digest sent yet, "new" means the last day.
FIRST_DIGEST_LOOKBACK = timedelta(days=1)
INSIGHT_CHARS = 220


@dataclass(frozen=True)
class DigestPiece:
    """One of the week's pieces with its stored score (published_at in the creator's time)."""

    id: uuid.UUID
    number: int
    title: str
    platform: str
    published_at: datetime
    arrived_at: datetime
    views: int | None
    engagement_rate: float | None
    score: float | None
    percentile_rank: float | None
    category: str | None
    provisional: bool


@dataclass(frozen=True)
class Highlight:
    """The week's best or weakest piece and the one insight that explains it."""

    piece: DigestPiece
    insight: str


@dataclass(frozen=True)
class DigestFacts:
    """Everything one digest reports, before it is worded."""

    display_name: str
    timezone: str
    now: datetime  # in the creator's timezone
    since: datetime  # in the creator's timezone
    new_pieces: tuple[DigestPiece, ...]
    week_pieces: tuple[DigestPiece, ...]  # scored pieces of the last 7 days, best first
    best: Highlight | None
    weakest: Highlight | None
    engagement_trend: str  # up | down | flat (this week against the week before)
    week_engagement: float | None  # the week's average engagement rate (percent)
    overdue: tuple[DueLine, ...]
    due_today: tuple[DueLine, ...]
    plans: tuple[PlanLine, ...]

    @property
    def is_empty(self) -> bool:
        """True when nothing is new and nothing is due: no digest is sent on such a day."""
        return not self.new_pieces and not self.overdue and not self.due_today


_CREATOR = select(Creator.display_name, Creator.timezone).where(
    Creator.id == bindparam("creator_id")
)
C, P = ContentPiece, ContentPerformance
# Two weeks: the last 7 days are reported, the 7 before them set the engagement trend.
_PIECES = (
    select(
        C.id,
        C.number,
        C.title,
        C.platform,
        C.published_at,
        C.created_at,
        P.views,
        P.engagement_rate,
        P.performance_score,
        P.percentile_rank,
        P.performance_category,
        P.is_provisional,
    )
    .join(P, P.content_id == C.id)
    .where(C.creator_id == bindparam("creator_id"), C.published_at >= bindparam("since"))
    .order_by(C.published_at.desc(), C.number.desc())
)


def digest_facts(
    session: Session, creator_id: uuid.UUID, *, now: datetime, since: datetime | None
) -> DigestFacts:
    """Read what the creator's digest at ``now`` reports (``since``: the last digest, or None).

    Four queries: the creator, two weeks of pieces, the highlights' factors, the plans.
    """
    creator = session.connection().execute(_CREATOR, {"creator_id": creator_id}).one_or_none()
    if creator is None:
        raise NotFound("creator not found")
    tz = ZoneInfo(creator.timezone)
    start = since if since is not None else now - FIRST_DIGEST_LOOKBACK
    recent = _pieces(session, creator_id, now, tz)
    week = [p for p in recent if p.published_at >= now - WEEK]
    scored = tuple(sorted((p for p in week if p.score is not None), key=_best_first))
    best, weakest = _highlights(session, creator_id, scored)
    before = _engagement([p for p in recent if p.published_at < now - WEEK])
    current = _engagement(week)
    plans = plan_part(session, creator_id, now=now, tz=tz)
    return DigestFacts(
        display_name=creator.display_name,
        timezone=creator.timezone,
        now=now.astimezone(tz),
        since=start.astimezone(tz),
        new_pieces=tuple(p for p in week if p.arrived_at >= start and p.published_at <= now),
        week_pieces=scored,
        best=best,
        weakest=weakest,
        engagement_trend=trend_between(before, current),
        week_engagement=round(current[0] / current[1], 2) if current[1] else None,
        overdue=plans.overdue,
        due_today=plans.due_today,
        plans=plans.plans,
    )


def _engagement(pieces: list[DigestPiece]) -> tuple[float, int]:
    rates = [p.engagement_rate for p in pieces if p.engagement_rate is not None]
    return sum(rates), len(rates)


def _best_first(piece: DigestPiece) -> tuple[float, int]:
    return (-(piece.score or 0.0), piece.number)


def _pieces(
    session: Session, creator_id: uuid.UUID, now: datetime, tz: ZoneInfo
) -> list[DigestPiece]:
    """Pieces published in the two weeks up to ``now`` (or later), newest first."""
    rows = session.connection().execute(
        _PIECES, {"creator_id": creator_id, "since": now - 2 * WEEK}
    )
    return [
        DigestPiece(
            id=r.id,
            number=r.number,
            title=r.title,
            platform=r.platform,
            published_at=r.published_at.astimezone(tz),
            arrived_at=r.created_at,
            views=r.views,
            engagement_rate=r.engagement_rate,
            score=r.performance_score,
            percentile_rank=r.percentile_rank,
            category=r.performance_category,
            provisional=r.is_provisional,
        )
        for r in rows
    ]


def _highlights(
    session: Session, creator_id: uuid.UUID, scored: tuple[DigestPiece, ...]
) -> tuple[Highlight | None, Highlight | None]:
    """The best piece and (when there are two or more) the weakest, each with one insight."""
    if not scored:
        return None, None
    best, weakest = scored[0], scored[-1] if len(scored) > 1 else None
    ids = [best.id] + ([weakest.id] if weakest else [])
    factors = piece_insights(session, creator_id, ids)  # links filled in from their patterns
    top = Highlight(best, insight_for(best, factors.get(best.id, []), positive=True))
    if weakest is None:
        return top, None
    return top, Highlight(weakest, insight_for(weakest, factors.get(weakest.id, []), False))


def insight_for(piece: DigestPiece, factors: list[Insight], positive: bool) -> str:
    """The piece's most important factor pointing the right way, else what its score says."""
    ranked = sorted(factors, key=lambda f: factor_key(f, positive))  # as the piece's detail
    pick = next((f for f in ranked if f.is_positive == positive), None)
    if pick is not None:
        return clip_text(pick.description or pick.title)
    return score_sentence(piece)


def score_sentence(piece: DigestPiece) -> str:
    """What the score alone says, e.g. 'Scores 82: ahead of 91 % of your pieces.'."""
    if piece.score is None:
        return "Not scored yet."
    text = f"Scores {piece.score:.0f}"
    if piece.percentile_rank is not None:
        text += f": ahead of {piece.percentile_rank:.0f} % of your pieces"
    if piece.provisional:
        text += " (early: judged on its first 24 hours)"
    return text + "."


def clip_text(text: str) -> str:
    """One line of at most INSIGHT_CHARS characters, cut with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= INSIGHT_CHARS else text[: INSIGHT_CHARS - 1].rstrip() + "…"
