"""Items: add, edit, reorder, remove, complete, uncomplete, link — progress always recounted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from plans import (
    ItemEdit,
    ItemSpec,
    Urgency,
    add_item,
    complete_item,
    create_plan,
    edit_item,
    get_plan,
    link_item,
    parse_item_spec,
    remove_item,
    reorder_items,
    uncomplete_item,
)
from storage import Database
from storage.errors import InvalidInput, NotFound
from storage.models import ActionItem
from tests.plans.helpers import NOW, add_piece, new_creator

BERLIN = ZoneInfo("Europe/Berlin")


def make_plan(db: Database, creator: object, *lines: str) -> int:
    with db.unit_of_work() as session:
        specs = [parse_item_spec(line, BERLIN, now=NOW) for line in lines]
        return create_plan(session, creator, name="P", goal="G", items=specs, now=NOW).number  # type: ignore[arg-type]


def test_complete_and_uncomplete_recount_progress(db: Database) -> None:
    mia = new_creator(db)
    number = make_plan(db, mia, "a", "b", "c")
    later = NOW + timedelta(hours=3)
    with db.unit_of_work() as session:
        first = complete_item(session, mia, f"{number}.1", now=later)
    assert first.changed and first.plan.progress_percentage == 33
    assert first.item.is_completed and first.item.completed_at == later
    assert first.item.urgency is None
    assert first.message == "Done: 1.1 a. Plan 1: 1/3 done (33 %)."
    with db.unit_of_work() as session:
        complete_item(session, mia, "1.2", now=later)
        undone = uncomplete_item(session, mia, "1.1", now=later)
    assert undone.changed and undone.plan.progress_percentage == 33
    assert not undone.item.is_completed and undone.item.completed_at is None
    with db.read() as session:
        view = get_plan(session, mia, 1, now=later)
    assert [i.is_completed for i in view.items] == [False, True, False]
    assert (view.completed_items, view.total_items, view.progress_percentage) == (1, 3, 33)


def test_completing_a_done_item_is_a_no_op_that_says_so(db: Database) -> None:
    mia = new_creator(db)
    make_plan(db, mia, "a", "b")
    first_time = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
    with db.unit_of_work() as session:
        complete_item(session, mia, "1.1", now=first_time)
    with db.unit_of_work() as session:
        again = complete_item(session, mia, "1.1", now=first_time + timedelta(days=1))
        open_again = uncomplete_item(session, mia, "1.2", now=first_time)
    assert not again.changed
    assert again.message == "1.1 was already done on Wed 25 Nov 2026 14:00. Nothing changed."
    assert again.item.completed_at == first_time  # the first completion time is kept
    assert not open_again.changed and "1.2 is not done yet" in open_again.message
    with db.read() as session:
        assert get_plan(session, mia, 1, now=NOW).progress_percentage == 50


def test_all_done_offers_completion_but_does_not_close_the_plan(db: Database) -> None:
    mia = new_creator(db)
    make_plan(db, mia, "a", "b")
    with db.unit_of_work() as session:
        complete_item(session, mia, "1.1", now=NOW)
        last = complete_item(session, mia, "1.2", now=NOW)
    assert last.plan.ready_to_complete and last.plan.status == "active"
    assert "Mark the plan complete?" in last.message
    with db.read() as session:
        view = get_plan(session, mia, 1, now=NOW)
    assert view.status == "active" and view.completed_at is None
    assert view.completion_prompt == "All 2 items of plan 1 are done. Mark the plan complete?"


def test_add_item_at_end_and_at_a_position(db: Database) -> None:
    mia = new_creator(db)
    make_plan(db, mia, "a", "b")
    with db.unit_of_work() as session:
        complete_item(session, mia, "1.1", now=NOW)
        complete_item(session, mia, "1.2", now=NOW)
        added = add_item(session, mia, 1, ItemSpec("c", estimated_hours=2), now=NOW)
        front = add_item(session, mia, 1, ItemSpec("first"), position=1, now=NOW)
    assert added.item.ref == "1.3" and added.plan.progress_percentage == 67
    assert not added.plan.ready_to_complete
    assert front.item.ref == "1.4" and front.plan.progress_percentage == 50
    with db.read() as session:
        titles = [i.title for i in get_plan(session, mia, 1, now=NOW).items]
    assert titles == ["first", "a", "b", "c"]


def test_bad_items_are_refused_and_nothing_changes(db: Database) -> None:
    mia = new_creator(db)
    make_plan(db, mia, "a")
    for spec, message in (
        (ItemSpec(""), "item title is empty"),
        (ItemSpec("x", estimated_hours=-1), "positive"),
        (ItemSpec("x", due_date=datetime(2026, 12, 1)), "timezone"),
    ):
        with pytest.raises(InvalidInput, match=message), db.unit_of_work() as session:
            add_item(session, mia, 1, spec, now=NOW)
    with pytest.raises(InvalidInput, match="positions start at 1"), db.unit_of_work() as session:
        add_item(session, mia, 1, ItemSpec("x"), position=0, now=NOW)
    with db.read() as session:
        assert get_plan(session, mia, 1, now=NOW).total_items == 1


def test_edit_item(db: Database) -> None:
    mia = new_creator(db)
    make_plan(db, mia, "a|2026-11-30|2h")
    due = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    with db.unit_of_work() as session:
        changed = edit_item(
            session,
            mia,
            "1.1",
            ItemEdit(title="b", due_date=due, due_time_known=True, estimated_hours=0.5),
            now=NOW,
        )
    assert (changed.item.title, changed.item.estimated_hours) == ("b", 0.5)
    assert changed.item.due_label == "Thu 26 Nov 2026 10:00"
    assert changed.item.urgency is Urgency.DUE_SOON
    with db.unit_of_work() as session:
        cleared = edit_item(
            session, mia, "1.1", ItemEdit(clear_due=True, clear_hours=True), now=NOW
        )
    assert cleared.item.due_date is None and cleared.item.estimated_hours is None
    assert cleared.item.urgency is Urgency.NO_DATE
    for edit, message in (
        (ItemEdit(), "nothing to change"),
        (ItemEdit(estimated_hours=0), "positive"),
    ):
        with pytest.raises(InvalidInput, match=message), db.unit_of_work() as session:
            edit_item(session, mia, "1.1", edit, now=NOW)


def _changed_at(db: Database) -> dict[int, datetime]:
    with db.read() as session:
        rows = session.execute(select(ActionItem.number, ActionItem.updated_at))
        return {number: at for number, at in rows}


def test_moving_items_stamps_the_moved_ones_with_the_given_instant(db: Database) -> None:
    mia = new_creator(db)
    make_plan(db, mia, "a", "b", "c", "d")
    reordered, inserted = NOW - timedelta(days=400), NOW - timedelta(days=300)
    with db.unit_of_work() as session:
        reorder_items(session, mia, 1, [2, 1], now=reordered)
    assert _changed_at(db) == {1: reordered, 2: reordered, 3: NOW, 4: NOW}
    with db.unit_of_work() as session:
        add_item(session, mia, 1, ItemSpec("e"), position=4, now=inserted)
    assert _changed_at(db) == {1: reordered, 2: reordered, 3: NOW, 4: inserted, 5: inserted}


def test_reorder_and_remove(db: Database) -> None:
    mia = new_creator(db)
    make_plan(db, mia, "a", "b", "c", "d")
    with db.unit_of_work() as session:
        view = reorder_items(session, mia, 1, [3, 1], now=NOW)
    assert [i.ref for i in view.items] == ["1.3", "1.1", "1.2", "1.4"]
    for order, error, message in (
        ([1, 1], InvalidInput, "listed twice"),
        ([9], NotFound, r"item 1\.9 not found"),
    ):
        with pytest.raises(error, match=message), db.unit_of_work() as session:
            reorder_items(session, mia, 1, order, now=NOW)
    with db.unit_of_work() as session:
        complete_item(session, mia, "1.4", now=NOW)
        removed = remove_item(session, mia, "1.2", now=NOW)
        added = add_item(session, mia, 1, ItemSpec("e"), now=NOW)
    assert removed.item.title == "b" and removed.plan.progress_percentage == 33
    assert added.item.ref == "1.5"  # numbers are never reused
    with db.read() as session:
        assert [i.ref for i in get_plan(session, mia, 1, now=NOW).items] == [
            "1.3",
            "1.1",
            "1.4",
            "1.5",
        ]


def test_link_item_to_a_piece(db: Database) -> None:
    mia = new_creator(db)
    make_plan(db, mia, "film")
    with db.unit_of_work() as session:
        piece = add_piece(session, mia, title="New tutorial", views=26_000)
        linked = link_item(session, mia, "1.1", piece.number, now=NOW)
    assert linked.item.linked_content_number == piece.number
    assert linked.item.linked_content_title == "New tutorial"
    assert linked.item.actual_outcome["views"] == 26_000
    assert "Linked 1.1 to piece 1 (New tutorial)" in linked.message
    with pytest.raises(NotFound, match="piece 99 not found"), db.unit_of_work() as session:
        link_item(session, mia, "1.1", 99, now=NOW)


def test_other_creators_items_are_not_found_and_unchanged(db: Database) -> None:
    mia, bo = new_creator(db, "mia"), new_creator(db, "bo")
    make_plan(db, mia, "a", "b")
    with db.unit_of_work() as session:
        bos_piece = add_piece(session, bo).number
        mias_piece = add_piece(session, mia).number
    calls: list[Callable[[Session], object]] = [
        lambda s: complete_item(s, bo, "1.1", now=NOW),
        lambda s: uncomplete_item(s, bo, "1.1", now=NOW),
        lambda s: edit_item(s, bo, "1.1", ItemEdit(title="x"), now=NOW),
        lambda s: remove_item(s, bo, "1.1", now=NOW),
        lambda s: add_item(s, bo, 1, ItemSpec("x"), now=NOW),
        lambda s: reorder_items(s, bo, 1, [2, 1], now=NOW),
        lambda s: link_item(s, bo, "1.1", bos_piece, now=NOW),
    ]
    for call in calls:
        with pytest.raises(NotFound, match="plan 1 not found"), db.unit_of_work() as session:
            call(session)
    # Mia cannot link her item to Bo's piece either, even though piece numbers overlap.
    assert bos_piece == mias_piece == 1
    with db.unit_of_work() as session:
        link_item(session, mia, "1.1", mias_piece, now=NOW)
    with db.read() as session:
        view = get_plan(session, mia, 1, now=NOW)
    assert [(i.title, i.is_completed) for i in view.items] == [("a", False), ("b", False)]
    assert view.items[0].linked_content_number == 1 and view.items[0].actual_outcome["views"]
    with pytest.raises(NotFound, match=r"item 1\.7 not found"), db.unit_of_work() as session:
        complete_item(session, mia, "1.7", now=NOW)


def test_a_due_date_without_time_counts_by_its_local_day(db: Database) -> None:
    mia = new_creator(db)
    make_plan(db, mia, "a")
    # 23:30 UTC on 30 Nov is already 1 December in Berlin.
    evening = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    with db.unit_of_work() as session:
        added = add_item(session, mia, 1, ItemSpec("b", due_date=evening), now=NOW)
        edited = edit_item(session, mia, "1.1", ItemEdit(due_date=evening), now=NOW)
    for change in (added, edited):
        assert change.item.due_date == datetime(2026, 12, 1, 22, 59, 59, tzinfo=UTC)
        assert not change.item.due_time_known and change.item.due_label == "Tue 1 Dec 2026"
