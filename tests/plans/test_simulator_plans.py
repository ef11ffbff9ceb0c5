"""Plans from a piece on simulator data: every item cites a real factor of that piece.

The simulator feeds the one ingestion pipeline and the insights engine writes the factor rows;
the plan rules read those rows, so nothing here is hand-made.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from insights.insight_rows import piece_insights
from insights.view_models import Insight
from plans import PlanDraft, plan_from_content, save_draft
from simulator import enable_demo
from storage import Database
from storage.models import ContentInsight, ContentPerformance, ContentPiece
from tests.plans.helpers import NOW

IMPACT = {"high": 0, "medium": 1, "low": 2}


def _demo(db: Database) -> uuid.UUID:
    with db.unit_of_work() as session:
        result = enable_demo(
            session,
            handle="demo",
            niche="tech_reviews",
            profile="auto",
            pieces=40,
            seed=7,
            now=NOW,
            timezone="Europe/Berlin",
        )
    return result.creator_id


def _factors(session: Session, creator_id: uuid.UUID, kind: str) -> dict[int, list[Insight]]:
    """Each piece's factors of one kind as readers get them (links filled in from patterns)."""
    numbers = dict(
        session.execute(
            select(ContentPiece.id, ContentPiece.number).where(
                ContentPiece.creator_id == creator_id
            )
        ).all()
    )
    found: dict[int, list[Insight]] = {}
    for content_id, factors in piece_insights(session, creator_id, set(numbers)).items():
        mine = [f for f in factors if f.insight_type == kind]
        if mine:
            found[numbers[content_id]] = mine
    return found


def _by_score(session: Session, creator_id: uuid.UUID, numbers: set[int], best: bool) -> int:
    score = ContentPerformance.performance_score
    order = score.desc() if best else score.asc()
    query = (
        select(ContentPiece.number)
        .join(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
        .where(ContentPiece.creator_id == creator_id, ContentPiece.number.in_(numbers))
        .order_by(order, ContentPiece.number)
    )
    return int(session.scalars(query).first() or 0)


def _creator_patterns(session: Session, creator_id: uuid.UUID) -> list[ContentInsight]:
    return list(
        session.scalars(
            select(ContentInsight).where(
                ContentInsight.creator_id == creator_id, ContentInsight.content_id.is_(None)
            )
        )
    )


def _assert_items_cite(
    draft: PlanDraft, own: list[Insight], patterns: list[ContentInsight]
) -> None:
    """Each factor-based item names a factor of the piece (or a creator pattern) and quotes it."""
    quotable: dict[str | None, Insight | ContentInsight] = {r.pattern_key: r for r in patterns}
    quotable.update({r.pattern_key: r for r in own})
    own_keys = {r.pattern_key for r in own}
    for item in draft.items[:-1]:
        if item.basis is None:  # the step that makes the piece cites no factor
            assert item.title.startswith("Plan and script a new piece"), item.title
            continue
        assert item.basis in quotable, (item.title, item.basis)
        assert quotable[item.basis].description in (item.description or ""), item.title
    strongest = min(own, key=lambda r: (IMPACT[r.impact_level], -r.confidence, r.title))
    assert strongest.pattern_key in draft.basis
    assert own_keys & {i.basis for i in draft.items}


def test_more_like_this_on_the_best_piece_cites_its_success_factors(db: Database) -> None:
    creator = _demo(db)
    with db.unit_of_work() as session:
        success = _factors(session, creator, "success_factor")
        assert success, "the insights engine wrote no success factors for the demo pieces"
        number = _by_score(session, creator, set(success), best=True)
        draft = plan_from_content(session, creator, number, mode="more", now=NOW)
        _assert_items_cite(draft, success[number], _creator_patterns(session, creator))
        performance = session.scalars(
            select(ContentPerformance)
            .join(ContentPiece, ContentPiece.id == ContentPerformance.content_id)
            .where(ContentPiece.creator_id == creator, ContentPiece.number == number)
        ).one()
        assert draft.projected_outcome["views"] == performance.views
        saved = save_draft(session, creator, draft, now=NOW)
    assert saved.source_content_number == number
    assert all(i.due_date is not None and i.due_date > NOW for i in saved.items)
    assert all(i.estimated_hours and i.estimated_hours > 0 for i in saved.items)


def test_diagnose_on_the_worst_piece_cites_its_failure_factors(db: Database) -> None:
    creator = _demo(db)
    with db.read() as session:
        failure = _factors(session, creator, "failure_factor")
        assert failure, "the insights engine wrote no failure factors for the demo pieces"
        number = _by_score(session, creator, set(failure), best=False)
        draft = plan_from_content(session, creator, number, mode="diagnose", now=NOW)
        _assert_items_cite(draft, failure[number], _creator_patterns(session, creator))
    assert draft.name.startswith(f"Fix what held back piece {number}")
