"""The dashboard's day cells hold exactly what the rows give, after any sequence of writes.

Random sequences of the incremental-refresh test's writes (imports across the history, uploads
of the last hours, edited and hidden figures, deletions, days passing, chosen themes) run on a
small simulated creator; after each step the cells are rebuilt as a refresh's last write does.
Then the stored cells equal sums computed in Python from the rows (counts exactly, sums to
rounding), and the dashboard built from the cells equals the one built from the rows for every
period and platform, at instants whose window boundaries cut days or fall on midnight.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from insights.aggregates import Totals, bucketed_totals
from insights.dashboard import DASHBOARD_CACHE, build_dashboard, windows
from insights.day_cells import cell_rows, cells_current, refresh_day_cells
from insights.rate_sums import SUMMED, UNIT, totals
from storage import Database
from storage.data_version import read_state
from storage.models import DAY_CELLS, ContentPerformance, ContentPiece, DayCellVersion
from tests.insights.test_incremental_refresh import Catalogue, steps

P, C = ContentPerformance, ContentPiece
PERIODS = ("7d", "30d", "90d", "all")
TOTALS = Totals._fields[4:]
PLATFORMS = (None, "youtube", "tiktok")


def stored_cells(session: Session, creator_id: uuid.UUID) -> dict[tuple[Any, ...], list[Any]]:
    """The creator's cells, keyed by (day, platform, theme, verdict)."""
    rows = session.execute(select(DAY_CELLS).where(DAY_CELLS.c.creator_id == creator_id))
    return {
        (r.day, r.platform, r.theme, r.verdict): [
            *totals([r._mapping[n] for n in SUMMED]),
            r.first_published,
        ]
        for r in rows
    }


def cells_from_rows(session: Session, creator_id: uuid.UUID) -> dict[tuple[Any, ...], list[Any]]:
    """The same sums computed here from the joined rows, one piece at a time."""
    rows = session.execute(
        select(
            C.published_at,
            C.platform,
            C.theme,
            P.performance_category,
            P.is_provisional,
            P.views,
            P.reach,
            P.engagement_rate,
            P.performance_score,
            P.retention_rate,
        )
        .join(P, P.content_id == C.id)
        .where(C.creator_id == creator_id)
    )
    cells: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0] * len(TOTALS) + [None])
    for published, platform, theme, category, provisional, *figures in rows:
        judged = None if provisional else category
        cell = cells[(published.astimezone(UTC).date(), platform, theme, judged)]
        views, reach, engagement, score, retention = figures
        added = [
            *(1, views or 0, reach or 0),
            *(units(engagement), engagement is not None),
            *(units(score), score is not None),
            *(units(retention), retention is not None),
            *(views is not None, reach is not None),
        ]
        for i, value in enumerate(added):
            cell[i] += value
        cell[-1] = published if cell[-1] is None else min(cell[-1], published)
    return dict(cells)


def units(rate: float | None) -> int:
    """A rate in billionths."""
    return 0 if rate is None else round(rate * UNIT)


def assert_cells_equal(stored: dict[Any, list[Any]], expected: dict[Any, list[Any]]) -> None:
    """Every count, sum and first instant equal; a rate's billionths to the database's rounding
    of each piece's (SQLite truncates its fraction) and, for absurd rates, a float's precision."""
    assert stored.keys() == expected.keys()
    rates = [TOTALS.index(name) for name in ("engagement_sum", "score_sum", "retention_sum")]
    for key, got in stored.items():
        want = expected[key]
        assert [v for i, v in enumerate(got) if i not in rates] == [
            v for i, v in enumerate(want) if i not in rates
        ], key
        # Beyond 2 ** 53 billionths a float's own precision bounds it (absurd rates only).
        assert all(abs(got[i] - want[i]) <= got[0] + abs(want[i]) * 1e-15 for i in rates), key


def instants(now: datetime) -> list[datetime]:
    """The step's instant, and instants whose window boundaries fall on a UTC midnight."""
    midnight = datetime.combine(now.astimezone(UTC).date(), datetime.min.time(), UTC)
    return [now, midnight, midnight + timedelta(microseconds=1), now + timedelta(hours=13)]


