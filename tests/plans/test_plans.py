"""Plans: create, list by tab, show, update, delete — scoped to one creator, all or nothing."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from plans import (
    ItemSpec,
    Urgency,
    complete_item,
    create_plan,
    delete_plan,
    get_plan,
    list_plans,
    parse_item_spec,
    update_plan,
)
from storage import Database
from storage.errors import InvalidInput, NotFound
from storage.models import ActionItem, ActionPlan
from tests.plans.helpers import NOW, add_piece, new_creator

BERLIN = ZoneInfo("Europe/Berlin")


def items(*lines: str) -> list[ItemSpec]:
    return [parse_item_spec(line, BERLIN, now=NOW) for line in lines]


def count(db: Database, model: type[ActionPlan] | type[ActionItem]) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_create_and_get_a_plan(db: Database) -> None:
    mia = new_creator(db)
    with db.unit_of_work() as session:
        created = create_plan(
            session,
            mia,
            name="  More tutorials ",
            goal="Grow watch time",
            items=items("Script|2026-11-26|2h", "Film|2026-11-27T14:00|90m", "Edit"),
            timeline="two weeks",
            projected_outcome={"views": 20_000},
            now=NOW,
        )
    assert (created.number, created.name, created.status) == (1, "More tutorials", "active")
    assert [i.ref for i in created.items] == ["1.1", "1.2", "1.3"]
    assert created.progress_percentage == 0 and created.total_items == 3
    with db.read() as session:
        shown = get_plan(session, mia, 1, now=NOW)
    assert shown.items[1].due_label == "Fri 27 Nov 2026 14:00"
    assert shown.items[1].estimated_hours == 1.5
    assert shown.items[0].due_date is not None and shown.items[0].due_date.tzinfo is not None
    assert shown.created_at.utcoffset() == timedelta(hours=1)  # shown in Berlin time
    assert shown.timeline == "two weeks" and shown.projected_outcome == {"views": 20_000}


def test_plan_numbers_are_per_creator_and_never_reused(db: Database) -> None:
    mia, bo = new_creator(db, "mia"), new_creator(db, "bo")
    with db.unit_of_work() as session:
        numbers = [create_plan(session, mia, name=f"p{n}", goal="g", now=NOW).number for n in "ab"]
        first_of_bo = create_plan(session, bo, name="b", goal="g", now=NOW).number
        delete_plan(session, mia, 2, now=NOW)
        third = create_plan(session, mia, name="c", goal="g", now=NOW).number
    assert numbers == [1, 2] and first_of_bo == 1 and third == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "  "}, "plan name is empty"),
        ({"goal": ""}, "plan goal is empty"),
        ({"items": [ItemSpec("ok"), ItemSpec("bad", estimated_hours=0)]}, "positive"),
        ({"items": [ItemSpec("  ")]}, "item title is empty"),
        ({"projected_outcome": {"views": [1]}}, "number or text"),
    ],
)
def test_bad_input_writes_nothing(db: Database, kwargs: dict[str, object], message: str) -> None:
    mia = new_creator(db)
    args: dict[str, object] = {"name": "Plan", "goal": "Goal", **kwargs}
    with pytest.raises(InvalidInput, match=message), db.unit_of_work() as session:
        create_plan(session, mia, now=NOW, **args)  # type: ignore[arg-type]
    assert count(db, ActionPlan) == 0 and count(db, ActionItem) == 0


def test_list_by_status_tab(db: Database) -> None:
    mia = new_creator(db)
    with db.unit_of_work() as session:
        for name in ("one", "two", "three"):
            create_plan(session, mia, name=name, goal="g", items=items("x"), now=NOW)
        update_plan(session, mia, 2, status="completed", now=NOW)
        update_plan(session, mia, 3, status="archived", now=NOW)
    with db.read() as session:
        tabs = {
            s: [p.number for p in list_plans(session, mia, status=s, now=NOW)]
            for s in ("active", "completed", "archived", "all")
        }
        with pytest.raises(InvalidInput, match="unknown plan status 'done'"):
            list_plans(session, mia, status="done", now=NOW)
    assert tabs == {"active": [1], "completed": [2], "archived": [3], "all": [3, 2, 1]}


def test_update_plan_fields_and_status(db: Database) -> None:
    mia = new_creator(db)
    later = NOW + timedelta(days=2)
    with db.unit_of_work() as session:
        create_plan(session, mia, name="old", goal="g", notes="n", now=NOW)
        view = update_plan(
            session,
            mia,
            1,
            name="new",
            goal="g2",
            notes="",
            status="completed",
            projected_outcome={"views": 5000},
            actual_outcome={"followers_gained": 40},
            now=later,
        )
    assert (view.name, view.goal, view.notes, view.status) == ("new", "g2", None, "completed")
    assert view.completed_at == later and view.updated_at == later
    assert view.actual_outcome == {"followers_gained": 40}
    with db.unit_of_work() as session:
        reopened = update_plan(session, mia, 1, status="active", now=later)
    assert reopened.completed_at is None and reopened.status == "active"


def test_update_rejects_bad_values_and_changes_nothing(db: Database) -> None:
    mia = new_creator(db)
    with db.unit_of_work() as session:
        create_plan(session, mia, name="keep", goal="g", now=NOW)
    for kwargs, message in (({"status": "done"}, "unknown plan status"), ({"name": ""}, "empty")):
        with pytest.raises(InvalidInput, match=message), db.unit_of_work() as session:
            update_plan(session, mia, 1, now=NOW, **kwargs)  # type: ignore[arg-type]
    with db.read() as session:
        assert get_plan(session, mia, 1, now=NOW).name == "keep"


def test_delete_removes_the_plan_and_its_items(db: Database) -> None:
    mia = new_creator(db)
    with db.unit_of_work() as session:
        create_plan(session, mia, name="a", goal="g", items=items("x", "y"), now=NOW)
        create_plan(session, mia, name="b", goal="g", items=items("z"), now=NOW)
        gone = delete_plan(session, mia, 1, now=NOW)
    assert (gone.number, gone.name, gone.total_items) == (1, "a", 2)
    assert count(db, ActionPlan) == 1 and count(db, ActionItem) == 1


def test_another_creators_plan_is_not_found_and_untouched(db: Database) -> None:
    mia, bo = new_creator(db, "mia"), new_creator(db, "bo")
    with db.unit_of_work() as session:
        create_plan(session, mia, name="mine", goal="g", items=items("x"), now=NOW)
    for call in (
        lambda s: get_plan(s, bo, 1, now=NOW),
        lambda s: update_plan(s, bo, 1, name="stolen", now=NOW),
        lambda s: delete_plan(s, bo, 1, now=NOW),
    ):
        with pytest.raises(NotFound, match="plan 1 not found"), db.unit_of_work() as session:
            call(session)
    with db.read() as session:
        assert list_plans(session, bo, status="all", now=NOW) == []
        assert get_plan(session, mia, 1, now=NOW).name == "mine"
    assert count(db, ActionItem) == 1


def test_source_piece_must_be_the_creators_own(db: Database) -> None:
    mia, bo = new_creator(db, "mia"), new_creator(db, "bo")
    with db.unit_of_work() as session:
        theirs = add_piece(session, bo).id
        mine = add_piece(session, mia)
    with pytest.raises(NotFound, match="source piece"), db.unit_of_work() as session:
        create_plan(session, mia, name="x", goal="g", source_content_id=theirs, now=NOW)
    with db.unit_of_work() as session:
        view = create_plan(session, mia, name="x", goal="g", source_content_id=mine.id, now=NOW)
    assert view.source_content_number == mine.number
    assert count(db, ActionPlan) == 1


def test_list_cards_agree_with_the_full_plan_views(db: Database) -> None:
    mia = new_creator(db)
    with db.unit_of_work() as session:
        create_plan(session, mia, name="empty", goal="g", now=NOW)
        create_plan(
            session,
            mia,
            name="mixed",
            goal="g",
            items=items("a|2026-11-30", "b|2026-11-25T18:00", "c", "d|2026-11-20"),
            now=NOW,
        )
        create_plan(
            session, mia, name="tie", goal="g", items=items("x|2026-11-27", "y|2026-11-27"), now=NOW
        )
        create_plan(session, mia, name="done", goal="g", items=items("z"), now=NOW)
        complete_item(session, mia, "2.4", now=NOW)
        complete_item(session, mia, "4.1", now=NOW)
    with db.read() as session:
        cards = list_plans(session, mia, status="all", now=NOW)
        full = [get_plan(session, mia, card.number, now=NOW).summary() for card in cards]
    assert cards == full
    by_name = {c.name: c for c in cards}
    assert (by_name["mixed"].next_due_ref, by_name["mixed"].urgency) == ("2.2", Urgency.DUE_TODAY)
    assert by_name["tie"].next_due_ref == "3.1"
    assert by_name["done"].ready_to_complete and by_name["done"].urgency is None
    assert by_name["empty"].urgency is None and not by_name["empty"].ready_to_complete
