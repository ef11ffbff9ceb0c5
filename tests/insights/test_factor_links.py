"""Pattern factors are stored as links and read with their pattern's current figures."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from insights.column_facts import build_column_facts
from insights.factors import piece_factors
from insights.ingest import ingest_records
from insights.insight_rows import insights_for, most_relevant, piece_insights, rank_key
from insights.patterns import discover_patterns
from insights.piece_columns import load_columns
from insights.piece_queries import creator_zone
from insights.refresh import MAX_FACTORS_PER_SIDE, refresh_creator
from insights.score_columns import score_columns
from insights.scoring import DEFAULT_SCORING
from insights.view_models import Insight
from plans.factors import piece_factors as plan_factors
from simulator import SimulationConfig, generate_pieces
from storage import Database
from storage.models import ContentInsight, InsightType
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW

CI = ContentInsight


def expected_factors(session: Session, creator_id: uuid.UUID) -> dict[uuid.UUID, list[Insight]]:
    """Every piece's kept factors worked out in memory from the creator's data as it is now."""
    tz_name, tz = creator_zone(session, creator_id)
    columns = load_columns(session, creator_id)
    facts = build_column_facts(columns, score_columns(columns, NOW, DEFAULT_SCORING), tz)
    found = piece_factors(facts, discover_patterns(facts, tz_name))
    return {
        content_id: sorted(most_relevant(factors, MAX_FACTORS_PER_SIDE), key=rank_key)
        for content_id, factors in found.items()
    }


def canonical(found: dict[uuid.UUID, list[Insight]]) -> dict[uuid.UUID, list[Insight]]:
    """Each piece's factors in ``rank_key``'s order, a total one (whatever order the rows were
    stored in, which an incremental refresh does not keep)."""
    return {content_id: sorted(factors, key=rank_key) for content_id, factors in found.items()}


def stored_links(session: Session, creator_id: uuid.UUID) -> dict[uuid.UUID, Any]:
    """Link row id -> (piece, pattern key)."""
    rows = session.execute(
        select(CI.id, CI.content_id, CI.pattern_key).where(
            CI.creator_id == creator_id, CI.is_link.is_(True)
        )
    )
    return {r.id: (r.content_id, r.pattern_key) for r in rows}


def pattern_figures(session: Session, creator_id: uuid.UUID) -> dict[str, Any]:
    rows = session.execute(
        select(CI.pattern_key, CI.supporting_data).where(
            CI.creator_id == creator_id, CI.content_id.is_(None), CI.insight_type == "pattern"
        )
    )
    return {
        r.pattern_key: (r.supporting_data["lift"], r.supporting_data["group_size"]) for r in rows
    }


def test_factors_read_back_exactly_as_their_patterns_word_them(db: Database) -> None:
    creator = simulated_creator(db, pieces=200)
    with db.read() as s:
        expected = expected_factors(s, creator)
        read = piece_insights(s, creator, list(expected))
        links = stored_links(s, creator)
    assert links, "pattern factors should be stored as links"
    assert canonical(read) == canonical(expected)


def test_a_factor_quotes_its_pattern_s_current_figures_after_the_pattern_moved(
    db: Database,
) -> None:
    creator = simulated_creator(db, pieces=200)
    with db.read() as s:
        before_links = stored_links(s, creator)
        before_figures = pattern_figures(s, creator)
        before = piece_insights(s, creator, {c for c, _ in before_links.values()})
    config = SimulationConfig(pieces=40, timezone="Europe/Berlin")
    new = [p.record for p in generate_pieces(config, seed=77, now=NOW)]
    with db.unit_of_work() as s:
        ingest_records(s, creator, new, now=NOW, source="test")  # refreshes the creator
    with db.read() as s:
        after_links = stored_links(s, creator)
        after_figures = pattern_figures(s, creator)
        expected = expected_factors(s, creator)
        after = piece_insights(s, creator, list(expected))
    assert canonical(after) == canonical(expected)
    moved = {k for k, v in after_figures.items() if k in before_figures and before_figures[k] != v}
    assert moved, "the import should move some pattern's figures: the test proves nothing"
    kept = {row_id for row_id in before_links if after_links.get(row_id) == before_links[row_id]}
    # A link that stayed as it was now reads its pattern's new figures.
    reworded = [
        before_links[row_id]
        for row_id in kept
        if before_links[row_id][1] in moved
        and _description(before, *before_links[row_id])
        != _description(after, *before_links[row_id])
    ]
    assert reworded, "no kept link was reworded: the test proves nothing"


def _description(
    found: dict[uuid.UUID, list[Insight]], content_id: uuid.UUID, pattern_key: str
) -> str:
    return next(f.description for f in found[content_id] if f.pattern_key == pattern_key)


def test_a_link_reads_its_pattern_row_as_the_row_is_now(db: Database) -> None:
    creator = simulated_creator(db, pieces=200)
    with db.unit_of_work() as s:
        content_id, key = s.execute(
            select(CI.content_id, CI.pattern_key).where(
                CI.creator_id == creator, CI.is_link.is_(True), CI.pattern_key.like("theme:%")
            )
        ).first()  # type: ignore[misc]
        pattern = s.scalars(
            select(CI).where(
                CI.creator_id == creator,
                CI.content_id.is_(None),
                CI.pattern_key == key,
                CI.insight_type == "pattern",
            )
        ).one()
        pattern.supporting_data = {**pattern.supporting_data, "group_size": 999}
        pattern.figures = {**(pattern.figures or {}), "lift": 3.04}
        pattern.impact_level, pattern.confidence = "low", 0.123
    with db.read() as s:
        factor = next(
            f for f in piece_insights(s, creator, [content_id])[content_id] if f.pattern_key == key
        )
    assert "3.0×" in factor.description and "(999 pieces)" in factor.description
    assert (factor.impact_level, factor.confidence) == ("low", 0.123)
    assert factor.supporting_data["group_size"] == 999


def test_every_reader_gets_the_same_factors(db: Database) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.read() as s:
        found = piece_insights(
            s, creator, set(stored_links(s, creator)[k][0] for k in stored_links(s, creator))
        )
        content_id = next(iter(found))
        listed = insights_for(s, creator, [content_id])[content_id]
        planned = plan_factors(s, creator, content_id, InsightType.SUCCESS_FACTOR)
        planned += plan_factors(s, creator, content_id, InsightType.FAILURE_FACTOR)
    assert canonical({content_id: listed}) == canonical({content_id: found[content_id]})
    assert sorted((f.title, f.description) for f in planned) == sorted(
        (f.title, f.description) for f in found[content_id]
    )


def test_a_factor_stored_whole_reads_as_stored_until_a_refresh_links_it(db: Database) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.unit_of_work() as s:
        link = s.scalars(select(CI).where(CI.creator_id == creator, CI.is_link.is_(True))).first()
        assert link is not None
        content_id = link.content_id
        s.execute(
            update(CI)
            .where(CI.id == link.id)
            .values(
                is_link=False,
                title="Old",
                description="Stored before links",
                supporting_data={"family": "theme"},
            )
        )
    with db.read() as s:
        titles = [f.title for f in piece_insights(s, creator, [content_id])[content_id]]
    assert "Old" in titles
    with db.unit_of_work() as s:
        refresh_creator(s, creator, NOW)
    with db.read() as s:
        read = piece_insights(s, creator, [content_id])[content_id]
        expected = expected_factors(s, creator)[content_id]
    assert canonical({content_id: read}) == canonical({content_id: expected})


def test_a_pattern_row_stored_before_figures_words_its_factors_from_the_rounded_ones(
    db: Database,
) -> None:
    creator = simulated_creator(db, pieces=120)
    with db.unit_of_work() as s:
        content_id, key = s.execute(
            select(CI.content_id, CI.pattern_key).where(
                CI.creator_id == creator, CI.is_link.is_(True), CI.pattern_key.like("theme:%")
            )
        ).first()  # type: ignore[misc]
        s.execute(
            update(CI)
            .where(CI.creator_id == creator, CI.content_id.is_(None), CI.pattern_key == key)
            .values(figures=None)
        )
        lift = s.scalars(
            select(CI.supporting_data).where(
                CI.creator_id == creator,
                CI.content_id.is_(None),
                CI.pattern_key == key,
                CI.insight_type == "pattern",
            )
        ).one()["lift"]
    with db.read() as s:
        found = piece_insights(s, creator, [content_id])[content_id]
    factor = next(f for f in found if f.pattern_key == key)
    assert f"{lift:.1f}×" in factor.description


def test_every_reader_reads_a_piece_s_links_and_their_patterns_in_one_statement(
    db: Database,
) -> None:
    # On PostgreSQL each statement has its own snapshot: a link must not be filled in from a
    # pattern row committed after the link was read.
    creator = simulated_creator(db, pieces=120)
    with db.read() as s:
        content_id = next(iter(stored_links(s, creator).values()))[0]
        with statements(db) as seen:
            found = piece_insights(s, creator, [content_id])
        assert found[content_id] and len(seen) == 1
        with statements(db) as seen:
            plan_factors(s, creator, content_id, InsightType.SUCCESS_FACTOR)
        assert len(seen) == 1


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The SQL statements run inside the block."""
    seen: list[str] = []

    def listener(*args: Any) -> None:
        seen.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
