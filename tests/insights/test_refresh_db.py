"""The refresh the ingestion pipeline calls: scores, themes, patterns and factors, stored."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from sqlalchemy import func, select, update

from insights import patterns, refresh
from insights.insight_rows import piece_insights
from insights.refresh import refresh_creator
from storage import Database
from storage.models import ContentInsight, ContentPerformance, ContentPiece, ContentTheme
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW

SUPPORT_KEYS = {
    "group_size",
    "rest_size",
    "group_median",
    "rest_median",
    "lift",
    "p_value",
    "adjusted_p_value",
    "test",
}


def _insights(db: Database, creator_id: uuid.UUID) -> list[Any]:
    """Every insight of the creator as readers get it (factors filled in from their patterns)."""
    with db.read() as s:
        patterns = s.scalars(
            select(ContentInsight).where(
                ContentInsight.creator_id == creator_id, ContentInsight.content_id.is_(None)
            )
        ).all()
        pieces = dict(
            s.execute(
                select(ContentPiece.id, ContentPiece.publish_time_known).where(
                    ContentPiece.creator_id == creator_id
                )
            ).all()
        )
        factors = piece_insights(s, creator_id, set(pieces))
    rows = [
        (None, p.insight_type, p.pattern_key, p.is_positive, p.supporting_data, p.description, None)
        for p in patterns
    ]
    for content_id, found in factors.items():
        rows += [
            (
                content_id,
                f.insight_type,
                f.pattern_key,
                f.is_positive,
                f.supporting_data,
                f.description,
                pieces[content_id],
            )
            for f in found
        ]
    return rows


def test_ingest_stores_patterns_with_their_statistics(db: Database) -> None:
    creator = simulated_creator(db)
    rows = _insights(db, creator)
    patterns = [r for r in rows if r[0] is None and r[1] == "pattern"]
    assert {r[1] for r in rows if r[0] is None} == {"pattern", "recommendation"}
    keys = {r[2] for r in patterns}
    assert "theme:tutorials" in keys and "theme:vlogs" in keys
    assert any(k.startswith(("slot:", "hours:", "days:")) for k in keys)
    for _, _, _, _, data, _, _ in patterns:
        assert data.keys() >= SUPPORT_KEYS
        assert data["adjusted_p_value"] <= 0.05
        assert data["group_size"] >= 3 and data["rest_size"] >= 3
    windows = [r[4] for r in patterns if r[2].startswith(("slot:", "hours:", "days:"))]
    assert all(w["timezone"] == "Europe/Berlin" and w["days"] for w in windows)


def test_every_factor_has_a_pattern_behind_it_or_says_it_is_a_rule(db: Database) -> None:
    creator = simulated_creator(db, pieces=120)
    rows = _insights(db, creator)
    pattern_keys = {r[2] for r in rows if r[0] is None}
    factors = [r for r in rows if r[0] is not None]
    assert {r[1] for r in factors} == {"success_factor", "failure_factor"}
    for _, kind, key, positive, data, description, _ in factors:
        assert positive == (kind == "success_factor")
        if data["source"] == "rule_of_thumb":
            assert "rule of thumb" in description
        else:
            assert key in pattern_keys and data.keys() >= SUPPORT_KEYS
            assert str(data["group_size"]) in description or data["family"] in (
                "platform",
                "engagement",
                "retention",
            )


def test_pieces_without_a_time_of_day_get_no_timing_factor(db: Database) -> None:
    creator = simulated_creator(db, pieces=300, date_only_every=4)
    rows = _insights(db, creator)
    timing = [r for r in rows if r[0] is not None and r[2].startswith(("slot:", "hours:", "days:"))]
    assert timing, "the simulated creator should have posting-window factors"
    assert all(r[6] is True for r in timing)


def test_refresh_replaces_the_previous_insights_and_themes(db: Database) -> None:
    creator = simulated_creator(db, pieces=80)
    before = sorted((r[1], r[2] or "", str(r[0])) for r in _insights(db, creator))
    with db.unit_of_work() as s:
        refresh_creator(s, creator, NOW)
    after = sorted((r[1], r[2] or "", str(r[0])) for r in _insights(db, creator))
    assert after == before
    with db.read() as s:
        themes = s.execute(
            select(ContentTheme.theme, ContentTheme.content_count).where(
                ContentTheme.creator_id == creator
            )
        ).all()
        pieces = s.scalar(
            select(func.count()).select_from(ContentPiece).where(ContentPiece.creator_id == creator)
        )
    assert {t for t, _ in themes} == {"Tutorials", "Tips", "Reviews", "Vlogs"}
    assert sum(c for _, c in themes) == pieces


def test_uniform_content_yields_no_patterns(db: Database) -> None:
    creator = simulated_creator(db, null=True, seed=3)
    rows = _insights(db, creator)
    assert [r for r in rows if r[0] is None] == []
    assert all(r[4]["source"] == "rule_of_thumb" for r in rows)


def test_refresh_copes_with_no_content_and_only_young_content(db: Database) -> None:
    from datetime import timedelta

    from tests.support.builders import Spec, add_pieces, make_creator

    with db.unit_of_work() as s:
        empty = make_creator(s, "empty")
        young = make_creator(s, "young")
        add_pieces(s, young, [Spec(published_at=NOW - timedelta(days=1)) for _ in range(3)])
        refresh_creator(s, empty.id, NOW)
        refresh_creator(s, young.id, NOW)
    assert _insights(db, empty.id) == []
    assert all(r[0] is not None for r in _insights(db, young.id))  # rules of thumb only


def test_the_pattern_tests_run_beside_the_writes_only_where_the_server_writes(
    db: Database, monkeypatch: Any
) -> None:
    """PostgreSQL writes in its own process, so the tests overlap them; SQLite writes in this
    one, under the same GIL, and the refresh runs them one after the other."""
    creator = simulated_creator(db, pieces=80)
    threads: list[str] = []
    original = patterns.discover_in_arrays

    def recorded(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(refresh, "discover_in_arrays", recorded)
    with db.unit_of_work() as s:
        P = ContentPerformance
        s.execute(update(P).where(P.creator_id == creator).values(views=7))
        refresh_creator(s, creator, NOW)
    beside = db.engine.dialect.name == "postgresql"
    assert len(threads) == 1
    assert threads[0].startswith("patterns") is beside, threads
