"""The posting-time heatmap: medians in the creator's local time (DST too), kept until a write."""

from __future__ import annotations

from datetime import UTC, datetime

from context.chart_data import HEATMAP_CACHE, heatmap_chart
from insights.scoring import rescore_creator
from storage import Database
from storage.models import ContentPerformance, Creator
from tests.support.builders import NOW, Spec, add_pieces, make_creator

WINTER = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)  # a Monday: 11:00 in Berlin (UTC+1)
SUMMER = datetime(2026, 4, 6, 10, 0, tzinfo=UTC)  # a Monday: 12:00 in Berlin (UTC+2)


def _scores(db: Database, creator_id: object) -> list[tuple[datetime, float]]:
    with db.read() as s:
        rows = s.query(ContentPerformance).filter_by(creator_id=creator_id).all()
        return [(r.content.published_at, float(r.performance_score or 0)) for r in rows]


def _matrix(db: Database, creator_id: object) -> list[list[float | None]]:
    with db.read() as s:
        return heatmap_chart(s, creator_id).data["matrix"]  # type: ignore[arg-type, no-any-return]


def test_cells_hold_local_medians_and_follow_writes_and_the_timezone(db: Database) -> None:
    specs = [Spec(published_at=WINTER, views=1000 * (i + 1)) for i in range(3)]
    specs += [Spec(published_at=SUMMER, views=500 * (i + 1)) for i in range(2)]
    specs += [Spec(published_at=WINTER.replace(day=6), views=800, publish_time_known=False)]
    specs += [Spec(published_at=WINTER.replace(day=7), views=900 + i) for i in range(4)]
    with db.unit_of_work() as s:
        creator = make_creator(s, "hm", timezone="Europe/Berlin")
        add_pieces(s, creator, specs)
        rescore_creator(s, creator.id, NOW)
        creator_id = creator.id
    HEATMAP_CACHE.clear()
    scores = _scores(db, creator_id)
    matrix = _matrix(db, creator_id)
    winter = sorted(v for t, v in scores if t == WINTER)
    summer = sorted(v for t, v in scores if t == SUMMER)
    assert matrix[0][11] == winter[1]  # the median of three
    assert matrix[0][12] == (summer[0] + summer[1]) / 2
    assert matrix[1][11] is None  # its time of day is unknown
    assert sum(v is not None for row in matrix for v in row) == 3
    assert _matrix(db, creator_id) == matrix and HEATMAP_CACHE.hits >= 1

    with db.unit_of_work() as s:  # a new piece renews the data stamp
        creator = s.get(Creator, creator_id)
        assert creator is not None
        add_pieces(s, creator, [Spec(published_at=SUMMER.replace(hour=20), views=700)])
        rescore_creator(s, creator_id, NOW)
    assert _matrix(db, creator_id)[0][22] is not None

    with db.unit_of_work() as s:  # the timezone is part of what the cache checks
        creator = s.get(Creator, creator_id)
        assert creator is not None
        creator.timezone = "UTC"
    utc = _matrix(db, creator_id)
    assert utc[0][10] is not None and utc[0][11] is None and utc[0][20] is not None
