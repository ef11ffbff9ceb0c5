"""The incremental refresh stores exactly what a full refresh stores, whatever was written before.

Random sequences of imports (across the history, or new uploads of the last day), edits (figures
changed, views hidden, a piece's theme chosen), deletions and days passing run on a small
simulated creator. After each step the incremental ``refresh_creator`` runs; a full
``refresh_all`` then runs on the same data in a savepoint (a copy, rolled back) and both stored
results are compared: scores equal (tolerance 0: both compute them the same way), percentile
ranks within ``RANK_TOLERANCE`` (a rank is stored again only once it moved that far), identical
categories, theme aggregates and insight sets (ids and ``created_at`` aside). The incremental
state is kept for the next step, so differences would accumulate and show.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from insights import factor_memo
from insights.ingest import ingest_records
from insights.records import MetricsRecord, PieceRecord
from insights.refresh import refresh_all, refresh_creator
from insights.scoring import RANK_TOLERANCE
from insights.theme_choices import rename_theme, set_piece_theme
from simulator import SimulationConfig, generate_pieces
from storage import Database, stamp_chain
from storage.creators import create_creator
from storage.models import ContentInsight, ContentPerformance, ContentPiece, ContentTheme
from tests.support.builders import NOW

POOL = 110
FIRST = 70
SCORE_TOLERANCE = 0.0  # both paths run the same scoring code: equal to the bit
CI, CP, PIECE, THEME = ContentInsight, ContentPerformance, ContentPiece, ContentTheme

imports = st.tuples(st.just("import"), st.integers(1, 12))
# New uploads of the last day, as an hourly sync brings: tested by no family, so the pattern
# computations are looked up (insights.pattern_memo) where the full refresh computes them.
young = st.tuples(st.just("young"), st.integers(1, 6))
edits = st.tuples(st.just("edit"), st.integers(0, 10_000), st.sampled_from([0.2, 0.7, 1.5, 6.0]))
hides = st.tuples(st.just("hide"), st.integers(0, 10_000))
deletions = st.tuples(st.just("delete"), st.integers(0, 10_000))
days = st.tuples(st.just("later"), st.integers(1, 9))
themes = st.tuples(st.just("theme"), st.integers(0, 10_000), st.sampled_from(["Talks", "Misc"]))
renames = st.tuples(st.just("rename"), st.integers(0, 10_000))
steps = st.lists(
    st.one_of(imports, young, edits, hides, deletions, days, themes, renames),
    min_size=1,
    max_size=4,
)


def _pool(seed: int) -> list[PieceRecord]:
    """The creator's records; every third without a theme (inferred from its words, or matched
    to an inferred theme: insights.theme_matching)."""
    config = SimulationConfig(pieces=POOL, timezone="Europe/Berlin")
    records = [p.record for p in generate_pieces(config, seed=seed, now=NOW)]
    return [replace(r, theme=None) if i % 3 == 0 else r for i, r in enumerate(records)]


def snapshot(session: Session, creator_id: uuid.UUID) -> dict[str, Any]:
    """What a refresh stores for the creator, comparable between two refreshes."""
    scores = session.execute(
        select(
            CP.content_id,
            CP.performance_score,
            CP.percentile_rank,
            CP.performance_category,
            CP.is_provisional,
        ).where(CP.creator_id == creator_id)
    ).all()
    themes = session.execute(
        select(
            THEME.theme,
            THEME.content_count,
            THEME.total_views,
            THEME.avg_engagement_rate,
            THEME.avg_performance_score,
        ).where(THEME.creator_id == creator_id)
    ).all()
    insights = session.execute(
        select(
            CI.content_id,
            CI.insight_type,
            CI.pattern_key,
            CI.title,
            CI.description,
            CI.impact_level,
            CI.is_positive,
            CI.confidence,
            CI.is_link,
            CI.supporting_data,
            CI.figures,
        ).where(CI.creator_id == creator_id)
    ).all()
    return {
        "scores": {r[0]: tuple(r[1:]) for r in scores},
        "themes": sorted(tuple(r) for r in themes),
        "insights": sorted(
            (str(r[0]), *r[1:9], *(json.dumps(d, sort_keys=True) for d in r[9:])) for r in insights
        ),
    }


def assert_equal(incremental: dict[str, Any], full: dict[str, Any]) -> None:
    """Scores within the tolerance, and everything else identical."""
    assert incremental["scores"].keys() == full["scores"].keys()
    for content_id, (score, rank, category, provisional) in incremental["scores"].items():
        other = full["scores"][content_id]
        if score is None or other[0] is None:
            assert score == other[0]
        else:
            assert abs(score - other[0]) <= SCORE_TOLERANCE
        assert abs(rank - other[1]) < RANK_TOLERANCE
        assert (category, provisional) == other[2:]
    assert incremental["themes"] == full["themes"]
    assert incremental["insights"] == full["insights"]


class Catalogue:
    """One creator's stored records, changed step by step."""

    def __init__(self, db: Database, seed: int) -> None:
        self.db = db
        self.pool = _pool(seed)
        self.stored = self.pool[:FIRST]
        self.waiting = self.pool[FIRST:]
        self.now = NOW
        with db.unit_of_work() as s:
            creator = create_creator(
                s, f"inc-{uuid.uuid4().hex[:12]}", timezone="Europe/Berlin", now=NOW
            )
            self.creator_id = creator.id
            ingest_records(s, creator.id, self.stored, now=NOW, source="test")

    def apply(self, session: Session, step: tuple[Any, ...]) -> None:
        """Write one step (the incremental refresh runs after it)."""
        kind = step[0]
        if kind == "import":
            new, self.waiting = self.waiting[: step[1]], self.waiting[step[1] :]
            self.stored += new
            self._ingest(session, new)
        elif kind == "young":
            new, self.waiting = self.waiting[: step[1]], self.waiting[step[1] :]
            new = [
                replace(r, published_at=self.now - timedelta(hours=1 + i))
                for i, r in enumerate(new)
            ]
            self.stored += new
            self._ingest(session, new)
        elif kind in ("edit", "hide") and self.stored:
            i = step[1] % len(self.stored)
            metrics = self.stored[i].metrics
            if kind == "edit":
                metrics = _scaled(metrics, step[2])
            else:
                metrics = replace(metrics, views=None, reach=None)
            self.stored[i] = replace(self.stored[i], metrics=metrics)
            self._ingest(session, [self.stored[i]])
        elif kind == "delete" and self.stored:
            gone = self.stored.pop(step[1] % len(self.stored))
            session.execute(
                delete(PIECE).where(
                    PIECE.creator_id == self.creator_id, PIECE.platform_id == gone.platform_id
                )
            )
            refresh_creator(session, self.creator_id, self.now)
        elif kind == "later":
            self.now += timedelta(days=step[1])
            refresh_creator(session, self.creator_id, self.now)
        elif kind == "rename":
            names = session.scalars(
                select(PIECE.theme).where(PIECE.creator_id == self.creator_id).distinct()
            ).all()
            if names := sorted(name for name in names if name):
                old = names[step[1] % len(names)]
                rename_theme(session, self.creator_id, old, f"{old} again", self.now)
        elif kind == "theme":
            numbers = session.scalars(
                select(PIECE.number).where(PIECE.creator_id == self.creator_id)
            ).all()
            number = sorted(numbers)[step[1] % len(numbers)]
            set_piece_theme(session, self.creator_id, number, step[2], self.now)

    def _ingest(self, session: Session, records: list[PieceRecord]) -> None:
        ingest_records(session, self.creator_id, records, now=self.now, source="test")


