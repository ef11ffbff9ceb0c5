"""Plans made for the creator from one piece: "make more like this" or "diagnose" it.

A draft is not saved; the creator sees it and confirms, then ``save_draft`` writes it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from plans.commands import ItemSpec
from plans.factors import Factor, best_pattern, creator_patterns, group_by_topic, piece_factors
from plans.lookup import creator_tz, find_piece
from plans.outcomes import compact_number, load_measures
from plans.rules import (
    MAX_FACTOR_STEPS,
    Step,
    closing_step,
    compare_step,
    diagnose_step,
    making_step,
    more_step,
    schedule,
)
from plans.service import create_plan
from plans.urgency import due_label
from plans.views import PlanView
from storage.errors import InvalidInput
from storage.models import ContentPerformance, ContentPiece, InsightType

DraftMode = Literal["more", "diagnose", "conversation"]
MODES = ("more", "diagnose")
# Creator patterns that round off a "more like this" plan when the piece's own factors miss them.
PATTERN_FAMILIES_TO_ADD = ("timing", "format")
MIN_PIECES_FOR_PLATFORM_MEDIAN = 3
# Factors whose step already has the creator make the new piece.
MAKING_FAMILIES = frozenset({"theme", "format"})
# What a flop with no cause of its own is rebuilt from: the creator's best patterns of these kinds.
FAMILIES_FOR_A_FRESH_START = ("timing", "format", "theme")


@dataclass(frozen=True)
class PlanDraft:
    """A proposed plan, shown to the creator before anything is saved."""

    mode: str
    name: str
    goal: str
    items: tuple[ItemSpec, ...]
    timeline: str | None = None
    notes: str | None = None
    projected_outcome: dict[str, Any] = field(default_factory=dict)
    source_content_id: uuid.UUID | None = None
    source_content_number: int | None = None
    source_conversation_id: uuid.UUID | None = None
    basis: tuple[str, ...] = ()  # the pattern keys of the factors the plan is built on

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, e.g. to keep in a conversation's state until confirmed."""
        return {
            "mode": self.mode,
            "name": self.name,
            "goal": self.goal,
            "items": [item.to_dict() for item in self.items],
            "timeline": self.timeline,
            "notes": self.notes,
            "projected_outcome": dict(self.projected_outcome),
            "source_content_id": _str_or_none(self.source_content_id),
            "source_content_number": self.source_content_number,
            "source_conversation_id": _str_or_none(self.source_conversation_id),
            "basis": list(self.basis),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanDraft:
        """The inverse of ``to_dict``."""
        return cls(
            mode=str(data["mode"]),
            name=str(data["name"]),
            goal=str(data["goal"]),
            items=tuple(ItemSpec.from_dict(item) for item in data.get("items", [])),
            timeline=data.get("timeline"),
            notes=data.get("notes"),
            projected_outcome=dict(data.get("projected_outcome") or {}),
            source_content_id=_uuid_or_none(data.get("source_content_id")),
            source_content_number=data.get("source_content_number"),
            source_conversation_id=_uuid_or_none(data.get("source_conversation_id")),
            basis=tuple(data.get("basis") or ()),
        )


def plan_from_content(
    session: Session,
    creator_id: uuid.UUID,
    content_number: int,
    *,
    mode: str = "more",
    now: datetime,
) -> PlanDraft:
    """Draft a plan from one of the creator's pieces: repeat its success, or fix its failure."""
    if mode not in MODES:
        raise InvalidInput(f"unknown mode {mode!r}: use more or diagnose")
    tz = creator_tz(session, creator_id)
    piece = find_piece(session, creator_id, content_number)
    if mode == "more":
        groups = group_by_topic(_success_factors(session, creator_id, piece))[:MAX_FACTOR_STEPS]
        steps = [more_step(group, piece.number) for group in groups]
        if not any(group[0].family in MAKING_FAMILIES for group in groups):
            steps.insert(0, making_step(piece.number, piece.theme))
    elif failures := _failure_factors(session, creator_id, piece):
        groups = group_by_topic(failures)[:MAX_FACTOR_STEPS]
        best = _best_patterns(session, creator_id, groups)
        steps = [diagnose_step(group, piece.number, best) for group in groups]
    else:
        groups = [[p] for p in _what_works_instead(session, creator_id)]
        steps = [
            *_beside_the_best(session, creator_id, piece),
            *(more_step(g, None) for g in groups),
        ]
        if not steps:
            raise InvalidInput(
                f"piece {piece.number} underperformed, but there is nothing of yours to compare "
                "it with yet; ask again when you have published more"
            )
    factors = [factor for group in groups for factor in group]
    steps = [*one_window(steps), closing_step(piece.number, diagnose=mode == "diagnose")]
    items = tuple(schedule(steps, now=now, tz=tz))
    projected = projection(session, creator_id, piece, mode)
    return PlanDraft(
        mode=mode,
        name=_name(piece, mode),
        goal=_goal(piece, factors, projected, mode),
        items=items,
        timeline=timeline_of(items, tz),
        projected_outcome=projected,
        source_content_id=piece.id,
        source_content_number=piece.number,
        basis=tuple(f.pattern_key or f.title for f in factors),
    )


def save_draft(
    session: Session, creator_id: uuid.UUID, draft: PlanDraft, *, now: datetime
) -> PlanView:
    """Save a draft the creator confirmed, as an active plan."""
    return create_plan(
        session,
        creator_id,
        name=draft.name,
        goal=draft.goal,
        items=draft.items,
        timeline=draft.timeline,
        notes=draft.notes,
        source_content_id=draft.source_content_id,
        source_conversation_id=draft.source_conversation_id,
        projected_outcome=draft.projected_outcome,
        now=now,
    )


def timeline_of(items: tuple[ItemSpec, ...], tz: ZoneInfo) -> str | None:
    """'until Tue 8 Dec 2026': when the last dated item falls due."""
    dated = [i for i in items if i.due_date is not None]
    if not dated:
        return None
    last = max(dated, key=lambda i: i.due_date or datetime.min)
    return f"until {due_label(last.due_date, False, tz)}"


def _success_factors(session: Session, creator_id: uuid.UUID, piece: ContentPiece) -> list[Factor]:
    own = piece_factors(session, creator_id, piece.id, InsightType.SUCCESS_FACTOR)
    # A hit with no factor of its own still worked: it is repeated from its theme and format and
    # the creator's own patterns. Only a piece that neither did well nor has factors is refused.
    if not own and _category(session, piece) != "overperforming":
        raise InvalidInput(
            f"piece {piece.number} has no success factors to repeat yet; "
            "try diagnose, or a piece that did well"
        )
    covered = {f.family for f in own}
    patterns = creator_patterns(session, creator_id)
    extra = [best_pattern(patterns, fam) for fam in PATTERN_FAMILIES_TO_ADD if fam not in covered]
    return unique_factors(own + [p for p in extra if p is not None])


def _category(session: Session, piece: ContentPiece) -> str | None:
    return session.scalar(
        select(ContentPerformance.performance_category).where(
            ContentPerformance.content_id == piece.id
        )
    )


def _failure_factors(session: Session, creator_id: uuid.UUID, piece: ContentPiece) -> list[Factor]:
    """The piece's own failure factors; none for a flop whose data names no cause."""
    own = piece_factors(session, creator_id, piece.id, InsightType.FAILURE_FACTOR)
    if not own and _category(session, piece) != "underperforming":
        raise InvalidInput(
            f"piece {piece.number} has no failure factors to fix; try making more like it instead"
        )
    return unique_factors(own)


def _what_works_instead(session: Session, creator_id: uuid.UUID) -> list[Factor]:
    """For a flop with no cause of its own: the creator's best window, format and theme."""
    patterns = creator_patterns(session, creator_id)
    found = [best_pattern(patterns, family) for family in FAMILIES_FOR_A_FRESH_START]
    return [p for p in found if p is not None]


def _beside_the_best(session: Session, creator_id: uuid.UUID, piece: ContentPiece) -> list[Step]:
    """One step comparing the flop with the creator's best piece, on its own platform if any."""
    views = ContentPerformance.views
    best = session.execute(
        select(ContentPiece.number, views)
        .join(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
        .where(
            ContentPiece.creator_id == creator_id,
            ContentPiece.id != piece.id,
            ContentPerformance.performance_category == "overperforming",
        )
        .order_by(
            (ContentPiece.platform == piece.platform).desc(),  # its own platform first
            ContentPerformance.performance_score.desc(),
            ContentPiece.number,
        )
        .limit(1)
    ).first()
    if best is None:
        return []
    own = session.scalar(select(views).where(ContentPerformance.content_id == piece.id))
    ratio = best.views / own if best.views and own else None
    return [compare_step(piece.number, best.number, ratio)]


def _best_patterns(
    session: Session, creator_id: uuid.UUID, groups: list[list[Factor]]
) -> dict[str, Factor]:
    patterns = creator_patterns(session, creator_id)
    found = {g[0].family: best_pattern(patterns, g[0].family) for g in groups}
    return {kind: p for kind, p in found.items() if p is not None}


def unique_factors(factors: list[Factor]) -> list[Factor]:
    """The factors without repeats of the same pattern, first one kept."""
    seen: set[str] = set()
    result = []
    for factor in factors:
        key = factor.pattern_key or factor.title
        if key not in seen:
            seen.add(key)
            result.append(factor)
    return result


def one_window(steps: list[Step]) -> list[Step]:
    """Keep only the first posting-window step: one piece is published once."""
    kept, has_window = [], False
    for step in steps:
        if step.window is not None:
            if has_window:
                continue
            has_window = True
        kept.append(step)
    return kept


def projection(
    session: Session, creator_id: uuid.UUID, piece: ContentPiece, mode: str
) -> dict[str, Any]:
    """More: the piece's own views and engagement. Diagnose: the creator's typical ones."""
    if mode == "more":
        metrics = load_measures(session, creator_id, [piece.id])[piece.id].metrics
        wanted: dict[str, float] = {
            k: metrics[k] for k in ("views", "engagement_rate") if k in metrics
        }
    else:
        wanted = _typical(session, creator_id, piece.platform)
    return {k: round(v) if k == "views" else round(v, 2) for k, v in wanted.items()}


def _typical(session: Session, creator_id: uuid.UUID, platform: str) -> dict[str, float]:
    """The creator's median views and engagement on a platform (all platforms if few pieces)."""
    query = (
        select(ContentPerformance.views, ContentPerformance.engagement_rate, ContentPiece.platform)
        .join(ContentPiece, ContentPiece.id == ContentPerformance.content_id)
        .where(ContentPerformance.creator_id == creator_id)
    )
    rows = session.execute(query).all()
    same = [r for r in rows if r[2] == platform]
    rows = same if len(same) >= MIN_PIECES_FOR_PLATFORM_MEDIAN else rows
    typical: dict[str, float] = {}
    known_views = [r[0] for r in rows if r[0] is not None]
    if known_views:
        typical["views"] = float(median(known_views))
    rates = [r[1] for r in rows if r[1] is not None]
    if rates:
        typical["engagement_rate"] = float(median(rates))
    return typical


def _name(piece: ContentPiece, mode: str) -> str:
    title = piece.title if len(piece.title) <= 80 else piece.title[:79] + "…"
    if mode == "more":
        return f"More like piece {piece.number}: {title}"
    return f"Fix what held back piece {piece.number}: {title}"


def _goal(piece: ContentPiece, factors: list[Factor], projected: dict[str, Any], mode: str) -> str:
    reasons = "; ".join(dict.fromkeys(f.title for f in factors[:3]))
    views = projected.get("views")
    target = f" and reach about {compact_number(views)} views" if views else ""
    if mode == "more":
        why = f" ({reasons})" if reasons else ""
        return f"Repeat what made piece {piece.number} work{why}{target}."
    typical = f" and get back to your typical {compact_number(views)} views" if views else ""
    if all(f.is_positive for f in factors):  # no cause of its own: rebuilt from what works
        using = f" ({reasons})" if reasons else ""
        return f"Give the next piece after {piece.number} what works for you{using}{typical}."
    return f"Fix what held back piece {piece.number} ({reasons}){typical}."


def _str_or_none(value: uuid.UUID | None) -> str | None:
    return str(value) if value else None


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None
