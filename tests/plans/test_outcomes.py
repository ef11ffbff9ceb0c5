"""Projected against actual: the linked pieces' real performance beside the projection."""

from __future__ import annotations

import pytest

from plans import ItemEdit, ItemSpec, create_plan, edit_item, get_plan, link_item, update_plan
from plans.outcomes import compact_number, compare
from storage import Database
from storage.models import ContentPerformance
from tests.plans.helpers import NOW, add_piece, new_creator


def test_plan_actual_is_the_per_piece_average_of_linked_pieces(db: Database) -> None:
    mia = new_creator(db)
    with db.unit_of_work() as session:
        create_plan(
            session,
            mia,
            name="More tutorials",
            goal="g",
            items=[ItemSpec("one"), ItemSpec("two"), ItemSpec("three")],
            projected_outcome={"views": 20_000, "engagement_rate": 5.0},
            now=NOW,
        )
        first = add_piece(session, mia, views=24_000, engagement_rate=6.0, score=80)
        second = add_piece(session, mia, views=28_000, engagement_rate=5.0, score=90)
        add_piece(session, mia, views=1_000_000)  # not linked: must not count
        link_item(session, mia, "1.1", first.number, now=NOW)
        link_item(session, mia, "1.2", second.number, now=NOW)
        # The same piece linked twice counts once.
        link_item(session, mia, "1.3", second.number, now=NOW)
    with db.read() as session:
        view = get_plan(session, mia, 1, now=NOW)
    assert view.actual_outcome["pieces"] == 2
    assert view.actual_outcome["content_numbers"] == [1, 2]
    assert view.actual_outcome["views"] == 26_000
    assert view.actual_outcome["engagement_rate"] == 5.5
    assert view.actual_outcome["performance_score"] == 85
    texts = [c.text for c in view.outcomes]
    assert texts == [
        "projected 20k views · actual 26k, +30 %",
        "projected 5.0 % engagement · actual 5.5 %, +10 %",
    ]
    assert [c.change_percent for c in view.outcomes] == [30.0, 10.0]


def test_actuals_follow_the_pieces_latest_metrics(db: Database) -> None:
    mia = new_creator(db)
    with db.unit_of_work() as session:
        create_plan(session, mia, name="p", goal="g", items=[ItemSpec("x")], now=NOW)
        piece = add_piece(session, mia, views=5_000)
        edit_item(session, mia, "1.1", ItemEdit(projected_outcome={"views": 10_000}), now=NOW)
        link_item(session, mia, "1.1", piece.number, now=NOW)
    with db.read() as session:
        item = get_plan(session, mia, 1, now=NOW).items[0]
    assert item.outcomes[0].text == "projected 10k views · actual 5k, -50 %"
    with db.unit_of_work() as session:
        perf = session.query(ContentPerformance).filter_by(content_id=piece.id).one()
        perf.views = 12_500
    with db.read() as session:
        item = get_plan(session, mia, 1, now=NOW).items[0]
    assert item.outcomes[0].text == "projected 10k views · actual 12.5k, +25 %"


def test_without_linked_pieces_typed_actuals_are_shown(db: Database) -> None:
    mia = new_creator(db)
    with db.unit_of_work() as session:
        create_plan(
            session,
            mia,
            name="p",
            goal="g",
            projected_outcome={"views": 8000, "followers": 100},
            now=NOW,
        )
        view = update_plan(session, mia, 1, actual_outcome={"followers": 150}, now=NOW)
    by_metric = {c.metric: c for c in view.outcomes}
    assert by_metric["views"].actual is None
    assert by_metric["views"].text == "projected 8k views · actual not yet known"
    assert by_metric["followers"].text == "projected 100 followers · actual 150, +50 %"


def test_measured_values_win_over_typed_ones(db: Database) -> None:
    mia = new_creator(db)
    with db.unit_of_work() as session:
        create_plan(session, mia, name="p", goal="g", items=[ItemSpec("x")], now=NOW)
        update_plan(session, mia, 1, actual_outcome={"views": 1, "followers": 7}, now=NOW)
        link_item(session, mia, "1.1", add_piece(session, mia, views=9_000).number, now=NOW)
        view = get_plan(session, mia, 1, now=NOW)
    assert view.actual_outcome["views"] == 9_000 and view.actual_outcome["followers"] == 7


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (950, "950"),
        (20_000, "20k"),
        (26_400, "26.4k"),
        (475_847, "476k"),
        (1_250_000, "1.25M"),
        (12.5, "12.5"),
        (100_000, "100k"),
        (240_000, "240k"),
        (1_000_000, "1M"),
        (120_000_000, "120M"),
        (999_999, "1M"),
        (999_400, "999k"),
        (999.7, "1k"),
        (-240_000, "-240k"),
    ],
)
def test_compact_numbers(value: float, text: str) -> None:
    assert compact_number(value) == text


def test_compare_skips_text_targets_and_handles_zero() -> None:
    rows = compare(
        {"views": 0, "note": "viral", "retention_rate": 0.5}, {"views": 10, "retention_rate": 0.6}
    )
    assert [r.metric for r in rows] == ["views", "retention_rate"]
    assert rows[0].change_percent is None and rows[0].text == "projected 0 views · actual 10"
    assert rows[1].text == "projected 50 % retention · actual 60 %, +20 %"