def assert_builds_agree(db: Database, creator_id: uuid.UUID, now: datetime) -> None:
    """Every period and platform: the cells' totals and the dashboard equal the rows'."""
    with db.read() as s:
        state = read_state(s, creator_id)
        assert state is not None and cells_current(s, creator_id)
        for at in instants(now):
            for period in PERIODS:
                for platform in PLATFORMS:
                    asked = (s, creator_id, period, platform, at)
                    assert_totals_equal(_totals(*asked, state[1]), _totals(*asked, None))
    boards = [_board(db, creator_id, now, period) for period in PERIODS]
    _mark_stale(db, creator_id)
    assert boards == [_board(db, creator_id, now, period) for period in PERIODS]


def _totals(
    s: Session,
    creator_id: uuid.UUID,
    period: str,
    platform: str | None,
    at: datetime,
    stamp: uuid.UUID | None,
) -> list[Any]:
    """The dashboard's totals from the cells (given the creator's stamp) or the rows (None)."""
    span = windows(period, at)
    bounds = [at - offset for offset in span.offsets]
    found = bucketed_totals(
        s, creator_id, bounds, start=span.start, platform=platform, cells_stamp=stamp
    )
    return sorted(found, key=_key)


def _key(cell: Any) -> tuple[Any, ...]:
    return (cell.bucket, *(value or "" for value in cell.totals[:3]))


def assert_totals_equal(got: list[Any], want: list[Any]) -> None:
    assert [(b.bucket, b.first_published) for b in got] == [
        (b.bucket, b.first_published) for b in want
    ]
    assert [b.totals for b in got] == [b.totals for b in want]  # exact: integer sums


def _board(db: Database, creator_id: uuid.UUID, now: datetime, period: str) -> Any:
    DASHBOARD_CACHE.clear()
    with db.read() as s:
        return build_dashboard(s, creator_id, period=period, now=now)


def _mark_stale(db: Database, creator_id: uuid.UUID) -> None:
    with db.unit_of_work() as s:
        s.execute(delete(DayCellVersion).where(DayCellVersion.creator_id == creator_id))
        assert not cells_current(s, creator_id)


def forget_cells(session: Session, creator_id: uuid.UUID) -> None:
    """No cells for the creator, as before its first rebuild (a PostgreSQL refresh builds them)."""
    session.execute(delete(DAY_CELLS).where(DAY_CELLS.c.creator_id == creator_id))
    session.execute(delete(DayCellVersion).where(DayCellVersion.creator_id == creator_id))


def rebuilt(db: Database, catalogue: Catalogue) -> None:
    with db.unit_of_work() as s:
        refresh_day_cells(s, catalogue.creator_id)
        assert_cells_equal(
            stored_cells(s, catalogue.creator_id), cells_from_rows(s, catalogue.creator_id)
        )


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(1, 50), sequence=steps)
def test_cells_equal_the_rows_after_any_writes(
    db: Database, seed: int, sequence: list[tuple[Any, ...]]
) -> None:
    catalogue = Catalogue(db, seed)
    for step in [("later", 0), *sequence]:
        with db.unit_of_work() as session:
            catalogue.apply(session, step)
        rebuilt(db, catalogue)
        assert_builds_agree(db, catalogue.creator_id, catalogue.now)


def test_a_write_after_the_rebuild_leaves_the_cells_unread_until_the_next(db: Database) -> None:
    catalogue = Catalogue(db, seed=4)
    rebuilt(db, catalogue)
    before = _board(db, catalogue.creator_id, catalogue.now, "all").summary.total_views
    with db.unit_of_work() as s:  # an ORM-enabled bulk write no refresh follows
        s.execute(update(P).where(P.creator_id == catalogue.creator_id).values(views=1))
    with db.read() as s:
        assert not cells_current(s, catalogue.creator_id)
    after = _board(db, catalogue.creator_id, catalogue.now, "all").summary
    assert before != after.total_views == after.total_content