def _scaled(metrics: MetricsRecord, factor: float) -> MetricsRecord:
    """Views and likes times ``factor``; the early figures no larger than those (an import
    refuses a first day's views above the lifetime's)."""
    views = int((metrics.views or 0) * factor) + 1
    likes = int(metrics.likes * factor) if metrics.likes is not None else None
    early = {
        name: value if value is None or ceiling is None else min(value, ceiling)
        for name, value, ceiling in (
            ("views_24h", metrics.views_24h, views),
            ("views_48h", metrics.views_48h, views),
            ("likes_24h", metrics.likes_24h, likes),
        )
    }
    return replace(metrics, views=views, likes=likes, **early)


@contextmanager
def as_another_process() -> Iterator[None]:
    """What this process remembers of stored factors, left as it was by the block's refreshes."""
    entries, stamps = dict(factor_memo._KEPT._entries), dict(stamp_chain._LEFT)
    try:
        yield
    finally:
        factor_memo._KEPT._entries.clear()
        factor_memo._KEPT._entries.update(entries)
        stamp_chain._LEFT.clear()
        stamp_chain._LEFT.update(stamps)


def full_refresh_of(session: Session, creator_id: uuid.UUID, now: datetime) -> dict[str, Any]:
    """What a full refresh stores now, in a rolled-back savepoint: as another process would
    compute it, so the incremental refreshes keep what they remember of their own writes."""
    with as_another_process():
        copy = session.begin_nested()
        refresh_all(session, creator_id, now)
        full = snapshot(session, creator_id)
        copy.rollback()
    return full


def check_sequence(db: Database, seed: int, sequence: list[tuple[Any, ...]]) -> None:
    """Apply ``sequence``; after each step the incremental result equals a full refresh."""
    catalogue = Catalogue(db, seed)
    for step in sequence:
        with db.unit_of_work() as session:
            catalogue.apply(session, step)
            incremental = snapshot(session, catalogue.creator_id)
            full = full_refresh_of(session, catalogue.creator_id, catalogue.now)
        assert_equal(incremental, full)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(1, 50), sequence=steps)
def test_incremental_refresh_equals_a_full_refresh_after_any_writes(
    db: Database, seed: int, sequence: list[tuple[Any, ...]]
) -> None:
    check_sequence(db, seed, sequence)


def test_an_incremental_refresh_with_nothing_changed_writes_no_insight(db: Database) -> None:
    catalogue = Catalogue(db, seed=3)
    with db.unit_of_work() as session:
        result = refresh_creator(session, catalogue.creator_id, NOW)
    assert result.written == 0 and result.factors > 0 and result.patterns > 0
