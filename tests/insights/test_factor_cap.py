"""A piece keeps its most relevant factors: at most three per side, strongest first."""

from __future__ import annotations

import uuid
from collections import Counter
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from insights.factors import piece_factors
from insights.facts import build_facts
from insights.frame import load_rows
from insights.insight_rows import most_relevant, piece_insights, relevance_key
from insights.patterns import discover_patterns
from insights.refresh import MAX_FACTORS_PER_SIDE
from insights.scoring import score_rows
from insights.view_models import Insight
from storage import Database
from storage.models import ContentInsight, ContentPiece
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW


def factor(title: str, impact: str, positive: bool, *, rule: bool = False) -> Insight:
    data: dict[str, object] = {"source": "rule_of_thumb"} if rule else {"family": "theme"}
    return Insight(
        title=title,
        description="",
        impact_level=impact,
        is_positive=positive,
        insight_type="success_factor" if positive else "failure_factor",
        pattern_key=title,
        confidence=0.5,
        supporting_data=data,
    )


def test_most_relevant_keeps_the_strongest_of_each_side() -> None:
    found = [
        factor("low", "low", True),
        factor("rule", "medium", True, rule=True),
        factor("medium", "medium", True),
        factor("high", "high", True),
        factor("bad", "low", False),
    ]
    kept = most_relevant(found, 2)
    assert [f.title for f in kept] == ["high", "medium", "bad"]
    assert sorted(found, key=relevance_key)[0].title == "high"


def test_refresh_stores_the_capped_factors_of_every_piece(db: Database) -> None:
    creator = simulated_creator(db, pieces=300)
    with db.read() as s:
        ids = s.scalars(
            select(ContentInsight.content_id).where(
                ContentInsight.creator_id == creator, ContentInsight.content_id.is_not(None)
            )
        ).all()
        read = piece_insights(s, creator, set(ids))
        rows = load_rows(s, creator)
    stored = [(content_id, f.is_positive, f.title) for content_id, fs in read.items() for f in fs]
    per_side = Counter((content_id, positive) for content_id, positive, _ in stored)
    assert per_side and max(per_side.values()) <= MAX_FACTORS_PER_SIDE
    # Recompute the uncapped factors: the cap must have bitten, and kept the most relevant.
    results = score_rows(rows, NOW)
    facts = build_facts(rows, results, ZoneInfo("Europe/Berlin"))
    every = piece_factors(facts, discover_patterns(facts, "Europe/Berlin"))
    assert any(
        sum(f.is_positive for f in found) > MAX_FACTORS_PER_SIDE
        or sum(not f.is_positive for f in found) > MAX_FACTORS_PER_SIDE
        for found in every.values()
    ), "no piece had more factors than the cap: the test proves nothing"
    titles = {(content_id, title) for content_id, _, title in stored}
    for content_id, found in every.items():
        expected = {(content_id, f.title[:255]) for f in most_relevant(found, MAX_FACTORS_PER_SIDE)}
        assert {t for t in titles if t[0] == content_id} == expected


def test_factors_tied_on_impact_confidence_and_title_read_in_one_order_however_stored(
    db: Database,
) -> None:
    creator = simulated_creator(db, pieces=40)
    with db.read() as s:
        piece = s.scalars(select(ContentPiece.id).where(ContentPiece.creator_id == creator)).first()
    assert piece is not None
    orders = []
    for stored in (("b", "a"), ("a", "b")):
        with db.unit_of_work() as s:
            s.execute(delete(ContentInsight).where(ContentInsight.content_id == piece))
            s.add_all(tied_row(creator, piece, description) for description in stored)
        with db.read() as s:
            orders.append([f.description for f in piece_insights(s, creator, [piece])[piece]])
    assert orders[0] == orders[1] == ["a", "b"]


def tied_row(creator: uuid.UUID, piece: uuid.UUID, description: str) -> ContentInsight:
    """A stored factor that differs from the others only in its description."""
    return ContentInsight(
        creator_id=creator,
        content_id=piece,
        insight_type="success_factor",
        pattern_key="theme:tied",
        title="Tied",
        description=description,
        impact_level="medium",
        is_positive=True,
        confidence=0.5,
        supporting_data={},
        created_at=NOW,
    )