def test_cells_a_writer_replaced_since_the_stamp_was_read_are_not_used(db: Database) -> None:
    catalogue = Catalogue(db, seed=5)
    rebuilt(db, catalogue)
    with db.read() as s:
        state = read_state(s, catalogue.creator_id)
        assert state is not None
        args = (s, catalogue.creator_id, [catalogue.now - timedelta(days=30)])
        assert cell_rows(*args, start=None, platform=None, stamp=state[1])
        assert cell_rows(*args, start=None, platform=None, stamp=uuid.uuid4()) is None


def test_a_rebuild_with_nothing_written_since_does_nothing(db: Database) -> None:
    catalogue = Catalogue(db, seed=6)
    with db.unit_of_work() as s:
        forget_cells(s, catalogue.creator_id)
        assert refresh_day_cells(s, catalogue.creator_id) is True
        assert refresh_day_cells(s, catalogue.creator_id) is False
        assert refresh_day_cells(s, uuid.uuid4()) is False


def test_rates_too_large_for_whole_billionths_still_sum_alike(db: Database) -> None:
    catalogue = Catalogue(db, seed=7)
    with db.unit_of_work() as s:
        first = s.scalars(select(P.id).where(P.creator_id == catalogue.creator_id)).first()
        s.execute(update(P).where(P.id == first).values(engagement_rate=3.5e20))
    rebuilt(db, catalogue)
    assert_builds_agree(db, catalogue.creator_id, catalogue.now)
    engagement = _board(db, catalogue.creator_id, catalogue.now, "all").summary.avg_engagement_rate
    assert engagement is not None and engagement > 1e17


def test_a_rebuild_that_grew_the_cells_gives_postgresql_fresh_statistics(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without them the build's GROUP BY over the cells is planned as a sort of a few rows.
    monkeypatch.setattr("insights.day_cells.ANALYZE_FROM", 1)
    catalogue = Catalogue(db, seed=8)
    with db.unit_of_work() as s:
        forget_cells(s, catalogue.creator_id)
        assert refresh_day_cells(s, catalogue.creator_id)
        if db.dialect == "postgresql":
            tuples = "SELECT reltuples FROM pg_class WHERE oid = 'dashboard_day_cells'::regclass"
            assert s.execute(text(tuples)).scalar_one() > 0


def test_a_refresh_leaves_cells_that_hold_its_stamp_and_the_rows_sums(db: Database) -> None:
    from insights.refresh import refresh_all, refresh_creator

    catalogue = Catalogue(db, seed=9)  # built through an import, whose refresh ran
    # SQLite's full refresh leaves the cells to the next write's refresh (a build reads rows).
    kept = {refresh_creator: True, refresh_all: db.engine.dialect.name == "postgresql"}
    for refresh in (refresh_all, refresh_creator):
        with db.unit_of_work() as s:
            s.execute(update(P).where(P.creator_id == catalogue.creator_id).values(views=7))
            s.execute(update(C).where(C.creator_id == catalogue.creator_id).values(theme="Gym"))
            refresh(s, catalogue.creator_id, catalogue.now)
        with db.read() as s:  # built before the refresh stored its insights, stamped after
            assert cells_current(s, catalogue.creator_id) is kept[refresh]
            if kept[refresh]:
                cells = stored_cells(s, catalogue.creator_id)
                assert_cells_equal(cells, cells_from_rows(s, catalogue.creator_id))


def test_cells_rebuilt_in_a_rolled_back_transaction_are_not_stamped_by_the_next(
    db: Database,
) -> None:
    from insights.day_cells import after_refresh, scores_stored

    catalogue = Catalogue(db, seed=10)
    with db.unit_of_work() as s:
        scores_stored(s, catalogue.creator_id, full=False)
        s.rollback()
        s.execute(update(P).where(P.creator_id == catalogue.creator_id).values(views=7))
        after_refresh(s, catalogue.creator_id, full=True)
    with db.read() as s:
        if cells_current(s, catalogue.creator_id):  # PostgreSQL's full refresh rebuilds them
            cells = stored_cells(s, catalogue.creator_id)
            assert_cells_equal(cells, cells_from_rows(s, catalogue.creator_id))
        else:
            assert db.engine.dialect.name == "sqlite"
