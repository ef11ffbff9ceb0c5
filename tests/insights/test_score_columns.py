"""A full refresh scores column arrays: the same scores, ranks, categories and facts, to the bit."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from insights import scoring
from insights.column_facts import build_column_facts
from insights.column_memo import ColumnMemo
from insights.facts import build_facts
from insights.frame import load_rows
from insights.ingest import ingest_records
from insights.piece_columns import load_columns
from insights.records import MetricsRecord, PieceRecord
from insights.score_columns import RANK_PLACES, score_columns
from insights.scoring import ScoringConfig, score_rows
from storage import Database
from storage.models import ContentPerformance
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW

TZ = ZoneInfo("Europe/Berlin")
CONFIGS = {
    "default": ScoringConfig(),
    "whole groups": ScoringConfig(era_neighbours=None),
    "large minimum": ScoringConfig(min_group_size=60),
    "tiny eras": ScoringConfig(era_neighbours=3),
}


def odd_creator(db: Database) -> uuid.UUID:
    """A simulated creator plus the odd pieces real data has: hidden views, reach only, no likes,
    and counts the platform did not report."""
    creator = simulated_creator(db, pieces=240, date_only_every=7)
    with db.unit_of_work() as s:
        rows = load_rows(s, creator)[:7]
    odd = [
        MetricsRecord(views=None, likes=40, comments=3, reach=900),
        MetricsRecord(views=0, likes=0, comments=0, reach=500, engagement_rate=2.5),
        MetricsRecord(views=1200, likes=0, comments=0, views_24h=300, likes_24h=None),
        MetricsRecord(views=50, likes=9, comments=9, shares=4, saves=1, retention_rate=0.61),
        # Counts the platform did not report (hidden likes, TikTok's saves, no comments figure).
        MetricsRecord(views=800, likes=None, comments=5, shares=2, saves=None),
        MetricsRecord(views=700, likes=60, comments=4, shares=3, saves=None),
        MetricsRecord(views=900, likes=30, comments=None, shares=None, saves=None),
    ]
    records = [
        PieceRecord(
            platform=row.platform,
            platform_id=f"odd-{i}",
            content_type=row.content_type,
            title=f"odd {i}",
            published_at=NOW - timedelta(days=2 + 40 * i),
            metrics=metrics,
            theme=row.theme,
        )
        for i, (row, metrics) in enumerate(zip(rows, odd, strict=True))
    ]
    with db.unit_of_work() as s:
        ingest_records(s, creator, records, now=NOW, source="test")
    return creator


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_column_scores_and_facts_equal_the_per_piece_ones(db: Database, name: str) -> None:
    config = CONFIGS[name]
    creator = odd_creator(db)
    for now in (NOW, NOW + timedelta(days=30)):  # young pieces on 24 h figures, then none
        with db.read() as s:
            rows = load_rows(s, creator)
            columns = load_columns(s, creator)
        results = score_rows(rows, now, config)
        scores = score_columns(columns, now, config)
        expected = [
            (r.performance_score, r.percentile_rank, r.performance_category, r.is_provisional)
            for r in results
        ]
        found = zip(
            scores.performance_score,
            scores.percentile_rank,
            scores.performance_category,
            scores.provisional.tolist(),
            strict=True,
        )
        assert list(found) == expected
        assert len({r.performance_category for r in results}) == 3  # not a vacuous comparison
        assert any(r.baseline.basis == "24h" for r in results) == (now == NOW)
        assert build_column_facts(columns, scores, TZ) == build_facts(rows, results, TZ)


def test_a_creator_without_pieces_scores_nothing(db: Database) -> None:
    creator = simulated_creator(db, pieces=0)
    with db.read() as s:
        columns = load_columns(s, creator)
    assert score_columns(columns, NOW, ScoringConfig()).performance_score.size == 0
    assert build_column_facts(columns, score_columns(columns, NOW, ScoringConfig()), TZ) == []


def test_scores_written_a_few_rows_at_a_time_equal_the_per_piece_write(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    creator = odd_creator(db)
    later = NOW + timedelta(days=30)  # every score moves: pieces come of age, eras shift
    monkeypatch.setattr(scoring, "UPDATE_CHUNK", 7)
    with db.unit_of_work() as s:
        per_piece = copy_of_scores(s, creator, lambda: scoring.rescore_creator(s, creator, later))
        columns = load_columns(s, creator)
        scores = score_columns(columns, later, ScoringConfig())
        written = scoring.write_column_scores(s, creator, columns, scores, later)
        by_columns = stored_scores(s, creator)
    assert written > 7 and by_columns == per_piece


def copy_of_scores(s: Session, creator: uuid.UUID, write: Callable[[], object]) -> object:
    """The scores ``write`` stores, then rolled back (a savepoint)."""
    savepoint = s.begin_nested()
    write()
    found = stored_scores(s, creator)
    savepoint.rollback()
    return found


def stored_scores(s: Session, creator: uuid.UUID) -> object:
    """Every stored score column of the creator's pieces, by performance row."""
    p = ContentPerformance
    rows = s.execute(
        select(
            p.id,
            p.performance_score,
            p.percentile_rank,
            p.performance_category,
            p.is_provisional,
            p.scored_at,
        ).where(p.creator_id == creator)
    )
    return sorted(tuple(r) for r in rows)


