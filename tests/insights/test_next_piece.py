"""The next piece's brief from the creator's stored recommendations (insights.next_piece)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import delete

from insights.content import list_content
from insights.next_piece import NEXT_PIECE_CACHE, Brief, next_piece_brief
from insights.views import TIMING_PREFIXES, creator_recommendations
from storage import Database
from storage.data_version import touch
from storage.models import ContentInsight
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    NEXT_PIECE_CACHE.clear()


SLOT_PREFIXES = ("theme:", "platform:", "format:", *TIMING_PREFIXES)


def brief_of(db: Database, creator_id: uuid.UUID) -> Brief:
    with db.read() as session:
        return next_piece_brief(session, creator_id, NOW)


def judged(db: Database, creator_id: uuid.UUID, **where: str | None) -> list[tuple[float, int]]:
    """(score, number) of every judged piece matching ``where``, best first."""
    items = []
    with db.read() as session:
        page, pages = 1, 1
        while page <= pages:
            found = list_content(session, creator_id, page=page, page_size=100, **where)  # type: ignore[arg-type]
            items += found.items
            page, pages = page + 1, found.pages
    return sorted(
        ((p.performance.performance_score, p.number) for p in items
         if not p.performance.is_provisional and p.performance.performance_score is not None),
        reverse=True,
    )  # fmt: skip


@pytest.fixture
def planted(db: Database) -> uuid.UUID:
    """A simulated creator whose themes and posting windows differ (the simulator plants them)."""
    return simulated_creator(db, pieces=200, seed=4)


def test_every_part_of_the_brief_is_a_stored_recommendation_in_its_slot(
    db: Database, planted: uuid.UUID
) -> None:
    brief = brief_of(db, planted)
    with db.read() as session:
        stored = {r.pattern_key: r for r in creator_recommendations(session, planted)}
    assert brief.theme is not None and brief.window is not None
    assert all(stored[p.pattern_key] == p for p in brief.parts)
    assert brief.theme.is_positive and (brief.theme.pattern_key or "").startswith("theme:")
    assert brief.window.is_positive and (brief.window.pattern_key or "").startswith(TIMING_PREFIXES)
    assert all(not (h.pattern_key or "").startswith(SLOT_PREFIXES) for h in brief.habits)
    assert all(not s.is_positive and (s.pattern_key or "").startswith(SLOT_PREFIXES)
               for s in brief.skip)  # fmt: skip
    assert all(p.pattern_key in brief.evidence for p in brief.parts)


def test_the_brief_takes_the_most_important_positive_theme(
    db: Database, planted: uuid.UUID
) -> None:
    brief = brief_of(db, planted)
    with db.read() as session:
        themes = [r for r in creator_recommendations(session, planted)
                  if (r.pattern_key or "").startswith("theme:") and r.is_positive]  # fmt: skip
    assert brief.theme == themes[0]


def test_the_pieces_to_start_from_are_the_best_scored_of_that_kind(
    db: Database, planted: uuid.UUID
) -> None:
    brief = brief_of(db, planted)
    assert brief.models_theme is not None and 2 <= len(brief.models) <= 3
    where = {"theme": brief.models_theme, "platform": brief.models_platform}
    best = judged(db, planted, **where)
    assert [p.number for p in brief.models] == [n for _, n in best[: len(brief.models)]]
    assert all(p.theme == brief.models_theme for p in brief.models)
    if brief.models_platform:
        assert all(p.platform == brief.models_platform for p in brief.models)


def test_with_no_pattern_the_brief_is_empty_and_offers_the_best_pieces(db: Database) -> None:
    creator = simulated_creator(db, pieces=40, seed=2, null=True, handle="flat")
    brief = brief_of(db, creator)
    with db.read() as session:
        assert creator_recommendations(session, creator) == []
    assert brief.parts == () and brief.models_theme is None and brief.models_platform is None
    assert [p.number for p in brief.models] == [n for _, n in judged(db, creator)[:3]]


def test_a_creator_sees_only_their_own_pieces_in_the_brief(
    db: Database, planted: uuid.UUID
) -> None:
    other = simulated_creator(db, pieces=200, seed=5, handle="other")
    mine = {p.id for p in brief_of(db, planted).models}
    theirs = {p.id for p in brief_of(db, other).models}
    assert mine and theirs and not mine & theirs


def test_a_write_to_the_creators_data_is_seen_by_the_next_brief(
    db: Database, planted: uuid.UUID
) -> None:
    assert brief_of(db, planted).parts
    with db.unit_of_work() as session:
        insights = ContentInsight.__table__
        session.execute(
            delete(insights).where(
                insights.c.creator_id == planted, insights.c.content_id.is_(None)
            )
        )
        touch(session, [planted])
    assert brief_of(db, planted).parts == ()
