"""Demo mode writes metric histories too, so a demo piece has a growth chart."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from context.chart_data import chart_for
from simulator.demo import enable_demo
from storage import Database
from storage.models import MetricSnapshot
from storage.snapshots import max_rows

NOW = datetime(2031, 3, 4, 15, 0, tzinfo=UTC)


def test_demo_pieces_get_bounded_histories_that_end_at_their_views(db: Database) -> None:
    with db.unit_of_work() as session:
        result = enable_demo(
            session, handle="demo", niche="tech_reviews", profile="mid", pieces=30, seed=3, now=NOW
        )
    with db.read() as session:
        rows = session.scalar(select(func.count()).select_from(MetricSnapshot)) or 0
        spec = chart_for(session, result.creator_id, "growth", now=NOW, piece=30)

    assert 30 * 2 < rows <= 30 * max_rows(NOW - datetime(2020, 1, 1, tzinfo=UTC))
    views = spec.data["views"]
    assert views == sorted(views) and len(views) >= 2  # grows, never shrinks


def test_enabling_the_same_demo_twice_writes_the_same_history(db: Database) -> None:
    with db.unit_of_work() as session:
        enable_demo(
            session, handle="demo", niche="tech_reviews", profile="mid", pieces=10, seed=3, now=NOW
        )
    with db.read() as session:
        first = session.scalar(select(func.count()).select_from(MetricSnapshot))
    with db.unit_of_work() as session:
        enable_demo(
            session, handle="demo", niche="tech_reviews", profile="mid", pieces=10, seed=3, now=NOW
        )
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(MetricSnapshot)) == first