@pytest.mark.parametrize("digits", [1, 2])
def test_rounding_by_numpy_gives_pythons_round_of_every_value_even_next_to_a_half(
    digits: int,
) -> None:
    import numpy as np

    from insights.score_columns import rounded

    rng = np.random.default_rng(digits)
    halves = (np.arange(20_000) + 0.5) / 10.0**digits  # 2.675 and its kind: just off a half
    odd = [np.nan, np.inf, -np.inf, -0.0, -0.004, 2.675, 1e300, 5e-324, 2.0**52 + 1]
    values = np.concatenate([rng.uniform(-5, 105, 200_000), halves, -halves, odd])
    found = rounded(values, digits)
    expected = np.array([round(value, digits) for value in values.tolist()])
    assert np.array_equal(found, expected, equal_nan=True)
    assert np.array_equal(np.signbit(found), np.signbit(expected))


def test_categories_at_once_are_each_scores_category_at_the_thresholds_too() -> None:
    from insights.score_columns import categories, category_codes
    from insights.score_math import CATEGORY_NAMES, category_of

    scores = np.array([0.0, 39.99, 40.0, 57.5, 75.0, 75.01, 100.0, np.nan])
    assert categories(scores) == [category_of(score) for score in scores.tolist()]
    assert [CATEGORY_NAMES[code] for code in category_codes(scores).tolist()] == categories(scores)
    assert categories(np.zeros(0)) == []


def test_ranks_sorted_from_a_kept_order_equal_ranks_sorted_afresh_whatever_order_was_kept(
    db: Database,
) -> None:
    creator = odd_creator(db)
    with db.unit_of_work() as s:
        columns = load_columns(s, creator)
    fresh = score_columns(columns, NOW, ScoringConfig())
    columns.memo = ColumnMemo()
    score_columns(columns, NOW, ScoringConfig())  # keeps each piece's place by deviation
    kept = columns.memo.kept(RANK_PLACES)
    assert kept is not None and sorted(kept[1].tolist()) == list(range(len(columns)))
    rng = np.random.default_rng(3)
    places = rng.permutation(len(columns))  # a wrong order costs time, never a rank
    for guess in (places, np.where(rng.random(len(columns)) < 0.5, places, 0)):
        columns.memo.keep(RANK_PLACES, columns.published_us, guess)
        again = score_columns(columns, NOW, ScoringConfig())
        np.testing.assert_array_equal(again.percentile_rank, fresh.percentile_rank)
